using System.IO.Compression;
using System.Runtime.CompilerServices;

namespace LlmClients.Http;

/// <summary>An open streaming response. Dispose it when the enumeration ends (use <c>await using</c>).</summary>
internal sealed class SseResponse : IAsyncDisposable
{
    private readonly HttpResponseMessage _response;
    private readonly LlmHttpTransport _transport;

    internal SseResponse(HttpResponseMessage response, LlmHttpTransport transport, string? headerRequestId)
    {
        _response = response;
        _transport = transport;
        HeaderRequestId = headerRequestId;
    }

    /// <summary>Gets the request id from the response headers, if any.</summary>
    public string? HeaderRequestId { get; }

    /// <summary>Gets whether the server answered with an SSE body (some vendors answer a failed stream request with plain JSON).</summary>
    public bool IsEventStream => string.Equals(_response.Content.Headers.ContentType?.MediaType, "text/event-stream", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Enumerates the events. A non-SSE body is surfaced as one <c>message</c> event holding the whole body.
    /// Transport failures mid-stream become <see cref="LlmRequestException"/> of kind <see cref="LlmErrorKind.Network"/>;
    /// nothing is retried once the stream has started.
    /// </summary>
    /// <param name="repairFraming">Whether the vendor's framing needs <see cref="SseFramingStream"/>; false reads spec SSE.</param>
    /// <param name="cancellationToken">Cancels the enumeration.</param>
    /// <returns>The events.</returns>
    public async IAsyncEnumerable<SseEvent> ReadEventsAsync(bool repairFraming = false, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        Stream body = await _response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        if (_response.Content.Headers.ContentEncoding.Contains("gzip", StringComparer.OrdinalIgnoreCase))
        {
            // Quirk: DashScope gzips SSE bodies (any vendor may); a handler without automatic decompression leaves them to us.
            body = new GZipStream(body, CompressionMode.Decompress);
        }

        var options = _transport.Resilience;
        var idle = new IdleTimeoutStream(body, options.StreamIdleTimeout, _transport.TimeProvider, _transport.Errors.ProviderName, cancellationToken);
        await using var idleScope = idle.ConfigureAwait(false);
        if (!IsEventStream)
        {
            // The whole body is buffered, so it is read under the response cap (a gzip bomb stops there too).
            string text;
            try
            {
                using var whole = await PooledBody.ReadAsync(idle, options.MaxResponseBytes, null, cancellationToken).ConfigureAwait(false)
                    ?? throw _transport.TooLarge(200, HeaderRequestId);
                var bytes = whole.Span;
                text = System.Text.Encoding.UTF8.GetString(bytes.StartsWith("\uFEFF"u8) ? bytes[3..] : bytes);
            }
            catch (Exception ex) when (LlmHttpTransport.IsTransportFailure(ex, cancellationToken))
            {
                throw _transport.NetworkError(ex);
            }

            yield return new SseEvent("message", text, null);
            yield break;
        }

        var events = SseEventReader.ReadAsync(idle, repairFraming, cancellationToken).GetAsyncEnumerator(cancellationToken);
        try
        {
            while (true)
            {
                // Events already buffered are read without touching the socket, so the caller's token is checked here too.
                cancellationToken.ThrowIfCancellationRequested();
                bool more;
                try
                {
                    more = await events.MoveNextAsync().ConfigureAwait(false);
                }
                catch (Exception ex) when (LlmHttpTransport.IsTransportFailure(ex, cancellationToken))
                {
                    throw _transport.NetworkError(ex);
                }

                if (!more)
                {
                    yield break;
                }

                yield return events.Current;
            }
        }
        finally
        {
            await events.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        _response.Dispose();
        return ValueTask.CompletedTask;
    }
}
