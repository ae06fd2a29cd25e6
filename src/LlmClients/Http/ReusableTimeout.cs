namespace LlmClients.Http;

/// <summary>
/// Cancellation sources that fire after a budget (a call's <c>RequestTimeout</c>, an attempt's <c>FirstByteTimeout</c>).
/// On the system clock one spare source is kept and reset after use (as Polly's timeout strategy pools its own), so a call
/// that finishes within its budget allocates no source and no timer; on any other clock (a test's fake time) each call gets
/// a new source on that clock. A source that fired or was cancelled cannot be reset and is disposed instead.
/// </summary>
/// <param name="time">The clock of the budgets.</param>
internal sealed class ReusableTimeout(TimeProvider time)
{
    private CancellationTokenSource? _spare;

    /// <summary>Gets a source that cancels after <paramref name="timeout"/>.</summary>
    /// <param name="timeout">The budget; <see cref="Timeout.InfiniteTimeSpan"/> never fires.</param>
    /// <returns>The source; give it back with <see cref="Return"/> once nothing uses its token.</returns>
    public CancellationTokenSource Rent(TimeSpan timeout)
    {
        if (time != TimeProvider.System)
        {
            return new CancellationTokenSource(timeout, time);
        }

        var source = Interlocked.Exchange(ref _spare, null) ?? new CancellationTokenSource();
        source.CancelAfter(timeout);
        return source;
    }

    /// <summary>Gives a source back: kept for the next call when it can be reset, else disposed.</summary>
    /// <param name="source">The source from <see cref="Rent"/>; its registrations are removed.</param>
    public void Return(CancellationTokenSource source)
    {
        if (time == TimeProvider.System && source.TryReset() && Interlocked.CompareExchange(ref _spare, source, null) is null)
        {
            return;
        }

        source.Dispose();
    }
}
