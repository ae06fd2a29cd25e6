using LlmClients.RateLimiting;
using LlmClients.Tests.TestSupport;

namespace LlmClients.Tests.RateLimiting;

/// <summary>A denied caller of a per-minute limit waits on the clock for the instant the store names, then tries again.</summary>
public sealed class QuotaRateLimiterTests
{
    private readonly FakeClock _clock = new();

    [Fact]
    public async Task AcquireAsync_ClockMovesWhileTheStoreAnswers_WaitsUntilTheNamedInstantNotAWholeWaitMore()
    {
        // A remote store answers after a round trip; here the window frees during it (the clock jumps past the wait).
        var store = new SlowHopStore(_clock, hop: QuotaRateLimiter.Window);
        using var limiter = new QuotaRateLimiter("k", 1, "Limits:RequestsPerMinute", "requests_per_minute", store, _clock, queueLimit: 10);
        using var first = await limiter.AcquireAsync(1, DateTimeOffset.MaxValue, CancellationToken.None);
        var started = _clock.GetUtcNow();

        var second = limiter.AcquireAsync(1, DateTimeOffset.MaxValue, CancellationToken.None).AsTask();

        // The denial said "in a minute" of the reading before the hop: that minute has passed, so no wait is left.
        using var lease = await second.WaitAsync(TimeDriver.HangGuard);
        Assert.True(lease.IsAcquired);
        Assert.Equal(started + QuotaRateLimiter.Window, _clock.GetUtcNow());
        Assert.Equal(0, _clock.PendingTimerCount);
    }

    [Fact]
    public async Task AcquireAsync_Denied_WaitsOnTheClockForTheWindowThenGetsThePermit()
    {
        var store = new SlowHopStore(_clock, hop: TimeSpan.Zero);
        using var limiter = new QuotaRateLimiter("k", 1, "Limits:RequestsPerMinute", "requests_per_minute", store, _clock, queueLimit: 10);
        using var first = await limiter.AcquireAsync(1, DateTimeOffset.MaxValue, CancellationToken.None);

        var second = limiter.AcquireAsync(1, DateTimeOffset.MaxValue, CancellationToken.None).AsTask();

        Assert.False(second.IsCompleted);
        Assert.Equal(QuotaRateLimiter.Window, _clock.NextTimerDueIn);
        _clock.Advance(QuotaRateLimiter.Window);
        using var lease = await second.WaitAsync(TimeDriver.HangGuard);
        Assert.True(lease.IsAcquired);
    }

    /// <summary>The in-process store, with a denial that arrives <paramref name="hop"/> later on the clock.</summary>
    private sealed class SlowHopStore(FakeClock clock, TimeSpan hop) : LlmQuotaStore
    {
        private readonly InProcessQuotaStore _inner = new();

        public override async ValueTask<LlmQuotaGrant> TryTakeAsync(string key, long amount, long limit, TimeSpan window, DateTimeOffset now, CancellationToken cancellationToken = default)
        {
            var grant = await _inner.TryTakeAsync(key, amount, limit, window, now, cancellationToken);
            if (!grant.Granted)
            {
                clock.Advance(hop);
            }

            return grant;
        }

        public override ValueTask AdjustAsync(string key, string chargeId, long delta, TimeSpan window, DateTimeOffset now, CancellationToken cancellationToken = default)
            => _inner.AdjustAsync(key, chargeId, delta, window, now, cancellationToken);
    }
}
