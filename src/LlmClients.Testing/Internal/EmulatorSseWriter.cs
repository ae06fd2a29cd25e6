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
    private readonly MidStreamFault _faults;

    private EmulatorSseWriter(HttpContext context, EmulatorRequestContext emulator)
    {
        _context = context;
        _dialect = emulator.Dialect;
        _faults = new MidStreamFault(context, emulator);
    }

    /// <summary>Gets a value indicating whether a fault ended the stream; handlers stop writing when it is true.</summary>
    public bool Stopped => _faults.Stopped;

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
        await ApplyFaultAsync(force: false).ConfigureAwait(false);
        if (Stopped)
        {
            return;
        }

        await WriteAsync($"{_dialect.DataPrefix}{_faults.NextData(data)}\n\n").ConfigureAwait(false);
    }

    /// <summary>Ends the stream: fires a fault that has not fired yet, else writes the dialect's terminator.</summary>
    public async Task CompleteAsync()
    {
        await ApplyFaultAsync(force: true).ConfigureAwait(false);
        if (!Stopped && _dialect.StreamTerminator is { } terminator)
        {
            await WriteAsync(terminator).ConfigureAwait(false);
        }

        _faults.Stopped = true;
    }

    private Task ApplyFaultAsync(bool force) => _faults.ApplyAsync(
        force,
        writeError: () => WriteAsync(_dialect.StreamError(null, MidStreamMessage)),
        endCleanly: static () => Task.CompletedTask, // The handler returns and the response ends cleanly.
        tricklePrefix: "data: ",
        writeBytes: static (bytes, context) => context.Response.Body.WriteAsync(bytes, context.RequestAborted));

    private async Task WriteAsync(string frame)
    {
        await _context.Response.WriteAsync(frame, _context.RequestAborted).ConfigureAwait(false);
        await _context.Response.Body.FlushAsync(_context.RequestAborted).ConfigureAwait(false);
    }
}
