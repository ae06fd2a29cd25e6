namespace LlmClients.RateLimiting;

/// <summary>The answer of <see cref="LlmQuotaStore.TryTakeAsync"/>.</summary>
/// <param name="Granted">Whether the amount was charged.</param>
/// <param name="ChargeId">The charge's id when granted (for <see cref="LlmQuotaStore.AdjustAsync"/>), else null.</param>
/// <param name="RetryAfter">When denied, how long until the window has room for the amount; <see cref="TimeSpan.Zero"/> when granted.</param>
public readonly record struct LlmQuotaGrant(bool Granted, string? ChargeId, TimeSpan RetryAfter)
{
    /// <summary>Creates a grant.</summary>
    /// <param name="chargeId">The charge's id.</param>
    /// <returns>The grant.</returns>
    public static LlmQuotaGrant Grant(string chargeId) => new(true, chargeId, TimeSpan.Zero);

    /// <summary>Creates a denial.</summary>
    /// <param name="retryAfter">How long until the window has room (negative values become zero).</param>
    /// <returns>The denial.</returns>
    public static LlmQuotaGrant Deny(TimeSpan retryAfter) => new(false, null, retryAfter < TimeSpan.Zero ? TimeSpan.Zero : retryAfter);
}
