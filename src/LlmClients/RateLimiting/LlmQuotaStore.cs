namespace LlmClients.RateLimiting;

/// <summary>
/// Where the per-minute limits of <see cref="LlmRateLimitOptions"/> keep their count: a sliding-window log of charges per
/// quota key. The default is <see cref="InProcessQuotaStore"/> (one process); the LlmClients.Redis package registers one
/// shared by a fleet. Implementations must be thread-safe and make <see cref="TryTakeAsync"/> atomic per key.
/// </summary>
public abstract class LlmQuotaStore
{
    /// <summary>Takes <paramref name="amount"/> from quota <paramref name="key"/> when the window has room for it.</summary>
    /// <param name="key">The quota key (instance, model and kind; no secrets).</param>
    /// <param name="amount">The amount to charge (at least 1, at most <paramref name="limit"/>).</param>
    /// <param name="limit">The most that charges within <paramref name="window"/> may add up to.</param>
    /// <param name="window">The window length (60 seconds for per-minute limits).</param>
    /// <param name="now">The current time of the caller's <see cref="TimeProvider"/>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The grant with the charge's id, or a denial saying when to try again.</returns>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public abstract ValueTask<LlmQuotaGrant> TryTakeAsync(string key, long amount, long limit, TimeSpan window, DateTimeOffset now, CancellationToken cancellationToken = default);

    /// <summary>Corrects a charge still in the window by <paramref name="delta"/> (the amount never drops below 0); a charge already gone is ignored.</summary>
    /// <param name="key">The quota key.</param>
    /// <param name="chargeId">The id from the grant.</param>
    /// <param name="delta">The correction (positive when the vendor reported more than estimated).</param>
    /// <param name="window">The window length.</param>
    /// <param name="now">The current time.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the charge is corrected.</returns>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public abstract ValueTask AdjustAsync(string key, string chargeId, long delta, TimeSpan window, DateTimeOffset now, CancellationToken cancellationToken = default);
}
