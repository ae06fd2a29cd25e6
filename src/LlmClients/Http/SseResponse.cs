using System.IO.Compression;
using System.Net.ServerSentEvents;
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
    /// Enumerates what <paramref name="map"/> makes of each event. A non-SSE body is surfaced as one <c>message</c> event holding the whole body.
    /// Each event must arrive complete within <see cref="Resilience.LlmResilienceOptions.StreamIdleTimeout"/> (bytes that do
    /// not complete an event do not restart the budget) and hold at most
    /// <see cref="Resilience.LlmResilienceOptions.MaxStreamEventBytes"/>. Transport failures mid-stream become
    /// <see cref="LlmRequestException"/> of kind <see cref="LlmErrorKind.Network"/>; nothing is retried once the stream has started.
    /// </summary>
    /// <typeparam name="T">What one event maps to.</typeparam>
    /// <param name="map">Maps one event while its payload is still in the parser's buffer (valid only during the call).</param>
    /// <param name="repairFraming">Whether the vendor's framing needs <see cref="SseFramingStream"/>; false reads spec SSE.</param>
    /// <param name="cancellationToken">Cancels the enumeration; never wrapped.</param>
    /// <returns>The mapped events.</returns>
    /// <exception cref="LlmRequestException">
    /// An event took longer than its budget (<see cref="LlmErrorKind.Timeout"/>, transient), an event was over the size cap
    /// (<see cref="LlmErrorKind.InvalidResponse"/>), or the connection failed (<see cref="LlmErrorKind.Network"/>).
    /// </exception>
    public async IAsyncEnumerable<T> ReadEventsAsync<T>(Func<SseEvent, T> map, bool repairFraming = false, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var options = _transport.Resilience;
        var provider = _transport.Errors.ProviderName;

        // The per-event budget cancels the reads through this token; it counts per event, not per read.
        using var eventBudget = new SseEventBudget(options.StreamIdleTimeout, _transport.TimeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, eventBudget.Token);
        Stream body = await _response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        if (_response.Content.Headers.ContentEncoding.Contains("gzip", StringComparer.OrdinalIgnoreCase))
        {
            // Quirk: DashScope gzips SSE bodies (any vendor may); a handler without automatic decompression leaves them to us.
            body = new GZipStream(body, CompressionMode.Decompress);
        }

        IAsyncEnumerator<SseItem<T>> events;
        if (IsEventStream)
        {
            // The parser is enumerated here directly; disposing what it reads disposes the body.
            events = SseEventReader.Create(body, repairFraming, map, options.MaxStreamEventBytes, provider, out body).EnumerateAsync(linked.Token).GetAsyncEnumerator(linked.Token);
        }
        else
        {
            events = WholeBodyAsync(body, map, linked.Token).GetAsyncEnumerator(linked.Token);
        }

        await using var bodyScope = body.ConfigureAwait(false);
        try
        {
            while (true)
            {
                // Events already buffered are read without touching the socket, so the caller's token is checked here too.
                cancellationToken.ThrowIfCancellationRequested();
                bool more;
                eventBudget.StartWait();

                try
                {
                    more = await events.MoveNextAsync().ConfigureAwait(false);
                }
                catch (Exception ex) when (eventBudget.IsExpired && !cancellationToken.IsCancellationRequested && ex is OperationCanceledException or IOException)
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

                eventBudget.EndWait();

                if (!more)
                {
                    yield break;
                }

                yield return events.Current.Data;
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
    private async IAsyncEnumerable<SseItem<T>> WholeBodyAsync<T>(Stream body, Func<SseEvent, T> map, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var whole = await PooledBody.ReadAsync(body, _transport.Resilience.MaxResponseBytes, null, cancellationToken).ConfigureAwait(false)
            ?? throw _transport.TooLarge(200, HeaderRequestId);
        yield return new SseItem<T>(MapWhole(whole, map), "message");
    }

    private static T MapWhole<T>(PooledBody whole, Func<SseEvent, T> map)
    {
        var bytes = whole.Span;
        return map(new SseEvent("message", bytes.StartsWith("\uFEFF"u8) ? bytes[3..] : bytes, null));
    }
}
