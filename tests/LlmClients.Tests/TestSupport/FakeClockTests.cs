namespace LlmClients.Tests.TestSupport;

/// <summary>The timer watching FakeClock adds to the package's FakeTimeProvider (the clock itself is the package's).</summary>
public sealed class FakeClockTests
{
    private readonly FakeClock _time = new();

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

    [Fact]
    public async Task Advance_TaskDelayOnClock_DisarmsTheTimerOnceItFires()
    {
        var delay = Task.Delay(TimeSpan.FromSeconds(10), _time);
        await _time.WaitForTimersAsync(1).WaitAsync(TimeDriver.HangGuard);
        Assert.Equal(TimeSpan.FromSeconds(10), _time.NextTimerDueIn);

        _time.Advance(TimeSpan.FromSeconds(10) - TimeSpan.FromTicks(1));
        Assert.False(delay.IsCompleted);
        _time.Advance(TimeSpan.FromTicks(1));

        await delay.WaitAsync(TimeDriver.HangGuard);
        Assert.Equal(0, _time.PendingTimerCount);
        Assert.Null(_time.NextTimerDueIn);
    }

    [Fact]
    public void Advance_PeriodicTimer_StaysArmedOnePeriodAheadUntilDisposed()
    {
        var fired = 0;
        var timer = _time.CreateTimer(_ => fired++, null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2));

        _time.Advance(TimeSpan.FromSeconds(6));
        Assert.Equal(3, fired);
        Assert.Equal(TimeSpan.FromSeconds(1), _time.NextTimerDueIn);

        Assert.True(timer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan));
        Assert.Equal(0, _time.PendingTimerCount);
        timer.Change(TimeSpan.FromSeconds(1), Timeout.InfiniteTimeSpan);
        timer.Dispose();
        _time.Advance(TimeSpan.FromMinutes(1));

        Assert.Equal(3, fired);
        Assert.Equal(0, _time.PendingTimerCount);
    }
}
