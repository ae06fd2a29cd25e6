namespace LlmClients.Testing;

/// <summary>
/// The request's mid-stream fault over one event stream, the one schedule every SSE writer of the emulator follows: it
/// counts events, cuts the data of the malformed-JSON fault's event in half, and fires the other faults (error, reset, idle
/// pause, clean end, trickle) once their event count is reached, or at the end of a shorter stream. The writer supplies
/// what differs by vendor: how an error frame is written, how the stream ends cleanly, and how trickled bytes are written.
/// </summary>
/// <param name="context">The request.</param>
/// <param name="emulator">The emulator's view of the request (its fault and clock).</param>
internal sealed class MidStreamFault(HttpContext context, EmulatorRequestContext emulator)
{
    private readonly EmulatorFault? _fault = emulator.Fault;
    private readonly TimeProvider _timeProvider = emulator.State.Options.TimeProvider;
    private bool _done;

    /// <summary>Gets how many events have been written (the last event's number).</summary>
    public int Events { get; private set; }

    /// <summary>Gets or sets whether the stream has ended (a fault ended it, or the writer closed it); writers stop writing then.</summary>
    public bool Stopped { get; set; }

    /// <summary>Counts one more event.</summary>
    /// <returns>The event's number, from 1.</returns>
    public int Count() => ++Events;

    /// <summary>Counts one more data event and returns its data: cut in half when it is the malformed-JSON fault's event.</summary>
    /// <param name="data">The event's data.</param>
    /// <returns>The data to write.</returns>
    public string NextData(string data)
    {
        if (_fault is { Kind: EmulatorFaultKind.MalformedJson } && !_done && Events == _fault.AfterEvents)
        {
            _done = true;
            data = data[..(data.Length / 2)];
        }

        Count();
        return data;
    }

    /// <summary>Fires the fault when its event count has been reached (with <paramref name="force"/>, at the end of the stream whatever the count).</summary>
    /// <param name="force">Whether the stream is ending, so a fault not fired yet fires now.</param>
    /// <param name="writeError">Writes the vendor's error frame.</param>
    /// <param name="endCleanly">Ends the response without a final event or terminator.</param>
    /// <param name="tricklePrefix">The first bytes of the trickled event (the vendor's <c>data:</c> prefix).</param>
    /// <param name="writeBytes">Writes trickled bytes to the response.</param>
    /// <returns>A task that completes when the fault has been applied.</returns>
    public async Task ApplyAsync(bool force, Func<Task> writeError, Func<Task> endCleanly, string tricklePrefix, Func<ReadOnlyMemory<byte>, HttpContext, ValueTask> writeBytes)
    {
        // The malformed-JSON fault is not fired here: NextData cuts its event.
        if (Stopped || _done || _fault is null || _fault.Kind == EmulatorFaultKind.MalformedJson || (!force && Events < _fault.AfterEvents))
        {
            return;
        }

        _done = true;
        switch (_fault.Kind)
        {
            case EmulatorFaultKind.ErrorMidStream:
                await writeError().ConfigureAwait(false);
                Stopped = true;
                break;
            case EmulatorFaultKind.ResetMidStream:
                // Let the client read what was sent, then reset.
                await EmulatorResponses.AbortAfterGraceAsync(context).ConfigureAwait(false);
                Stopped = true;
                break;
            case EmulatorFaultKind.IdleStream:
                await Task.Delay(_fault.Delay, _timeProvider, context.RequestAborted).ConfigureAwait(false);
                break;
            case EmulatorFaultKind.EndMidStream:
                await endCleanly().ConfigureAwait(false); // No finish event, no terminator.
                Stopped = true;
                break;
            case EmulatorFaultKind.TrickleStream:
                await EmulatorResponses.TrickleAsync(context, tricklePrefix, _fault.Delay, _timeProvider, writeBytes).ConfigureAwait(false);
                Stopped = true;
                break;
        }
    }
}
