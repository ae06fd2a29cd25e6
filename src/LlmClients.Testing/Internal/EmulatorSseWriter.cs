namespace LlmClients.Testing;

/// <summary>
/// Writes a server-sent event stream and applies the request's mid-stream fault (error, reset, idle pause, malformed
/// frame) at the right event. Vendor-neutral: the error frame and terminator come from the dialect.
/// </summary>
internal sealed class EmulatorSseWriter
{
    public const string MidStreamMessage = "emulated mid-stream failure";

    private readonly HttpContext _context;
    private readonly IEmulatorVendorDialect _dialect;
    private readonly EmulatorFault? _fault;
    private readonly TimeProvider _timeProvider;
    private int _events;
    private bool _faultDone;
    private bool _stopped;

    private EmulatorSseWriter(HttpContext context, EmulatorRequestContext emulator)
    {
        _context = context;
        _dialect = emulator.Dialect;
        _fault = emulator.Fault;
        _timeProvider = emulator.State.Options.TimeProvider;
    }

    /// <summary>Gets a value indicating whether a fault ended the stream; handlers stop writing when it is true.</summary>
    public bool Stopped => _stopped;

    public static async Task<EmulatorSseWriter> StartAsync(HttpContext context)
    {
        var emulator = EmulatorRequestContext.From(context);
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "text/event-stream; charset=utf-8";
        context.Response.Headers.CacheControl = "no-cache";
        await context.Response.StartAsync(context.RequestAborted).ConfigureAwait(false);
        return new EmulatorSseWriter(context, emulator);
    }

    /// <summary>Writes one <c>data:</c> event (unless a fault ended the stream).</summary>
    public async Task WriteDataAsync(string data)
    {
        await ApplyFaultAsync().ConfigureAwait(false);
        if (_stopped)
        {
            return;
        }

        if (_fault is { Kind: EmulatorFaultKind.MalformedJson } && !_faultDone && _events == _fault.AfterEvents)
        {
            _faultDone = true;
            data = data[..(data.Length / 2)];
        }

        _events++;
        await WriteAsync($"{_dialect.DataPrefix}{data}\n\n").ConfigureAwait(false);
    }

    /// <summary>Ends the stream: fires a fault that has not fired yet, else writes the dialect's terminator.</summary>
    public async Task CompleteAsync()
    {
        await ApplyFaultAsync(force: true).ConfigureAwait(false);
        if (!_stopped && _dialect.StreamTerminator is { } terminator)
        {
            await WriteAsync(terminator).ConfigureAwait(false);
        }

        _stopped = true;
    }

    private async Task ApplyFaultAsync(bool force = false)
    {
        if (_stopped || _faultDone || _fault is null || (!force && _events < _fault.AfterEvents))
        {
            return;
        }

        switch (_fault.Kind)
        {
            case EmulatorFaultKind.ErrorMidStream:
                await WriteAsync(_dialect.StreamError(null, MidStreamMessage)).ConfigureAwait(false);
                _stopped = true;
                break;
            case EmulatorFaultKind.ResetMidStream:
                await EmulatorResponses.AbortAfterGraceAsync(_context).ConfigureAwait(false);
                _stopped = true;
                break;
            case EmulatorFaultKind.IdleStream:
                await Task.Delay(_fault.Delay, _timeProvider, _context.RequestAborted).ConfigureAwait(false);
                break;
            case EmulatorFaultKind.EndMidStream:
                _stopped = true; // The handler returns and the response ends cleanly: no finish event, no terminator.
                break;
            case EmulatorFaultKind.TrickleStream:
                await EmulatorResponses.TrickleAsync(_context, "data: ", _fault.Delay, _timeProvider, static (bytes, context) => context.Response.Body.WriteAsync(bytes, context.RequestAborted)).ConfigureAwait(false);
                _stopped = true;
                break;
            default:
                return;
        }

        _faultDone = true;
    }

    private async Task WriteAsync(string frame)
    {
        await _context.Response.WriteAsync(frame, _context.RequestAborted).ConfigureAwait(false);
        await _context.Response.Body.FlushAsync(_context.RequestAborted).ConfigureAwait(false);
    }
}
