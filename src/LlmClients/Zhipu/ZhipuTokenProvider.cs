using LlmClients.Auth;

namespace LlmClients.Zhipu;

/// <summary>
/// Supplies the bearer value of one Zhipu instance: the raw key, or in JWT mode a cached JWT (one signing at a time,
/// replaced before it expires). One per instance, so the cache outlives the pooled HTTP handlers.
/// </summary>
internal sealed class ZhipuTokenProvider
{
    private static readonly TimeSpan RefreshBefore = TimeSpan.FromSeconds(30);
    private readonly string _apiKey;
    private readonly AccessTokenCache? _cache;

    /// <summary>Initializes the provider.</summary>
    /// <param name="apiKey">The key.</param>
    /// <param name="mode">The auth mode.</param>
    /// <param name="timeToLive">The JWT lifetime.</param>
    /// <param name="timeProvider">The clock.</param>
    /// <param name="store">A token store shared with other processes (one JWT per fleet and key), or null.</param>
    public ZhipuTokenProvider(string? apiKey, ZhipuAuthMode mode, TimeSpan timeToLive, TimeProvider timeProvider, LlmTokenStore? store = null)
    {
        _apiKey = apiKey ?? string.Empty;
        if (mode == ZhipuAuthMode.Jwt)
        {
            _cache = new AccessTokenCache(_ => Task.FromResult(ZhipuJwt.Create(_apiKey, timeProvider.GetUtcNow(), timeToLive)), timeProvider, RefreshBefore, store, TokenStoreKey.For("zhipu-jwt", _apiKey, timeToLive.ToString("c", System.Globalization.CultureInfo.InvariantCulture)));
        }
    }

    /// <summary>Returns the value to send after <c>Bearer </c>.</summary>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>The key or JWT.</returns>
    public ValueTask<string> GetTokenAsync(CancellationToken cancellationToken)
        => _cache is null ? ValueTask.FromResult(_apiKey) : _cache.GetTokenAsync(cancellationToken);
}
