using System.Collections.Concurrent;
using System.Runtime.CompilerServices;

namespace LlmClients.Http;

/// <summary>Helpers for the base URLs every vendor resolves relative paths against.</summary>
internal static class BaseUrls
{
    /// <summary>
    /// Returns the URL with its path ending in a slash, so <see cref="Combine"/> appends to the last segment instead of
    /// replacing it (<c>https://host/v1</c> + <c>chat/completions</c> would otherwise be <c>https://host/chat/completions</c>).
    /// A query (<c>.../v1/?api-version=2024</c>, Azure-style gateways) is kept as it is.
    /// </summary>
    /// <param name="uri">An absolute URL.</param>
    /// <returns>The same URL when its path already ends with a slash, else the URL with one appended to the path.</returns>
    public static Uri WithTrailingSlash(Uri uri)
        => uri.AbsolutePath.EndsWith('/') ? uri : new UriBuilder(uri) { Path = uri.AbsolutePath + "/" }.Uri;

    /// <summary>
    /// Resolves a relative path (optionally with its own query) under a base URL, keeping the base URL's query on the
    /// result: <c>https://gw/v1/?api-version=2024</c> + <c>chat/completions</c> is <c>https://gw/v1/chat/completions?api-version=2024</c>.
    /// </summary>
    /// <param name="baseUrl">The absolute base URL, its path ending with a slash.</param>
    /// <param name="path">The relative path, for example <c>chat/completions</c> or <c>oauth/2.0/token?grant_type=...</c>.</param>
    /// <returns>The absolute URL.</returns>
    /// <remarks>
    /// Results for paths without a query are kept per base URL instance (up to <see cref="MaxResolvedPerBase"/> paths, for as
    /// long as the base URL lives), so a call to a fixed path (<c>chat/completions</c>) does not parse a new <see cref="Uri"/>
    /// each time: a <see cref="Uri"/> is immutable and one instance serves any number of requests.
    /// </remarks>
    public static Uri Combine(Uri baseUrl, string path)
    {
        if (path.Contains('?'))
        {
            return Resolve(baseUrl, path); // Queries may carry credentials (a token exchange): never kept.
        }

        var known = Resolved.GetValue(baseUrl, static _ => new(StringComparer.Ordinal));
        if (known.TryGetValue(path, out var uri))
        {
            return uri;
        }

        uri = Resolve(baseUrl, path);
        if (known.Count < MaxResolvedPerBase)
        {
            known.TryAdd(path, uri);
        }

        return uri;
    }

    // Enough for every fixed path of a vendor; paths with ids (files/{id}) fill it at most once.
    private const int MaxResolvedPerBase = 32;

    private static readonly ConditionalWeakTable<Uri, ConcurrentDictionary<string, Uri>> Resolved = new();

    private static Uri Resolve(Uri baseUrl, string path)
    {
        if (string.IsNullOrEmpty(baseUrl.Query))
        {
            return new Uri(baseUrl, path);
        }

        var baseQuery = baseUrl.Query[1..];
        var resolved = new Uri(new UriBuilder(baseUrl) { Query = string.Empty }.Uri, path);
        var query = string.IsNullOrEmpty(resolved.Query) ? baseQuery : resolved.Query[1..] + "&" + baseQuery;
        return new UriBuilder(resolved) { Query = query }.Uri;
    }
}
