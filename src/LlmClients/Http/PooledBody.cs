using System.Buffers;

namespace LlmClients.Http;

/// <summary>A response body read into a pooled buffer: parsed in place, then returned to the pool (no per-call copy).</summary>
internal sealed class PooledBody : IDisposable
{
    private byte[] _buffer;
    private int _length;

    private PooledBody(int capacity) => _buffer = ArrayPool<byte>.Shared.Rent(Math.Max(capacity, 1024));

    /// <summary>Gets the body.</summary>
    public ReadOnlySpan<byte> Span => _buffer.AsSpan(0, _length);

    /// <summary>Reads a whole body.</summary>
    /// <param name="content">The content.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The body; dispose it to return the buffer.</returns>
    public static async Task<PooledBody> ReadAsync(HttpContent content, CancellationToken cancellationToken)
    {
        var body = new PooledBody((int)Math.Min(content.Headers.ContentLength ?? 16 * 1024, 64 * 1024 * 1024));
        try
        {
            var stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            await using (stream.ConfigureAwait(false))
            {
                int read;
                while ((read = await stream.ReadAsync(body._buffer.AsMemory(body._length), cancellationToken).ConfigureAwait(false)) > 0)
                {
                    body._length += read;
                    if (body._length == body._buffer.Length)
                    {
                        body.Grow();
                    }
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
        if (buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private void Grow()
    {
        var bigger = ArrayPool<byte>.Shared.Rent(_buffer.Length * 2);
        _buffer.AsSpan(0, _length).CopyTo(bigger);
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = bigger;
    }
}
