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
    /// <summary>Reads a vendor chat stream and normalizes it (<see cref="ChatStreamNormalizer"/>) into updates, in one iterator.</summary>
    /// <param name="transport">The instance's transport.</param>
    /// <param name="dialect">The vendor's event mapper and end rule.</param>
    /// <param name="createRequest">Creates the request; called again only when the dialect asks to reopen the stream.</param>
    /// <param name="mode">How the vendor carries text (deltas, cumulative, or detect).</param>
    /// <param name="cancellationToken">Cancels the stream; never wrapped.</param>
    /// <returns>The updates: one per chunk, then a final one with tool calls, usage and finish reason when there are any.</returns>
    /// <exception cref="LlmRequestException">
    /// The vendor reported an error (before or inside the stream, or as a failure finish reason such as Zhipu's
    /// <c>network_error</c>), the connection failed, an event or the whole stream ran over its budget
    /// (<see cref="LlmErrorKind.Timeout"/>: <c>StreamIdleTimeout</c>, <c>StreamTimeout</c>), an event was over
    /// <c>MaxStreamEventBytes</c>, or the body ended before the vendor's end marker (<see cref="LlmErrorKind.InvalidResponse"/>, transient).
    /// </exception>
    public static async IAsyncEnumerable<ChatResponseUpdate> StreamAsync(
        LlmHttpTransport transport,
        ChatStreamDialect dialect,
        Func<HttpRequestMessage> createRequest,
        TextStreamMode mode,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // The optional total budget runs from sending the request to the end marker, on the transport's clock. Every await
        // that may see its cancellation (opening the stream, reading the next event) turns it into a timeout; no iterator
        // of ours sits between the parser's events and the caller but SseResponse's and this one.
        var total = transport.Resilience.StreamTimeout ?? Timeout.InfiniteTimeSpan;
        using var budget = new CancellationTokenSource(total, transport.TimeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, budget.Token);
        var token = linked.Token;
        var normalizer = new ChatStreamNormalizer(mode);
        bool reopened = false;
        while (true)
        {
            using var request = createRequest();
            SseResponse sse;
            try
            {
                sse = await transport.OpenStreamAsync(request, token).ConfigureAwait(false);
            }
            catch (OperationCanceledException ex) when (budget.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                throw StreamTimeout(transport, total, ex);
            }

            bool reopen = false;
            await using (sse.ConfigureAwait(false))
            {
                string? requestId = sse.HeaderRequestId;
                bool yielded = false;
                bool ended = false;
                ChatFinishReason? finishReason = null;

                // One chunk per stream, refilled for each event while the event is still in the parser's buffer; the
                // normalizer is done with it before the next event is read. A keep-alive never reaches the mapper, nor does
                // the vendor's end payload ([DONE]).
                var reused = new StreamChunk();
                var endData = dialect.EndData;
                var steps = sse.ReadEventsAsync(
                        item => item.IsBlank ? StreamStep.Skip
                            : endData is not null && System.Text.Ascii.Equals(item.Utf8Data, endData) ? StreamStep.End()
                            : dialect.Map(item, reused.Reset(), requestId),
                        dialect.RepairFraming,
                        token)
                    .GetAsyncEnumerator(token);
                try
                {
                    while (true)
                    {
                        bool more;
                        try
                        {
                            more = await steps.MoveNextAsync().ConfigureAwait(false);
                        }
                        catch (OperationCanceledException ex) when (budget.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
                        {
                            throw StreamTimeout(transport, total, ex);
                        }

                        if (!more)
                        {
                            break;
                        }

                        var step = steps.Current;
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
                                yield return normalizer.Process(chunk);
                                throw failed;
                            }

                            yield return normalizer.Process(chunk);
                        }

                        if (step.IsEnd)
                        {
                            ended = true;
                            break;
                        }
                    }
                }
                finally
                {
                    await steps.DisposeAsync().ConfigureAwait(false);
                }

                if (!reopen && !ended && !dialect.CompleteWithoutMarker(finishReason))
                {
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

            if (!reopen)
            {
                break;
            }

            reopened = true;
        }

        if (normalizer.Complete() is { } last)
        {
            yield return last;
        }
    }

    private static LlmRequestException StreamTimeout(LlmHttpTransport transport, TimeSpan total, OperationCanceledException ex)
        => new(
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
