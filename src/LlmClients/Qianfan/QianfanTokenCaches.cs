using System.Collections.Concurrent;
using LlmClients.Auth;

namespace LlmClients.Qianfan;

/// <summary>
/// One <see cref="AccessTokenCache"/> per (OAuth URL, AK, SK), shared by every Qianfan instance of a service provider,
/// so two instances with the same credentials make one exchange.
/// </summary>
internal sealed class QianfanTokenCaches
{
    private readonly ConcurrentDictionary<CacheKey, Lazy<AccessTokenCache>> _caches = new();

    /// <summary>Gets the cache for the credentials, creating it on first use.</summary>
    /// <param name="oauthBaseUrl">The OAuth base URL.</param>
    /// <param name="apiKey">The AK.</param>
    /// <param name="secretKey">The SK.</param>
    /// <param name="create">Creates the cache.</param>
    /// <returns>The cache.</returns>
    public AccessTokenCache Get(Uri oauthBaseUrl, string apiKey, string secretKey, Func<AccessTokenCache> create)
        => _caches.GetOrAdd(new CacheKey(oauthBaseUrl.AbsoluteUri, apiKey, secretKey), _ => new Lazy<AccessTokenCache>(create)).Value;

    // Holds secrets: never printed.
    private sealed record CacheKey(string OAuthBaseUrl, string ApiKey, string SecretKey)
    {
        public override string ToString() => nameof(CacheKey);
    }
}
