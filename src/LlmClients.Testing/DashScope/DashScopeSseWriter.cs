using System.IO.Compression;

namespace LlmClients.Testing.DashScope;

/// <summary>
/// Writes native DashScope SSE: <c>id:N</c>, <c>event:result</c>, <c>:HTTP_STATUS/200</c>, <c>data:{json}</c> (no space
/// after the colons, no terminator), optionally without blank-line separators and gzip-encoded, and applies the
/// request's mid-stream fault as the shared writer does (an error fault becomes an <c>event:error</c> frame).
/// </summary>
internal sealed class DashScopeSseWriter
{
    private readonly HttpContext _context;
    private readonly MidStreamFault _faults;
    private readonly bool _noSeparators;
    private readonly GZipStream? _gzip;
    private readonly string _requestId;

    private DashScopeSseWriter(HttpContext context, EmulatorRequestContext emulator, bool noSeparators, GZipStream? gzip, string requestId)
    {
        _context = context;
        _faults = new MidStreamFault(context, emulator);
        _noSeparators = noSeparators;
        _gzip = gzip;
        _requestId = requestId;
    }

    public bool Stopped => _faults.Stopped;

    public static async Task<DashScopeSseWriter> StartAsync(HttpContext context, string requestId)
    {
        var emulator = EmulatorRequestContext.From(context);
        var quirks = DashScopeEmulator.Of(emulator.State).StreamQuirks;
        var noSeparators = quirks.HasFlag(DashScopeStreamQuirks.NoSeparators);
        var gzip = quirks.HasFlag(DashScopeStreamQuirks.Gzip);
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "text/event-stream;charset=UTF-8";
        context.Response.Headers.CacheControl = "no-cache";
        if (gzip)
        {
            context.Response.Headers.ContentEncoding = "gzip";
        }

        await context.Response.StartAsync(context.RequestAborted).ConfigureAwait(false);
        var stream = gzip ? new GZipStream(context.Response.Body, CompressionLevel.Fastest, leaveOpen: true) : null;
        return new DashScopeSseWriter(context, emulator, noSeparators, stream, requestId);
    }

    /// <summary>Writes one result event.</summary>
    public async Task WriteResultAsync(string data)
    {
        await ApplyFaultAsync(force: false).ConfigureAwait(false);
        if (Stopped)
        {
            return;
        }

        data = _faults.NextData(data);
        var frame = string.Create(CultureInfo.InvariantCulture, $"id:{_faults.Events}\nevent:result\n:HTTP_STATUS/200\ndata:{data}\n");
        await WriteAsync(_noSeparators ? frame : frame + "\n").ConfigureAwait(false);
    }

    /// <summary>Writes an error event (HTTP 200 stays; the status goes in the comment) and stops.</summary>
    public async Task WriteErrorAsync(int status, string code, string message)
    {
        await WriteAsync(string.Create(CultureInfo.InvariantCulture, $"id:{_faults.Count()}\n") + DashScopeEmulatorDialect.ErrorFrame(status, code, message, _requestId)).ConfigureAwait(false);
        await CloseAsync().ConfigureAwait(false);
    }

    /// <summary>Ends the stream (nothing marks the end on the wire: the connection closes).</summary>
    public async Task CompleteAsync()
    {
        await ApplyFaultAsync(force: true).ConfigureAwait(false);
        await CloseAsync().ConfigureAwait(false);
    }

    private Task ApplyFaultAsync(bool force) => _faults.ApplyAsync(
        force,
        writeError: () => WriteErrorAsync(500, "InternalError", EmulatorSseWriter.MidStreamMessage),
        endCleanly: CloseAsync, // A clean end: no event with a final finish_reason.
        tricklePrefix: "data:",
        writeBytes: WriteBytesAsync);

    private async Task CloseAsync()
    {
        if (!Stopped && _gzip is not null)
        {
            await _gzip.DisposeAsync().ConfigureAwait(false);
        }

        _faults.Stopped = true;
    }

    private Task WriteAsync(string frame) => WriteBytesAsync(Encoding.UTF8.GetBytes(frame), _context).AsTask();

    private async ValueTask WriteBytesAsync(ReadOnlyMemory<byte> bytes, HttpContext context)
    {
        if (_gzip is not null)
        {
            await _gzip.WriteAsync(bytes, _context.RequestAborted).ConfigureAwait(false);
            await _gzip.FlushAsync(_context.RequestAborted).ConfigureAwait(false);
        }
        else
        {
            await _context.Response.Body.WriteAsync(bytes, _context.RequestAborted).ConfigureAwait(false);
        }

        await _context.Response.Body.FlushAsync(_context.RequestAborted).ConfigureAwait(false);
    }
}
