namespace LlmClients.Tests.TestSupport;

public sealed class FakeTimeProviderTests
{
    private readonly FakeTimeProvider _time = new();

    [Fact]
    public async Task Advance_TaskDelayOnProvider_CompletesOnlyAtDueTime()
    {
        var delay = Task.Delay(TimeSpan.FromSeconds(10), _time);
        await _time.WaitForTimersAsync(1).WaitAsync(TimeDriver.HangGuard);

        _time.Advance(TimeSpan.FromSeconds(10) - TimeSpan.FromTicks(1));
        Assert.False(delay.IsCompleted);
        _time.Advance(TimeSpan.FromTicks(1));
        await delay.WaitAsync(TimeDriver.HangGuard);
    }

    [Fact]
    public void Advance_CancellationTokenSourceOnProvider_CancelsAtDueTime()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(1), _time);

        _time.Advance(TimeSpan.FromSeconds(59));
        Assert.False(cts.IsCancellationRequested);
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.True(cts.IsCancellationRequested);
    }

    [Fact]
    public void Advance_PeriodicTimer_FiresOncePerPeriodWithClockAtEachDueTime()
    {
        var fired = new List<DateTimeOffset>();
        var start = _time.GetUtcNow();
        using var timer = _time.CreateTimer(_ => fired.Add(_time.GetUtcNow()), null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2));

        _time.Advance(TimeSpan.FromSeconds(6));

        Assert.Equal([start.AddSeconds(1), start.AddSeconds(3), start.AddSeconds(5)], fired);
    }

    [Fact]
    public void Change_ToInfinite_DisarmsAndDisposeStopsTheTimer()
    {
        var fired = 0;
        var timer = _time.CreateTimer(_ => fired++, null, TimeSpan.FromSeconds(1), Timeout.InfiniteTimeSpan);
        Assert.Equal(1, _time.PendingTimerCount);

        Assert.True(timer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan));
        Assert.Equal(0, _time.PendingTimerCount);
        timer.Change(TimeSpan.FromSeconds(1), Timeout.InfiniteTimeSpan);
        timer.Dispose();
        _time.Advance(TimeSpan.FromMinutes(1));

        Assert.Equal(0, fired);
        Assert.False(timer.Change(TimeSpan.Zero, Timeout.InfiniteTimeSpan));
    }

    [Fact]
    public async Task WaitForTimersAsync_CompletesOnlyWhenEnoughTimersAreArmed()
    {
        var wait = _time.WaitForTimersAsync(2);
        using var first = _time.CreateTimer(_ => { }, null, TimeSpan.FromSeconds(1), Timeout.InfiniteTimeSpan);
        Assert.False(wait.IsCompleted);
        using var second = _time.CreateTimer(_ => { }, null, TimeSpan.FromSeconds(2), Timeout.InfiniteTimeSpan);

        await wait.WaitAsync(TimeDriver.HangGuard);
        Assert.Equal(TimeSpan.FromSeconds(1), _time.NextTimerDueIn);
    }
}
