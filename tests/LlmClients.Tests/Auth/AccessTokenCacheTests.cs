using LlmClients.Auth;
using LlmClients.Tests.TestSupport;
using Microsoft.Extensions.Time.Testing;

namespace LlmClients.Tests.Auth;

public sealed class AccessTokenCacheTests
{
    private readonly FakeTimeProvider _time = new();
    private int _issued;

    [Fact]
    public async Task GetTokenAsync_200ConcurrentCallersOnColdCache_AcquiresOnce()
    {
        var gate = new TaskCompletionSource<AccessToken>(TaskCreationOptions.RunContinuationsAsynchronously);
        var calls = 0;
        var cache = new AccessTokenCache(_ => { Interlocked.Increment(ref calls); return gate.Task; }, _time, TimeSpan.FromMinutes(5));
        var entered = 0;
        var allEntered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var callers = Enumerable.Range(0, 200).Select(_ => Task.Run(async () =>
        {
            var pending = cache.GetTokenAsync();
            if (Interlocked.Increment(ref entered) == 200)
            {
                allEntered.SetResult();
            }

            return await pending;
        })).ToArray();
        await allEntered.Task.WaitAsync(TimeDriver.HangGuard);
        Assert.DoesNotContain(callers, c => c.IsCompleted);
        gate.SetResult(new AccessToken("t1", _time.GetUtcNow().AddHours(1)));
        var tokens = await Task.WhenAll(callers).WaitAsync(TimeDriver.HangGuard);

        Assert.All(tokens, t => Assert.Equal("t1", t));
        Assert.Equal(1, calls);
    }

    [Fact]
    public async Task GetTokenAsync_NearExpiry_RefreshesEarly()
    {
        var cache = new AccessTokenCache(_ => Task.FromResult(Issue(TimeSpan.FromHours(1))), _time, TimeSpan.FromMinutes(5));

        Assert.Equal("t1", await cache.GetTokenAsync());
        _time.Advance(TimeSpan.FromMinutes(55) - TimeSpan.FromTicks(1));
        Assert.Equal("t1", await cache.GetTokenAsync());
        _time.Advance(TimeSpan.FromTicks(1));
        Assert.Equal("t2", await cache.GetTokenAsync());
        Assert.Equal("t2", await cache.GetTokenAsync());

        Assert.Equal(2, _issued);
    }

    [Fact]
    public async Task GetTokenAsync_ShortLivedToken_RefreshesAtHalfLifeRatherThanEveryCall()
    {
        var cache = new AccessTokenCache(_ => Task.FromResult(Issue(TimeSpan.FromMinutes(2))), _time, TimeSpan.FromMinutes(5));

        Assert.Equal("t1", await cache.GetTokenAsync());
        Assert.Equal("t1", await cache.GetTokenAsync());
        _time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal("t2", await cache.GetTokenAsync());
    }

    [Fact]
    public async Task Invalidate_ManyRejectionsOfSameToken_ReacquiresExactlyOnce()
    {
        var cache = new AccessTokenCache(_ => Task.FromResult(Issue(TimeSpan.FromHours(1))), _time, TimeSpan.FromMinutes(5));
        var rejected = await cache.GetTokenAsync();

        var refreshed = new List<string>();
        for (var i = 0; i < 200; i++)
        {
            // Each caller got "token expired" for the token it sent, invalidates it and asks again.
            cache.Invalidate(rejected);
            refreshed.Add(await cache.GetTokenAsync());
        }

        Assert.All(refreshed, t => Assert.Equal("t2", t));
        Assert.Equal(2, _issued);
    }

    [Fact]
    public async Task GetTokenAsync_AcquireFails_FailsWaitersAndNextCallRetries()
    {
        var gate = new TaskCompletionSource<AccessToken>(TaskCreationOptions.RunContinuationsAsynchronously);
        var attempt = 0;
        var cache = new AccessTokenCache(
            _ => Interlocked.Increment(ref attempt) == 1 ? gate.Task : Task.FromResult(Issue(TimeSpan.FromHours(1))),
            _time,
            TimeSpan.FromMinutes(5));

        var first = cache.GetTokenAsync().AsTask();
        var second = cache.GetTokenAsync().AsTask();
        gate.SetException(new InvalidOperationException("token endpoint down"));

        await Assert.ThrowsAsync<InvalidOperationException>(() => first.WaitAsync(TimeDriver.HangGuard));
        await Assert.ThrowsAsync<InvalidOperationException>(() => second.WaitAsync(TimeDriver.HangGuard));
        Assert.Equal("t1", await cache.GetTokenAsync().AsTask().Guarded());
        Assert.Equal(2, attempt);
    }

    [Fact]
    public async Task GetTokenAsync_OneWaiterCancelled_OthersStillGetTheToken()
    {
        var gate = new TaskCompletionSource<AccessToken>(TaskCreationOptions.RunContinuationsAsynchronously);
        CancellationToken acquireToken = default;
        var acquisitions = 0;
        var cache = new AccessTokenCache(ct => { acquisitions++; acquireToken = ct; return gate.Task; }, _time, TimeSpan.FromMinutes(5));
        using var cts = new CancellationTokenSource();

        var cancelled = cache.GetTokenAsync(cts.Token).AsTask();
        var patient = cache.GetTokenAsync().AsTask();
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled.WaitAsync(TimeDriver.HangGuard));
        Assert.False(patient.IsCompleted);
        gate.SetResult(new AccessToken("t1", _time.GetUtcNow().AddHours(1)));

        Assert.Equal("t1", await patient.Guarded());
        Assert.False(acquireToken.CanBeCanceled);
        Assert.Equal(1, acquisitions);
    }

    private AccessToken Issue(TimeSpan lifetime)
        => new("t" + Interlocked.Increment(ref _issued), _time.GetUtcNow() + lifetime);
}
