using System.Net;
using System.Net.Http.Headers;

namespace LlmClients.Benchmarks;

/// <summary>
/// The one in-memory server every client talks to (stateless apart from a reused buffer, so disposal by
/// IHttpClientFactory's handler rotation is harmless): it drains the request body (as a socket would) into a reused
/// buffer, then answers from <see cref="CannedResponses"/> by path, by <c>"stream":true</c> and by
/// <c>"encoding_format":"base64"</c>. No sockets, so the benchmarks measure client overhead only.
/// </summary>
public sealed class CannedHandler : HttpMessageHandler
{
    private static readonly MediaTypeHeaderValue Json = new("application/json");
    private static readonly MediaTypeHeaderValue EventStream = new("text/event-stream") { CharSet = "utf-8" };
    private RequestSink? _cachedSink;

    /// <summary>Gets the number of requests served.</summary>
    public int Requests { get; private set; }

    /// <summary>Gets the encoding_format the last embeddings request asked for ("base64" or "float").</summary>
    public string? LastEmbeddingFormat { get; private set; }

    /// <inheritdoc />
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        // One reused sink in the single-threaded steady state, so the handler itself adds no per-call body copy.
        var sink = Interlocked.Exchange(ref _cachedSink, null) ?? new RequestSink();
        try
        {
            if (request.Content is not null)
            {
                await request.Content.CopyToAsync(sink, cancellationToken).ConfigureAwait(false);
            }

            Requests++;
            var path = request.RequestUri!.AbsolutePath;
            byte[] body;
            MediaTypeHeaderValue contentType;
            if (path.EndsWith("/chat/completions", StringComparison.Ordinal))
            {
                bool stream = sink.Written.IndexOf("\"stream\":true"u8) >= 0;
                (body, contentType) = stream ? (CannedResponses.Stream, EventStream) : (CannedResponses.Chat, Json);
            }
            else if (path.EndsWith("/embeddings", StringComparison.Ordinal))
            {
                bool base64 = sink.Written.IndexOf("\"encoding_format\":\"base64\""u8) >= 0;
                LastEmbeddingFormat = base64 ? "base64" : "float";
                (body, contentType) = (base64 ? CannedResponses.EmbeddingsBase64 : CannedResponses.EmbeddingsFloat, Json);
            }
            else
            {
                return new HttpResponseMessage(HttpStatusCode.NotFound) { RequestMessage = request };
            }

            var response = new HttpResponseMessage(HttpStatusCode.OK)
            {
                RequestMessage = request,
                Content = new ByteArrayContent(body),
            };
            response.Content.Headers.ContentType = contentType;
            response.Headers.TryAddWithoutValidation("x-request-id", "req_bench");
            return response;
        }
        finally
        {
            sink.Reset();
            _cachedSink = sink;
        }
    }

    private sealed class RequestSink : Stream
    {
        private byte[] _buffer = new byte[64 * 1024];
        private int _length;

        public ReadOnlySpan<byte> Written => _buffer.AsSpan(0, _length);

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => _length;

        public override long Position { get => _length; set => throw new NotSupportedException(); }

        public void Reset() => _length = 0;

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            if (_length + buffer.Length > _buffer.Length)
            {
                Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, _length + buffer.Length));
            }

            buffer.CopyTo(_buffer.AsSpan(_length));
            _length += buffer.Length;
        }

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        {
            Write(buffer.AsSpan(offset, count));
            return Task.CompletedTask;
        }

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Write(buffer.Span);
            return ValueTask.CompletedTask;
        }

        public override void Flush()
        {
        }

        public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
