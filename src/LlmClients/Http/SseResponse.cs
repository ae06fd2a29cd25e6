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
    /// Each event must arrive complete within <see cref="Resilience.LlmResilienceOptions.StreamIdleTimeout"/> (bytes that do
    /// not complete an event do not restart the budget) and hold at most
    /// <see cref="Resilience.LlmResilienceOptions.MaxStreamEventBytes"/>. Transport failures mid-stream become
    /// <see cref="LlmRequestException"/> of kind <see cref="LlmErrorKind.Network"/>; nothing is retried once the stream has started.
    /// </summary>
    /// <param name="repairFraming">Whether the vendor's framing needs <see cref="SseFramingStream"/>; false reads spec SSE.</param>
    /// <param name="cancellationToken">Cancels the enumeration; never wrapped.</param>
    /// <returns>The events.</returns>
    /// <exception cref="LlmRequestException">
    /// An event took longer than its budget (<see cref="LlmErrorKind.Timeout"/>, transient), an event was over the size cap
    /// (<see cref="LlmErrorKind.InvalidResponse"/>), or the connection failed (<see cref="LlmErrorKind.Network"/>).
    /// </exception>
    public async IAsyncEnumerable<SseEvent> ReadEventsAsync(bool repairFraming = false, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var options = _transport.Resilience;
        var provider = _transport.Errors.ProviderName;

        // The per-event budget cancels the reads through this token; it is re-armed for each event, not for each read.
        using var eventBudget = new CancellationTokenSource(Timeout.InfiniteTimeSpan, _transport.TimeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, eventBudget.Token);
        Stream body = await _response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        if (_response.Content.Headers.ContentEncoding.Contains("gzip", StringComparer.OrdinalIgnoreCase))
        {
            // Quirk: DashScope gzips SSE bodies (any vendor may); a handler without automatic decompression leaves them to us.
            body = new GZipStream(body, CompressionMode.Decompress);
        }

        await using var bodyScope = body.ConfigureAwait(false);
        IAsyncEnumerator<SseEvent> events = IsEventStream
            ? SseEventReader.ReadAsync(body, repairFraming, options.MaxStreamEventBytes, provider, linked.Token).GetAsyncEnumerator(linked.Token)
            : WholeBodyAsync(body, linked.Token).GetAsyncEnumerator(linked.Token);
        try
        {
            while (true)
            {
                // Events already buffered are read without touching the socket, so the caller's token is checked here too.
                cancellationToken.ThrowIfCancellationRequested();
                bool more;
                if (options.StreamIdleTimeout != Timeout.InfiniteTimeSpan)
                {
                    eventBudget.CancelAfter(options.StreamIdleTimeout);
                }

                try
                {
                    more = await events.MoveNextAsync().ConfigureAwait(false);
                }
                catch (Exception ex) when (eventBudget.IsCancellationRequested && !cancellationToken.IsCancellationRequested && ex is OperationCanceledException or IOException)
                {
                    throw new LlmRequestException(
                        provider,
                        LlmErrorKind.Timeout,
                        statusCode: null,
                        errorCode: null,
                        null,
                        HeaderRequestId,
                        isTransient: true,
                        innerException: ex,
                        advice: $"no complete event arrived within {options.StreamIdleTimeout} (StreamIdleTimeout)");
                }
                catch (Exception ex) when (LlmHttpTransport.IsTransportFailure(ex, cancellationToken))
                {
                    throw _transport.NetworkError(ex);
                }

                if (!eventBudget.IsCancellationRequested)
                {
                    eventBudget.CancelAfter(Timeout.InfiniteTimeSpan);
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

    // A body that is not an event stream (a JSON error in its place) is buffered whole, so it is read under the response cap
    // (a gzip bomb stops there too), within the per-event budget.
    private async IAsyncEnumerable<SseEvent> WholeBodyAsync(Stream body, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var whole = await PooledBody.ReadAsync(body, _transport.Resilience.MaxResponseBytes, null, cancellationToken).ConfigureAwait(false)
            ?? throw _transport.TooLarge(200, HeaderRequestId);
        var bytes = whole.Span;
        yield return new SseEvent("message", System.Text.Encoding.UTF8.GetString(bytes.StartsWith("\uFEFF"u8) ? bytes[3..] : bytes), null);
    }
}
