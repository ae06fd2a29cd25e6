namespace LlmClients.Http;

/// <summary>
/// The per-event idle budget of a stream: cancels <see cref="Token"/> once one event has been awaited longer than the
/// budget (bytes that do not complete an event do not restart it). Marking the start and end of each wait costs two
/// timestamp reads; the one timer is not re-armed per event but checks, when it fires, how long the current wait has
/// lasted, and re-arms itself for what is left (or for a whole budget when no event is awaited).
/// </summary>
internal sealed class SseEventBudget : IDisposable
{
    private const long NotWaiting = -1;
    private readonly CancellationTokenSource _cancel = new();
    private readonly TimeProvider _time;
    private readonly TimeSpan _budget;
    private readonly ITimer? _timer;
    private long _waitingSince = NotWaiting;

    /// <summary>Initializes the budget; an infinite budget never cancels and holds no timer.</summary>
    /// <param name="budget">The longest wait for one event, or <see cref="Timeout.InfiniteTimeSpan"/>.</param>
    /// <param name="time">The clock.</param>
    public SseEventBudget(TimeSpan budget, TimeProvider time)
    {
        _time = time;
        _budget = budget;
        if (budget != Timeout.InfiniteTimeSpan)
        {
            _timer = time.CreateTimer(static state => ((SseEventBudget)state!).OnTimer(), this, budget, Timeout.InfiniteTimeSpan);
        }
    }

    /// <summary>Gets the token cancelled when an event was awaited longer than the budget.</summary>
    public CancellationToken Token => _cancel.Token;

    /// <summary>Gets whether the budget ran out.</summary>
    public bool IsExpired => _cancel.IsCancellationRequested;

    /// <summary>Marks the start of the wait for the next event.</summary>
    public void StartWait()
    {
        if (_timer is not null)
        {
            Volatile.Write(ref _waitingSince, _time.GetTimestamp());
        }
    }

    /// <summary>Marks the end of the wait: an event (or the end of the body) arrived.</summary>
    public void EndWait()
    {
        if (_timer is not null)
        {
            Volatile.Write(ref _waitingSince, NotWaiting);
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _timer?.Dispose();
        _cancel.Dispose();
    }

    private void OnTimer()
    {
        long since = Volatile.Read(ref _waitingSince);
        var left = since == NotWaiting ? _budget : _budget - _time.GetElapsedTime(since);
        if (left <= TimeSpan.Zero)
        {
            try
            {
                _cancel.Cancel();
            }
            catch (ObjectDisposedException)
            {
                // The stream ended while the timer fired.
            }

            return;
        }

        try
        {
            _timer!.Change(left, Timeout.InfiniteTimeSpan);
        }
        catch (ObjectDisposedException)
        {
            // The stream ended while the timer fired.
        }
    }
}
