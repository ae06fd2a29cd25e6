namespace LlmClients.Tests.TestSupport;

/// <summary>
/// A manual clock for tests (Microsoft.Extensions.TimeProvider.Testing is not on our feed). Time moves only with
/// <see cref="Advance"/> or <see cref="AdvanceToNextTimer"/>, which fire due timers in order, each with the clock set to
/// its due time. Tests wait for code under test to arm timers with <see cref="WaitForTimersAsync"/>, never with sleeps.
/// Works with Polly, <c>Task.Delay(ts, provider)</c> and <c>new CancellationTokenSource(ts, provider)</c>.
/// </summary>
public sealed class FakeTimeProvider : TimeProvider
{
    private readonly Lock _lock = new();
    private readonly List<FakeTimer> _timers = [];
    private readonly List<(int Count, TaskCompletionSource Signal)> _waiters = [];
    private DateTimeOffset _now;
    private long _sequence;

    public FakeTimeProvider()
        : this(new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero))
    {
    }

    public FakeTimeProvider(DateTimeOffset start) => _now = start;

    /// <summary>Gets how many timers are armed (created or changed with a finite due time, not yet fired or disposed).</summary>
    public int PendingTimerCount
    {
        get
        {
            lock (_lock)
            {
                return CountArmed();
            }
        }
    }

    /// <summary>Gets how long until the next armed timer fires, or null if none is armed.</summary>
    public TimeSpan? NextTimerDueIn
    {
        get
        {
            lock (_lock)
            {
                return FindNext(DateTimeOffset.MaxValue) is { } next ? next.DueAt - _now : null;
            }
        }
    }

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;

    public override DateTimeOffset GetUtcNow()
    {
        lock (_lock)
        {
            return _now;
        }
    }

    public override long GetTimestamp() => GetUtcNow().UtcTicks;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        ArgumentNullException.ThrowIfNull(callback);
        var timer = new FakeTimer(this, callback, state);
        lock (_lock)
        {
            _timers.Add(timer);
        }

        timer.Change(dueTime, period);
        return timer;
    }

    /// <summary>Moves the clock forward, firing every timer that falls due on the way, in due order.</summary>
    public void Advance(TimeSpan delta)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(delta, TimeSpan.Zero);
        DateTimeOffset target;
        lock (_lock)
        {
            target = _now + delta;
        }

        while (true)
        {
            FakeTimer? due;
            lock (_lock)
            {
                due = FindNext(target);
                if (due is null)
                {
                    _now = target;
                    return;
                }

                _now = due.DueAt;
                due.Rearm();
            }

            // Outside the lock: callbacks may create or change timers.
            due.Fire();
        }
    }

    /// <summary>Advances to the next armed timer and fires it; returns how far the clock moved.</summary>
    public TimeSpan AdvanceToNextTimer()
    {
        var dueIn = NextTimerDueIn ?? throw new InvalidOperationException("No timer is armed.");
        Advance(dueIn);
        return dueIn;
    }

    /// <summary>Completes once at least <paramref name="count"/> timers are armed at the same time.</summary>
    public Task WaitForTimersAsync(int count = 1, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            if (CountArmed() >= count)
            {
                return Task.CompletedTask;
            }

            var signal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((count, signal));
            return signal.Task.WaitAsync(cancellationToken);
        }
    }

    private int CountArmed()
    {
        var count = 0;
        foreach (var timer in _timers)
        {
            if (timer.IsArmed)
            {
                count++;
            }
        }

        return count;
    }

    private FakeTimer? FindNext(DateTimeOffset notAfter)
    {
        FakeTimer? next = null;
        foreach (var timer in _timers)
        {
            if (timer.IsArmed && timer.DueAt <= notAfter
                && (next is null || timer.DueAt < next.DueAt || (timer.DueAt == next.DueAt && timer.Sequence < next.Sequence)))
            {
                next = timer;
            }
        }

        return next;
    }

    private void NotifyWaiters()
    {
        var armed = CountArmed();
        for (var i = _waiters.Count - 1; i >= 0; i--)
        {
            if (_waiters[i].Count <= armed)
            {
                _waiters[i].Signal.TrySetResult();
                _waiters.RemoveAt(i);
            }
        }
    }

    private sealed class FakeTimer(FakeTimeProvider owner, TimerCallback callback, object? state) : ITimer
    {
        private TimeSpan _period;
        private bool _disposed;

        public bool IsArmed { get; private set; }

        public DateTimeOffset DueAt { get; private set; }

        public long Sequence { get; private set; }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            ValidateInterval(dueTime, nameof(dueTime));
            ValidateInterval(period, nameof(period));
            lock (owner._lock)
            {
                if (_disposed)
                {
                    return false;
                }

                _period = period;
                IsArmed = dueTime != Timeout.InfiniteTimeSpan;
                DueAt = IsArmed ? owner._now + dueTime : DateTimeOffset.MaxValue;
                Sequence = ++owner._sequence;
                owner.NotifyWaiters();
                return true;
            }
        }

        // Called under the owner's lock, just before firing.
        public void Rearm()
        {
            if (_period > TimeSpan.Zero && _period != Timeout.InfiniteTimeSpan)
            {
                DueAt += _period;
                Sequence = ++owner._sequence;
            }
            else
            {
                IsArmed = false;
            }
        }

        public void Fire() => callback(state);

        public void Dispose()
        {
            lock (owner._lock)
            {
                _disposed = true;
                IsArmed = false;
                owner._timers.Remove(this);
            }
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }

        private static void ValidateInterval(TimeSpan value, string name)
        {
            if (value < TimeSpan.Zero && value != Timeout.InfiniteTimeSpan)
            {
                throw new ArgumentOutOfRangeException(name, value, "Must be non-negative or Timeout.InfiniteTimeSpan.");
            }
        }
    }
}
