using System.Buffers;
using System.Runtime.CompilerServices;

namespace LlmClients.Http;

/// <summary>
/// A read-only stream in front of the SSE parser that fails when one event grows past its cap, before the parser buffers it:
/// it counts the bytes since the last blank line (the event being received, its field names and line breaks included) and
/// throws an <see cref="LlmErrorKind.InvalidResponse"/> <see cref="LlmRequestException"/> once that passes the cap. A body
/// that is not an event stream (a JSON error in place of one) counts as one event.
/// </summary>
/// <remarks>
/// With a read-ahead block it also reads the body in blocks of that size and serves the parser's small reads (about 1 KB)
/// from it: a stream whose events arrive faster than they are parsed (a proxy that buffers, a fast model) then costs one
/// socket read per block instead of one per kilobyte; events that arrive one by one are read as they come, as before. The
/// block comes from the shared pool and goes back on dispose. A read served from the block, or from an inner read that
/// completed at once, completes synchronously without a state machine.
/// </remarks>
/// <param name="inner">The body.</param>
/// <param name="maxEventBytes">The cap on one event's size.</param>
/// <param name="providerName">The provider, for the exception when an event is too big.</param>
/// <param name="readAhead">The size of the read-ahead block in bytes, or 0 to pass each read through.</param>
internal sealed class SseEventSizeLimitStream(Stream inner, int maxEventBytes, string providerName, int readAhead = 0) : ReadOnlyStream
{
    private readonly Stream _inner = inner;
    private byte[]? _block = readAhead > 0 ? ArrayPool<byte>.Shared.Rent(readAhead) : null;
    private int _blockStart;
    private int _blockEnd;
    private long _eventBytes;
    private bool _lineEmpty = true;
    private bool _afterCr;

    /// <inheritdoc />
    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_blockStart < _blockEnd)
        {
            return new ValueTask<int>(Serve(buffer.Span));
        }

        var block = _block;
        if (block is null || buffer.Length >= block.Length)
        {
            var read = _inner.ReadAsync(buffer, cancellationToken);
            if (!read.IsCompletedSuccessfully)
            {
                return CountAsync(read, buffer);
            }

            int n = read.Result;
            Count(buffer.Span[..n]);
            return new ValueTask<int>(n);
        }

        var fill = _inner.ReadAsync(block, cancellationToken);
        if (!fill.IsCompletedSuccessfully)
        {
            return ServeAsync(fill, buffer);
        }

        _blockStart = 0;
        _blockEnd = fill.Result;
        return new ValueTask<int>(Serve(buffer.Span));
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _inner.Dispose();
            if (_block is { } block)
            {
                _block = null;
                _blockStart = _blockEnd = 0;
                ArrayPool<byte>.Shared.Return(block);
            }
        }

        base.Dispose(disposing);
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<int> CountAsync(ValueTask<int> read, Memory<byte> buffer)
    {
        int n = await read.ConfigureAwait(false);
        Count(buffer.Span[..n]);
        return n;
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<int> ServeAsync(ValueTask<int> fill, Memory<byte> buffer)
    {
        int n = await fill.ConfigureAwait(false);
        _blockStart = 0;
        _blockEnd = n;
        return Serve(buffer.Span);
    }

    private int Serve(Span<byte> buffer)
    {
        int n = Math.Min(buffer.Length, _blockEnd - _blockStart);
        var served = _block.AsSpan(_blockStart, n);
        served.CopyTo(buffer);
        _blockStart += n;
        Count(served);
        return n;
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
