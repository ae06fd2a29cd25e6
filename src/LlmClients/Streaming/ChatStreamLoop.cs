using System.Runtime.CompilerServices;

namespace LlmClients.Streaming;

/// <summary>
/// The one chat stream loop every vendor runs: it opens the stream through <see cref="LlmHttpTransport"/> (retry, auth,
/// first-byte budget), reads the events (spec SSE, or repaired framing when the dialect asks), skips keep-alives, applies
/// the request id rule, turns in-stream errors and failure finish reasons (<see cref="FinishReasons"/>) into
/// <see cref="LlmRequestException"/>, and enforces the end-of-stream rule: a body that closes without the vendor's end
/// marker is an error, never a silently shortened answer.
/// </summary>
internal static class ChatStreamLoop
{
    /// <summary>Reads a vendor chat stream into chunks for <see cref="ChatStreamNormalizer"/>.</summary>
    /// <param name="transport">The instance's transport.</param>
    /// <param name="dialect">The vendor's event mapper and end rule.</param>
    /// <param name="createRequest">Creates the request; called again only when the dialect asks to reopen the stream.</param>
    /// <param name="cancellationToken">Cancels the stream; never wrapped.</param>
    /// <returns>The chunks, in order.</returns>
    /// <exception cref="LlmRequestException">
    /// The vendor reported an error (before or inside the stream, or as a failure finish reason such as Zhipu's
    /// <c>network_error</c>), the connection failed, an event or the whole stream ran over its budget
    /// (<see cref="LlmErrorKind.Timeout"/>: <c>StreamIdleTimeout</c>, <c>StreamTimeout</c>), an event was over
    /// <c>MaxStreamEventBytes</c>, or the body ended before the vendor's end marker (<see cref="LlmErrorKind.InvalidResponse"/>, transient).
    /// </exception>
    public static async IAsyncEnumerable<StreamChunk> ReadAsync(
        LlmHttpTransport transport,
        ChatStreamDialect dialect,
        Func<HttpRequestMessage> createRequest,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // The optional total budget runs from sending the request to the end marker, on the transport's clock.
        var total = transport.Resilience.StreamTimeout ?? Timeout.InfiniteTimeSpan;
        using var budget = new CancellationTokenSource(total, transport.TimeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, budget.Token);
        var chunks = ReadCoreAsync(transport, dialect, createRequest, linked.Token).GetAsyncEnumerator(linked.Token);
        try
        {
            while (true)
            {
                bool more;
                try
                {
                    more = await chunks.MoveNextAsync().ConfigureAwait(false);
                }
                catch (OperationCanceledException ex) when (budget.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
                {
                    throw new LlmRequestException(
                        transport.Errors.ProviderName,
                        LlmErrorKind.Timeout,
                        null,
                        null,
                        null,
                        null,
                        isTransient: true,
                        innerException: ex,
                        advice: $"the stream did not complete within {total} (StreamTimeout)");
                }

                if (!more)
                {
                    yield break;
                }

                yield return chunks.Current;
            }
        }
        finally
        {
            await chunks.DisposeAsync().ConfigureAwait(false);
        }
    }

    private static async IAsyncEnumerable<StreamChunk> ReadCoreAsync(
        LlmHttpTransport transport,
        ChatStreamDialect dialect,
        Func<HttpRequestMessage> createRequest,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        bool reopened = false;
        while (true)
        {
            using var request = createRequest();
            var sse = await transport.OpenStreamAsync(request, cancellationToken).ConfigureAwait(false);
            bool reopen = false;
            await using (sse.ConfigureAwait(false))
            {
                string? requestId = sse.HeaderRequestId;
                bool yielded = false;
                ChatFinishReason? finishReason = null;
                await foreach (var item in sse.ReadEventsAsync(dialect.RepairFraming, cancellationToken).ConfigureAwait(false))
                {
                    if (item.IsBlank)
                    {
                        continue; // A keep-alive never ends the stream and never reaches the mapper.
                    }

                    var step = dialect.Map(item, requestId);
                    if (step.Error is { } error)
                    {
                        if (!yielded && !reopened && dialect.TryReopen(request, error))
                        {
                            reopen = true;
                            break;
                        }

                        // An error event's own id first, then the response header's (the same id the vendor logs), then the last event's.
                        throw transport.Errors.CreateException(step.ErrorStatus, error with { RequestId = error.RequestId ?? sse.HeaderRequestId ?? requestId });
                    }

                    if (step.Chunk is { } chunk)
                    {
                        // The request id rule: the header's id wins, unless the vendor's body id is the one its support asks for.
                        chunk.RequestId = dialect.PreferBodyRequestId ? chunk.RequestId ?? sse.HeaderRequestId : sse.HeaderRequestId ?? chunk.RequestId;
                        requestId = chunk.RequestId ?? requestId;
                        finishReason = chunk.FinishReason ?? finishReason;
                        yielded = true;
                        if (FinishReasons.Failed(chunk.FinishReason, transport.Errors.ProviderName, requestId) is { } failed)
                        {
                            // A vendor failure reported as a finish reason (Zhipu "network_error"): hand on the text it
                            // carried, then raise instead of ending as if the answer were whole.
                            chunk.FinishReason = null;
                            yield return chunk;
                            throw failed;
                        }

                        yield return chunk;
                    }

                    if (step.IsEnd)
                    {
                        yield break;
                    }
                }

                if (!reopen)
                {
                    if (dialect.CompleteWithoutMarker(finishReason))
                    {
                        yield break;
                    }

                    throw new LlmRequestException(
                        transport.Errors.ProviderName,
                        LlmErrorKind.InvalidResponse,
                        200,
                        null,
                        null,
                        requestId,
                        isTransient: true,
                        advice: $"the stream ended before its end marker ({dialect.EndMarker}); the answer is incomplete");
                }
            }

            reopened = true;
        }
    }
}
