namespace LlmClients.Http;

/// <summary>
/// A read-only stream in front of the SSE parser that fails when one event grows past its cap, before the parser buffers it:
/// it counts the bytes since the last blank line (the event being received, its field names and line breaks included) and
/// throws an <see cref="LlmErrorKind.InvalidResponse"/> <see cref="LlmRequestException"/> once that passes the cap. A body
/// that is not an event stream (a JSON error in place of one) counts as one event.
/// </summary>
internal sealed class SseEventSizeLimitStream(Stream inner, int maxEventBytes, string providerName) : ReadOnlyStream
{
    private readonly Stream _inner = inner;
    private long _eventBytes;
    private bool _lineEmpty = true;
    private bool _afterCr;

    /// <inheritdoc />
    /// <remarks>An awaited read reuses a pooled state machine instead of allocating one per read.</remarks>
    [System.Runtime.CompilerServices.AsyncMethodBuilder(typeof(System.Runtime.CompilerServices.PoolingAsyncValueTaskMethodBuilder<>))]
    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        int read = await _inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        Count(buffer.Span[..read]);
        return read;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _inner.Dispose();
        }

        base.Dispose(disposing);
    }

    private void Count(ReadOnlySpan<byte> bytes)
    {
        while (!bytes.IsEmpty)
        {
            int end = bytes.IndexOfAny((byte)'\r', (byte)'\n');
            if (end < 0)
            {
                _eventBytes += bytes.Length;
                _lineEmpty = false;
                _afterCr = false;
                break;
            }

            if (end > 0)
            {
                _eventBytes += end;
                _lineEmpty = false;
                _afterCr = false;
            }

            byte terminator = bytes[end];
            if (terminator == (byte)'\n' && _afterCr)
            {
                _afterCr = false; // The LF of a CRLF (possibly split across reads): part of the line break already counted.
            }
            else
            {
                // A line break right after another one is a blank line: the event is complete and the next one starts.
                _eventBytes = _lineEmpty ? 0 : _eventBytes + 1;
                _lineEmpty = true;
                _afterCr = terminator == (byte)'\r';
            }

            bytes = bytes[(end + 1)..];
        }

        if (_eventBytes > maxEventBytes)
        {
            throw TooBig(maxEventBytes, providerName);
        }
    }

    /// <summary>Builds the exception for an event over the cap.</summary>
    /// <param name="maxEventBytes">The cap.</param>
    /// <param name="providerName">The provider.</param>
    /// <returns>The exception.</returns>
    internal static LlmRequestException TooBig(int maxEventBytes, string providerName)
        => new(
            providerName,
            LlmErrorKind.InvalidResponse,
            200,
            null,
            $"a server-sent event exceeded {maxEventBytes} bytes (MaxStreamEventBytes); the stream was stopped instead of buffering it",
            null,
            isTransient: false);
}
