namespace LlmClients.Auth;

/// <summary>
/// A request that must go out without credentials, such as the download of a signed result URL on another host
/// (object storage), which must never see the vendor key. The auth handlers leave such a request alone. A type of its own
/// rather than a request option: asking a plain request for an option would create its options dictionary on every call.
/// </summary>
/// <param name="method">The HTTP method.</param>
/// <param name="requestUri">The URL.</param>
internal sealed class AnonymousRequest(HttpMethod method, Uri requestUri) : HttpRequestMessage(method, requestUri)
{
    /// <summary>Says whether a request is anonymous.</summary>
    /// <param name="request">The request.</param>
    /// <returns>True when it must carry no credentials.</returns>
    public static bool Is(HttpRequestMessage request) => request is AnonymousRequest;
}
