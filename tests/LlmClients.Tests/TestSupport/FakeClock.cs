namespace LlmClients.Tests.TestSupport;

/// <summary>
/// <see cref="Microsoft.Extensions.Time.Testing.FakeTimeProvider"/> (the clock, <c>Advance</c> and timer firing are the
/// package's) plus the one thing it lacks: seeing which timers the code under test has armed. Tests await
/// <see cref="WaitForTimersAsync"/> instead of sleeping, then advance exactly to <see cref="NextTimerDueIn"/>.
/// </summary>
internal sealed class FakeClock : Microsoft.Extensions.Time.Testing.FakeTimeProvider
{
    private readonly Lock _lock = new();
    private readonly List<WatchedTimer> _timers = [];
    private readonly List<(Func<bool> Ready, TaskCompletionSource Signal)> _waiters = [];
    private int _created;

    /// <summary>Gets how many timers are armed (created or changed with a finite due time, not yet fired or disposed).</summary>
    public int PendingTimerCount
    {
        get
        {
            lock (_lock)
            {
                return ArmedCount();
            }
        }
    }

    /// <summary>Gets how many timers have been created since the clock was made, armed or not now.</summary>
    public int CreatedTimerCount
    {
        get
        {
            lock (_lock)
            {
                return _created;
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
                var next = _timers.Min(t => t.DueAt);
                return next is null ? null : next.Value - GetUtcNow();
            }
        }
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        ArgumentNullException.ThrowIfNull(callback);
        var timer = new WatchedTimer(this);
        timer.Inner = base.CreateTimer(
            s =>
            {
                timer.Fired();
                callback(s);
            },
            state,
            Timeout.InfiniteTimeSpan,
            Timeout.InfiniteTimeSpan);
        lock (_lock)
        {
            _timers.Add(timer);
            _created++;
        }

        timer.Change(dueTime, period);
        return timer;
    }

    /// <summary>Completes once at least <paramref name="count"/> timers are armed at the same time.</summary>
    public Task WaitForTimersAsync(int count = 1, CancellationToken cancellationToken = default)
        => WaitUntilAsync(() => ArmedCount() >= count, cancellationToken);

    /// <summary>
    /// Completes once at least <paramref name="count"/> timers have been created since the clock was made, armed or not now.
    /// Counts events that leave no timer behind, such as the n-th held request of a server whose waits end early.
    /// </summary>
    public Task WaitForCreatedTimersAsync(int count, CancellationToken cancellationToken = default)
        => WaitUntilAsync(() => _created >= count, cancellationToken);

    private Task WaitUntilAsync(Func<bool> ready, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (ready())
            {
                return Task.CompletedTask;
            }

            var signal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((ready, signal));
            return signal.Task.WaitAsync(cancellationToken);
        }
    }

    // Under _lock.
    private int ArmedCount() => _timers.Count(t => t.DueAt is not null);

    // Under _lock.
    private void NotifyWaiters()
    {
        for (var i = _waiters.Count - 1; i >= 0; i--)
        {
            if (_waiters[i].Ready())
            {
                _waiters[i].Signal.TrySetResult();
                _waiters.RemoveAt(i);
            }
        }
    }

    /// <summary>Wraps the package's timer to track when it is due; firing stays the package's.</summary>
    private sealed class WatchedTimer(FakeClock owner) : ITimer
    {
        private TimeSpan _period;

        public ITimer Inner { get; set; } = null!;

        /// <summary>Gets when the timer fires next, or null when it is not armed.</summary>
        public DateTimeOffset? DueAt { get; private set; }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            // Recorded before the package arms it: a zero due time fires inside Inner.Change.
            lock (owner._lock)
            {
                _period = period;
                DueAt = dueTime == Timeout.InfiniteTimeSpan ? null : owner.GetUtcNow() + dueTime;
                owner.NotifyWaiters();
            }

            return Inner.Change(dueTime, period);
        }

        public void Fired()
        {
            lock (owner._lock)
            {
                // A periodic timer is due again one period after its last due time.
                DueAt = _period > TimeSpan.Zero && _period != Timeout.InfiniteTimeSpan ? DueAt + _period : null;
                owner.NotifyWaiters();
            }
        }

        public void Dispose()
        {
            Inner.Dispose();
            lock (owner._lock)
            {
                DueAt = null;
                owner._timers.Remove(this);
            }
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
