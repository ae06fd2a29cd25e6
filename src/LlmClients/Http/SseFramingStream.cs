using System.Buffers;
using System.Runtime.CompilerServices;

namespace LlmClients.Http;

/// <summary>
/// A read-only stream in front of <see cref="System.Net.ServerSentEvents.SseParser"/> that repairs vendor framing
/// the SSE spec does not allow for, and remembers the last comment line.
/// </summary>
/// <remarks>
/// Quirk: some DashScope streams (seen in recorded traffic) send events without blank-line separators
/// (<c>data:{...}\nid:2\nevent:result\n...</c>). A spec parser would merge them into one event that only
/// dispatches at the end of the stream. When an <c>id:</c> or <c>event:</c> line follows a <c>data:</c> line
/// directly, this stream inserts the missing blank line, and it terminates an event cut off by the end of the
/// stream. Everything else passes through byte for byte, but <c>id:</c> lines, which it drops (nothing reads event ids),
/// and <c>event:</c> lines, whose type it hands over itself.
/// Comment lines (<c>:HTTP_STATUS/400</c>) are dropped by the parser, so they are captured here, per event: this
/// stream reads ahead of the parser, so "the last comment read" may belong to a later event. Each event the parser
/// dispatches (a block with at least one <c>data</c> line, ended by a blank line) queues the last comment of its own
/// block, and its event type (the <c>event:</c> lines are taken here, not passed on); the reader takes one per event
/// with <see cref="DequeueEvent"/>.
/// </remarks>
/// <param name="inner">The (decompressed) body.</param>
/// <param name="maxLineBytes">The longest line it buffers before failing (the event size cap), or null for no cap.</param>
/// <param name="providerName">The provider, for the exception when a line is too long.</param>
internal sealed class SseFramingStream(Stream inner, int? maxLineBytes = null, string providerName = "") : ReadOnlyStream
{
    private static ReadOnlySpan<byte> IdPrefix => "id:"u8;
    private static ReadOnlySpan<byte> EventPrefix => "event:"u8;
    private static ReadOnlySpan<byte> DataPrefix => "data:"u8;

    private const int ReadSize = 4096;
    private readonly Stream _inner = inner;
    private readonly Queue<(string? Comment, string? EventType)> _events = new();

    // Per-stream buffers come from the shared pool and go back on dispose; the output buffer starts with room for one
    // read plus the blank lines the repair may insert, and grows (through the pool) only for longer lines.
    private byte[]? _readBuffer = ArrayPool<byte>.Shared.Rent(ReadSize);
    private byte[] _line = ArrayPool<byte>.Shared.Rent(256);
    private int _lineLength;
    private byte[] _output = ArrayPool<byte>.Shared.Rent(ReadSize + 256);
    private int _outputStart;
    private int _outputEnd;
    private bool _previousLineWasData;
    private bool _skipNextLf;
    private bool _innerDone;
    private string? _blockComment;
    private string? _lastComment;
    private string? _blockEventType;
    private string? _lastEventType;
    private bool _blockHasData;

    /// <summary>
    /// Takes what the parser does not see of the next event it dispatches: the last comment line of that event's block,
    /// without its leading colon (null when the block had none), and its type (the last <c>event:</c> line's value,
    /// <c>message</c> when there was none or it was empty, as the SSE spec says).
    /// </summary>
    /// <returns>The comment and the event type.</returns>
    public (string? Comment, string EventType) DequeueEvent()
        => _events.TryDequeue(out var e) ? (e.Comment, e.EventType is { Length: > 0 } type ? type : "message") : (null, "message");

    /// <inheritdoc />
    /// <remarks>A read served from bytes already repaired completes synchronously; an awaited read reuses a pooled state machine.</remarks>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var readBuffer = _readBuffer ?? throw new ObjectDisposedException(nameof(SseFramingStream));
        while (_outputStart == _outputEnd)
        {
            if (_innerDone)
            {
                return 0;
            }

            _outputStart = _outputEnd = 0;
            int read = await _inner.ReadAsync(readBuffer.AsMemory(0, ReadSize), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                _innerDone = true;
                FlushPartialLine();
            }
            else
            {
                Process(readBuffer.AsSpan(0, read));
            }
        }

        int n = Math.Min(buffer.Length, _outputEnd - _outputStart);
        _output.AsSpan(_outputStart, n).CopyTo(buffer.Span);
        _outputStart += n;
        return n;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _inner.Dispose();
            ReturnBuffers();
        }

        base.Dispose(disposing);
    }

    public override async ValueTask DisposeAsync()
    {
        await _inner.DisposeAsync().ConfigureAwait(false);
        ReturnBuffers();
        await base.DisposeAsync().ConfigureAwait(false);
    }

    private void ReturnBuffers()
    {
        if (_readBuffer is null)
        {
            return;
        }

        ArrayPool<byte>.Shared.Return(_readBuffer);
        ArrayPool<byte>.Shared.Return(_line);
        ArrayPool<byte>.Shared.Return(_output);
        _readBuffer = null;
        _line = _output = [];
    }

    private void Process(ReadOnlySpan<byte> chunk)
    {
        // Line by line, a vectorized search for each line break; the bytes between are appended in one copy.
        while (!chunk.IsEmpty)
        {
            if (_skipNextLf)
            {
                _skipNextLf = false;
                if (chunk[0] == (byte)'\n')
                {
                    // The LF of a CRLF split across reads: part of the previous terminator, not a blank line.
                    Emit((byte)'\n');
                    chunk = chunk[1..];
                    continue;
                }
            }

            int end = chunk.IndexOfAny((byte)'\r', (byte)'\n');
            if (end < 0)
            {
                AppendToLine(chunk);
                return;
            }

            AppendToLine(chunk[..end]);
            byte terminator = chunk[end];
            EndLine(terminator);
            _skipNextLf = terminator == (byte)'\r';
            chunk = chunk[(end + 1)..];
        }
    }

    private void EndLine(byte terminator)
    {
        var line = _line.AsSpan(0, _lineLength);
        if (line.IsEmpty)
        {
            _previousLineWasData = false;
            EndBlock();
        }
        else
        {
            if (_previousLineWasData && (line.StartsWith(IdPrefix) || line.StartsWith(EventPrefix)))
            {
                Emit((byte)'\n');
                EndBlock();
            }

            if (line[0] == (byte)':')
            {
                // DashScope repeats ":HTTP_STATUS/200" on every event: the string is created once per stream.
                _blockComment = _lastComment is not null && System.Text.Ascii.Equals(line[1..].Trim(" \t"u8), _lastComment)
                    ? _lastComment
                    : _lastComment = System.Text.Encoding.UTF8.GetString(line[1..]).Trim();
            }

            _previousLineWasData = line.StartsWith(DataPrefix);
            _blockHasData |= _previousLineWasData || line.SequenceEqual("data"u8);
            bool isEvent = line.StartsWith(EventPrefix) || line.SequenceEqual("event"u8);
            if (isEvent)
            {
                // The event type is taken here and handed over with the event (DequeueEvent): DashScope names every event
                // (event:result), and the parser would create the string for each one; here it is created once per stream.
                var type = line.Length > EventPrefix.Length ? line[EventPrefix.Length..] : default;
                type = type.StartsWith(" "u8) ? type[1..] : type;
                _blockEventType = _lastEventType is not null && System.Text.Ascii.Equals(type, _lastEventType)
                    ? _lastEventType
                    : _lastEventType = System.Text.Encoding.UTF8.GetString(type);
            }

            if (isEvent || line.StartsWith(IdPrefix) || line.SequenceEqual("id"u8))
            {
                // Quirk: DashScope numbers every event (id:1, id:2, ...). Nothing reads event ids (a stream is never
                // resumed), and the parser would create a string for each one: id lines are dropped, and event lines
                // after their type was taken.
                _lineLength = 0;
                return;
            }
        }

        EmitLine(line);
        Emit(terminator);
        _lineLength = 0;
    }

    private void FlushPartialLine()
    {
        if (_lineLength > 0)
        {
            EndLine((byte)'\n');
        }

        if (_previousLineWasData)
        {
            // The stream ended inside an event (DashScope can omit every blank line, the last one included):
            // terminate it, or the parser would drop the final event, which carries the finish reason.
            Emit((byte)'\n');
            _previousLineWasData = false;
            EndBlock();
        }
    }

    private void EndBlock()
    {
        // The parser dispatches a block only when it had a data line; a block without one dispatches nothing.
        if (_blockHasData)
        {
            _events.Enqueue((_blockComment, _blockEventType));
        }

        _blockComment = null;
        _blockEventType = null;
        _blockHasData = false;
    }

    private void AppendToLine(ReadOnlySpan<byte> bytes)
    {
        int needed = _lineLength + bytes.Length;
        if (needed > _line.Length)
        {
            if (needed > maxLineBytes)
            {
                // The repair buffers whole lines, so the event cap applies here first (a line is never longer than its event).
                throw SseEventSizeLimitStream.TooBig(maxLineBytes.Value, providerName);
            }

            Grow(ref _line, Math.Max(_line.Length * 2, needed), _lineLength);
        }

        bytes.CopyTo(_line.AsSpan(_lineLength));
        _lineLength = needed;
    }

    private void EmitLine(ReadOnlySpan<byte> line)
    {
        EnsureOutput(line.Length);
        line.CopyTo(_output.AsSpan(_outputEnd));
        _outputEnd += line.Length;
    }

    private void Emit(byte b)
    {
        EnsureOutput(1);
        _output[_outputEnd++] = b;
    }

    private void EnsureOutput(int extra)
    {
        if (_outputEnd + extra > _output.Length)
        {
            Grow(ref _output, Math.Max(_output.Length * 2, _outputEnd + extra), _outputEnd);
        }
    }

    private static void Grow(ref byte[] buffer, int size, int used)
    {
        var bigger = ArrayPool<byte>.Shared.Rent(size);
        buffer.AsSpan(0, used).CopyTo(bigger);
        ArrayPool<byte>.Shared.Return(buffer);
        buffer = bigger;
    }
}
