namespace LlmClients.Auth;

/// <summary>
/// A cache of access tokens shared beyond one process (the Qianfan access token, the Zhipu JWT), so a fleet makes one
/// token exchange instead of one per process. The in-process cache stays in front: the store is asked only when this
/// process has no fresh token. None is registered by default (each process exchanges on its own); the LlmClients.Redis
/// package registers one. Keys are hashes of the credentials (never the credentials); values are secrets.
/// </summary>
public abstract class LlmTokenStore
{
    /// <summary>
    /// Returns the stored token when it is still valid after <paramref name="freshUntil"/>; otherwise runs
    /// <paramref name="acquire"/> once for everyone sharing the store (single flight), stores and returns its token.
    /// An implementation that cannot reach its backing store must fall back to <paramref name="acquire"/>, not throw.
    /// </summary>
    /// <param name="key">The hashed key naming the credentials.</param>
    /// <param name="freshUntil">The earliest acceptable expiry of a stored token.</param>
    /// <param name="acquire">Fetches a new token (a token exchange or a JWT signing).</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>The token.</returns>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public abstract ValueTask<LlmStoredToken> GetOrAcquireAsync(string key, DateTimeOffset freshUntil, Func<CancellationToken, Task<LlmStoredToken>> acquire, CancellationToken cancellationToken = default);

    /// <summary>Removes the stored token if it is still <paramref name="value"/> (the vendor rejected it). Never throws for an unreachable store.</summary>
    /// <param name="key">The hashed key.</param>
    /// <param name="value">The rejected token.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the token is removed.</returns>
    public abstract ValueTask InvalidateAsync(string key, string value, CancellationToken cancellationToken = default);
}
