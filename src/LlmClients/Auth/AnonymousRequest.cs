namespace LlmClients.Auth;

/// <summary>
/// Marks a request that must go out without credentials, such as the download of a signed result URL on another host
/// (object storage), which must never see the vendor key. The auth handlers leave such a request alone.
/// </summary>
internal static class AnonymousRequest
{
    private static readonly HttpRequestOptionsKey<bool> Key = new("LlmClients.Anonymous");

    /// <summary>Marks a request as anonymous.</summary>
    /// <param name="request">The request.</param>
    /// <returns>The same request.</returns>
    public static HttpRequestMessage Mark(HttpRequestMessage request)
    {
        request.Options.Set(Key, true);
        return request;
    }

    /// <summary>Says whether a request is anonymous.</summary>
    /// <param name="request">The request.</param>
    /// <returns>True when it must carry no credentials.</returns>
    public static bool Is(HttpRequestMessage request) => request.Options.TryGetValue(Key, out var anonymous) && anonymous;
}
