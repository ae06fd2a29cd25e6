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
    private readonly EmulatorFault? _fault;
    private readonly TimeProvider _timeProvider;
    private readonly bool _noSeparators;
    private readonly GZipStream? _gzip;
    private readonly string _requestId;
    private int _events;
    private bool _faultDone;

    private DashScopeSseWriter(HttpContext context, EmulatorRequestContext emulator, bool noSeparators, GZipStream? gzip, string requestId)
    {
        _context = context;
        _fault = emulator.Fault;
        _timeProvider = emulator.State.Options.TimeProvider;
        _noSeparators = noSeparators;
        _gzip = gzip;
        _requestId = requestId;
    }

    public bool Stopped { get; private set; }

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

        if (_fault is { Kind: EmulatorFaultKind.MalformedJson } && !_faultDone && _events == _fault.AfterEvents)
        {
            _faultDone = true;
            data = data[..(data.Length / 2)];
        }

        _events++;
        var frame = string.Create(CultureInfo.InvariantCulture, $"id:{_events}\nevent:result\n:HTTP_STATUS/200\ndata:{data}\n");
        await WriteAsync(_noSeparators ? frame : frame + "\n").ConfigureAwait(false);
    }

    /// <summary>Writes an error event (HTTP 200 stays; the status goes in the comment) and stops.</summary>
    public async Task WriteErrorAsync(int status, string code, string message)
    {
        _events++;
        await WriteAsync(string.Create(CultureInfo.InvariantCulture, $"id:{_events}\n") + DashScopeEmulatorDialect.ErrorFrame(status, code, message, _requestId)).ConfigureAwait(false);
        await CloseAsync().ConfigureAwait(false);
    }

    /// <summary>Ends the stream (nothing marks the end on the wire: the connection closes).</summary>
    public async Task CompleteAsync()
    {
        await ApplyFaultAsync(force: true).ConfigureAwait(false);
        await CloseAsync().ConfigureAwait(false);
    }

    private async Task ApplyFaultAsync(bool force)
    {
        if (Stopped || _faultDone || _fault is null || (!force && _events < _fault.AfterEvents))
        {
            return;
        }

        _faultDone = true;
        switch (_fault.Kind)
        {
            case EmulatorFaultKind.ErrorMidStream:
                await WriteErrorAsync(500, "InternalError", EmulatorSseWriter.MidStreamMessage).ConfigureAwait(false);
                break;
            case EmulatorFaultKind.ResetMidStream:
                // As every vendor: let the client read what was sent, then reset.
                await EmulatorResponses.AbortAfterGraceAsync(_context).ConfigureAwait(false);
                Stopped = true;
                break;
            case EmulatorFaultKind.IdleStream:
                await Task.Delay(_fault.Delay, _timeProvider, _context.RequestAborted).ConfigureAwait(false);
                break;
            case EmulatorFaultKind.EndMidStream:
                await CloseAsync().ConfigureAwait(false); // A clean end: no event with a final finish_reason.
                break;
            case EmulatorFaultKind.TrickleStream:
                await EmulatorResponses.TrickleAsync(_context, "data:", _fault.Delay, _timeProvider, WriteBytesAsync).ConfigureAwait(false);
                Stopped = true;
                break;
        }
    }

    private async Task CloseAsync()
    {
        if (!Stopped && _gzip is not null)
        {
            await _gzip.DisposeAsync().ConfigureAwait(false);
        }

        Stopped = true;
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
