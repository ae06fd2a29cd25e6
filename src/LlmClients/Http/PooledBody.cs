using System.Buffers;

namespace LlmClients.Http;

/// <summary>
/// A response body read into one buffer, under a size cap: parsed in place, then released. The reads return
/// <see cref="ValueTask{TResult}"/>: a body already received (a short answer arrives with its headers) costs no task. Buffers up to
/// <see cref="MaxPooledBytes"/> come from the shared pool and go back to it; larger ones are plain arrays the GC
/// reclaims, so a rare huge body never stays parked in the process-wide pool.
/// </summary>
internal sealed class PooledBody : IDisposable
{
    /// <summary>
    /// The largest buffer taken from (and returned to) the shared pool: 8 MiB. An embedding batch of 64 x 1536 floats as
    /// JSON is about 1.2 MB, so ordinary embedding bodies are pooled too; the shared pool releases arrays that sit idle
    /// when the GC sees memory pressure.
    /// </summary>
    internal const int MaxPooledBytes = 8 * 1024 * 1024;

    private byte[] _buffer;
    private int _length;

    private PooledBody(int capacity) => _buffer = Allocate(Math.Max(capacity, 1024));

    /// <summary>Gets the body.</summary>
    public ReadOnlySpan<byte> Span => _buffer.AsSpan(0, _length);

    /// <summary>Reads a whole body, as decoded by the handler (after decompression), up to <paramref name="maxBytes"/>.</summary>
    /// <param name="content">The content.</param>
    /// <param name="maxBytes">The most bytes accepted (1 to <see cref="Array.MaxLength"/>).</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The body (dispose it to release the buffer), or null when it is longer than <paramref name="maxBytes"/>; the rest is then not read.</returns>
    public static async ValueTask<PooledBody?> ReadAsync(HttpContent content, long maxBytes, CancellationToken cancellationToken)
    {
        maxBytes = Math.Clamp(maxBytes, 1, Array.MaxLength - 1);
        if (content.Headers.ContentLength > maxBytes)
        {
            return null;
        }

        var stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            return await ReadAsync(stream, maxBytes, content.Headers.ContentLength, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Reads a stream to its end, up to <paramref name="maxBytes"/> (the caller disposes the stream).</summary>
    /// <param name="stream">The decoded body stream.</param>
    /// <param name="maxBytes">The most bytes accepted (1 to <see cref="Array.MaxLength"/>).</param>
    /// <param name="lengthHint">The expected length, if known, to size the first buffer.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The body (dispose it to release the buffer), or null when it is longer than <paramref name="maxBytes"/>; the rest is then not read.</returns>
    public static async ValueTask<PooledBody?> ReadAsync(Stream stream, long maxBytes, long? lengthHint, CancellationToken cancellationToken)
    {
        maxBytes = Math.Clamp(maxBytes, 1, Array.MaxLength - 1);
        var body = new PooledBody((int)Math.Min(lengthHint ?? 16 * 1024, Math.Min(maxBytes, MaxPooledBytes)));
        try
        {
            int read;
            while ((read = await stream.ReadAsync(body._buffer.AsMemory(body._length), cancellationToken).ConfigureAwait(false)) > 0)
            {
                body._length += read;
                if (body._length > maxBytes)
                {
                    body.Dispose();
                    return null;
                }

                if (body._length == body._buffer.Length)
                {
                    // One byte past the cap is room enough to tell "exactly the cap" from "over it".
                    body.Grow((int)Math.Min(maxBytes + 1, Math.Min((long)body._buffer.Length * 2, Array.MaxLength)));
                }
            }

            return body;
        }
        catch
        {
            body.Dispose();
            throw;
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        var buffer = Interlocked.Exchange(ref _buffer, []);
        if (buffer.Length is > 0 and <= MaxPooledBytes)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static byte[] Allocate(int size)
        => size <= MaxPooledBytes ? ArrayPool<byte>.Shared.Rent(size) : GC.AllocateUninitializedArray<byte>(size);

    private void Grow(int size)
    {
        if (size <= _buffer.Length)
        {
            // Array.MaxLength reached while under the cap: cannot happen, the cap is clamped to Array.MaxLength.
            throw new InvalidOperationException("The body buffer cannot grow further.");
        }

        var bigger = Allocate(size);
        _buffer.AsSpan(0, _length).CopyTo(bigger);
        var old = _buffer;
        _buffer = bigger;
        if (old.Length <= MaxPooledBytes)
        {
            ArrayPool<byte>.Shared.Return(old);
        }
    }
}
