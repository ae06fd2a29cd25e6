namespace LlmClients.Http;

/// <summary>Helpers for the base URLs every vendor resolves relative paths against.</summary>
internal static class BaseUrls
{
    /// <summary>
    /// Returns the URL ending with a slash, so <c>new Uri(baseUrl, "chat/completions")</c> appends to the last segment
    /// instead of replacing it (<c>https://host/v1</c> + <c>chat/completions</c> would otherwise be <c>https://host/chat/completions</c>).
    /// </summary>
    /// <param name="uri">An absolute URL.</param>
    /// <returns>The same URL when it already ends with a slash, else the URL with one appended.</returns>
    public static Uri WithTrailingSlash(Uri uri) => uri.AbsoluteUri.EndsWith('/') ? uri : new Uri(uri.AbsoluteUri + "/");
}
