using System.Threading.RateLimiting;

namespace LlmClients.RateLimiting;

/// <summary>
/// A per-minute limit (requests or tokens) as a <see cref="RateLimiter"/> over an <see cref="LlmQuotaStore"/>: a permit is a
/// charge in the store's 60-second sliding window. A denied caller waits on the <see cref="TimeProvider"/> for the time the
/// store names (counted from the clock reading it was asked with) and tries again, while its wait stays within the caller's deadline and the queue has room.
/// </summary>
/// <param name="key">The quota key in the store.</param>
/// <param name="limit">The most permits per window.</param>
/// <param name="setting">The configuration key of the limit, for messages (<c>Limits:RequestsPerMinute</c>).</param>
/// <param name="kind">The telemetry name of the limit (<c>requests_per_minute</c>).</param>
/// <param name="store">The store.</param>
/// <param name="time">The clock.</param>
/// <param name="queueLimit">How many callers may wait at once.</param>
internal sealed class QuotaRateLimiter(string key, int limit, string setting, string kind, LlmQuotaStore store, TimeProvider time, int queueLimit) : RateLimiter
{
    /// <summary>The window of a per-minute limit.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    private int _waiting;

    /// <summary>Gets the quota key.</summary>
    public string Key { get; } = key;

    /// <summary>Gets the most permits per window.</summary>
    public int Limit { get; } = limit;

    /// <summary>Gets the configuration key of the limit.</summary>
    public string Setting { get; } = setting;

    /// <summary>Gets the telemetry name of the limit.</summary>
    public string Kind { get; } = kind;

    /// <inheritdoc />
    public override TimeSpan? IdleDuration => null;

    /// <summary>Acquires <paramref name="amount"/> permits, waiting until <paramref name="deadline"/> at the latest.</summary>
    /// <param name="amount">The amount (clamped to the limit: a charge larger than the window waits for an empty window).</param>
    /// <param name="deadline">The latest grant time.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>The lease: acquired with its charge id, or refused with <see cref="MetadataName.RetryAfter"/> and <see cref="MetadataName.ReasonPhrase"/>.</returns>
    public ValueTask<RateLimitLease> AcquireAsync(long amount, DateTimeOffset deadline, CancellationToken cancellationToken)
        => AcquireCoreAsync(Math.Clamp(amount, 1, Limit), deadline, cancellationToken);

    /// <summary>Corrects a charge by <paramref name="delta"/>.</summary>
    /// <param name="chargeId">The charge.</param>
    /// <param name="delta">The correction.</param>
    /// <returns>A task.</returns>
    public ValueTask AdjustAsync(string chargeId, long delta)
        => store.AdjustAsync(Key, chargeId, delta, Window, time.GetUtcNow(), CancellationToken.None);

    /// <inheritdoc />
    public override RateLimiterStatistics? GetStatistics() => new() { CurrentQueuedCount = Volatile.Read(ref _waiting) };

    /// <inheritdoc />
    /// <remarks>One attempt without waiting; blocks on the store when it is remote.</remarks>
    protected override RateLimitLease AttemptAcquireCore(int permitCount)
    {
        var grant = store.TryTakeAsync(Key, Math.Max(1, permitCount), Limit, Window, time.GetUtcNow()).AsTask().GetAwaiter().GetResult();
        return grant.Granted ? new QuotaLease(grant.ChargeId, null, null) : new QuotaLease(null, grant.RetryAfter, "the window is full");
    }

    /// <inheritdoc />
    protected override ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken)
        => AcquireCoreAsync(Math.Clamp(permitCount, 1, Limit), DateTimeOffset.MaxValue, cancellationToken);

    private async ValueTask<RateLimitLease> AcquireCoreAsync(long amount, DateTimeOffset deadline, CancellationToken cancellationToken)
    {
        var queued = false;
        try
        {
            while (true)
            {
                var now = time.GetUtcNow();
                var grant = await store.TryTakeAsync(Key, amount, Limit, Window, now, cancellationToken).ConfigureAwait(false);
                if (grant.Granted)
                {
                    return new QuotaLease(grant.ChargeId, null, null);
                }

                // Wait at least a millisecond, so a store answering "now" does not spin.
                var wait = grant.RetryAfter < TimeSpan.FromMilliseconds(1) ? TimeSpan.FromMilliseconds(1) : grant.RetryAfter;
                if (now + wait > deadline)
                {
                    return new QuotaLease(null, wait, "the wait would exceed Limits:MaxQueueWait");
                }

                if (!queued)
                {
                    if (Interlocked.Increment(ref _waiting) > queueLimit)
                    {
                        Interlocked.Decrement(ref _waiting);
                        return new QuotaLease(null, wait, "the queue is full (Limits:QueueLimit)");
                    }

                    queued = true;
                }

                // The store's wait counts from the reading taken before the call; a remote store (Redis) answers after a
                // round trip, and the clock moved on meanwhile. Sleep until that instant, not for the whole wait from now:
                // otherwise every denial through a slow hop oversleeps by the hop, and a hop that spans the moment the
                // window frees (a clock that jumps) oversleeps a whole window.
                var remaining = now + wait - time.GetUtcNow();
                if (remaining > TimeSpan.Zero)
                {
                    await Task.Delay(remaining, time, cancellationToken).ConfigureAwait(false);
                }
            }
        }
        finally
        {
            if (queued)
            {
                Interlocked.Decrement(ref _waiting);
            }
        }
    }

    /// <summary>A charge in the window (nothing to give back on dispose), or a refusal.</summary>
    internal sealed class QuotaLease(string? chargeId, TimeSpan? retryAfter, string? reason) : RateLimitLease
    {
        public string? ChargeId { get; } = chargeId;

        public override bool IsAcquired => ChargeId is not null;

        public override IEnumerable<string> MetadataNames
            => IsAcquired ? [] : [MetadataName.RetryAfter.Name, MetadataName.ReasonPhrase.Name];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            if (!IsAcquired && metadataName == MetadataName.RetryAfter.Name)
            {
                metadata = retryAfter;
                return true;
            }

            if (!IsAcquired && metadataName == MetadataName.ReasonPhrase.Name)
            {
                metadata = reason;
                return true;
            }

            metadata = null;
            return false;
        }
    }
}
