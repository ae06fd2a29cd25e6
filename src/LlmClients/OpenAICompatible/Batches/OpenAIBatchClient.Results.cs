using System.Globalization;
using System.Text.Json;

namespace LlmClients.OpenAICompatible.Batches;

internal sealed partial class OpenAIBatchClient
{
    /// <inheritdoc />
    public Task<LlmBatchResults<ChatResponse>> GetChatResultsAsync(LlmBatchJob job, CancellationToken cancellationToken = default)
        => GetResultsAsync(job, "/chat/completions", ParseChat, cancellationToken);

    /// <inheritdoc />
    public Task<LlmBatchResults<Embedding<float>>> GetEmbeddingResultsAsync(LlmBatchJob job, CancellationToken cancellationToken = default)
        => GetResultsAsync(job, "/embeddings", ParseEmbedding, cancellationToken);

    /// <summary>Maps a successful chat line body; a failed finish reason (Zhipu's <c>network_error</c>) is that line's error.</summary>
    private ChatResponse ParseChat(JsonElement body, string? requestId)
    {
        var wire = body.Deserialize(OpenAIJsonContext.Default.OpenAIChatResponse) ?? throw new JsonException("The body is JSON null.");

        // Quirk: Zhipu keeps request_id inside the body; elsewhere it is the line's response.request_id.
        requestId = wire.RequestId ?? requestId;
        var chat = OpenAIChatMapper.FromWire(wire, requestId);
        return FinishReasons.Failed(chat.FinishReason, settings.ProviderName, requestId) is { } failed ? throw failed : chat;
    }

    /// <summary>Maps a successful embedding line body: exactly one vector (one text per line).</summary>
    private Embedding<float> ParseEmbedding(JsonElement body, string? requestId)
    {
        var wire = body.Deserialize(OpenAIJsonContext.Default.OpenAIEmbeddingResponse) ?? throw new JsonException("The body is JSON null.");
        var result = OpenAIEmbeddingClient.FromWire(wire, wire.RequestId ?? requestId);
        if (result.Count != 1 || result[0].Vector.IsEmpty)
        {
            throw new LlmRequestException(settings.ProviderName, LlmErrorKind.InvalidResponse, 200, null, null, requestId, isTransient: false, advice: string.Create(CultureInfo.InvariantCulture, $"the line holds {result.Count} embeddings where one vector was sent for"));
        }

        result[0].AdditionalProperties = result.AdditionalProperties;
        return result[0];
    }

    private async Task<LlmBatchResults<T>> GetResultsAsync<T>(LlmBatchJob job, string path, Func<JsonElement, string?, T> parse, CancellationToken cancellationToken)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(job);
        var refreshed = await RefreshAsync(job, cancellationToken).ConfigureAwait(false);
        foreach (var part in refreshed.Parts)
        {
            if (!part.Batch.Status.IsTerminal)
            {
                throw new InvalidOperationException($"Batch {part.Batch.TaskId} is still {part.Batch.Status}. Call WaitAsync first; results exist once every batch has ended.");
            }

            if (part.Batch.Endpoint is { } endpoint && !endpoint.EndsWith(path, StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"Batch {part.Batch.TaskId} calls {endpoint}, not {UrlPrefix}{path}. Read it with the results method of its kind.");
            }

            if (part.Count is null)
            {
                throw new InvalidOperationException($"Batch {part.Batch.TaskId} ended as {part.Batch.Status} without reporting how many requests it held, so its inputs cannot be placed. Resume from the LlmBatchJob returned by the submit (its parts keep their sizes).");
            }
        }

        var items = new List<LlmBatchItem<T>>(refreshed.Count ?? 0);
        foreach (var part in refreshed.Parts)
        {
            items.AddRange(await ReadPartAsync(part, parse, cancellationToken).ConfigureAwait(false));
        }

        return new LlmBatchResults<T>(refreshed, items);
    }

    private async Task<LlmBatchItem<T>[]> ReadPartAsync<T>(LlmBatchJobPart part, Func<JsonElement, string?, T> parse, CancellationToken cancellationToken)
        where T : class
    {
        var batch = part.Batch;
        var count = part.Count!.Value;
        var results = new LlmBatchItem<T>?[count];

        // Both files are read whatever the status: cancelled, expired and failed batches can hold partial results.
        foreach (var fileId in new[] { batch.OutputFileId, batch.ErrorFileId })
        {
            if (fileId is null)
            {
                continue;
            }

            using var request = settings.CreateRequest("files/" + Uri.EscapeDataString(fileId) + "/content", body: null);
            await transport.DownloadAsync(
                request,
                (stream, ct) => BatchLineReader.ReadAsync(stream, transport.Resilience.MaxResponseBytes, line => Place(line, part, results, parse), ct),
                cancellationToken).ConfigureAwait(false);
        }

        var items = new LlmBatchItem<T>[count];
        for (var i = 0; i < count; i++)
        {
            items[i] = results[i] ?? new LlmBatchItem<T>(part.FirstIndex + i, batch.TaskId, null, Missing(batch, i));
        }

        return items;
    }

    /// <summary>Maps one result line to its input (by <c>custom_id</c>); a line naming no input of this batch, or a repeat, is ignored.</summary>
    private void Place<T>(ReadOnlySpan<byte> line, LlmBatchJobPart part, LlmBatchItem<T>?[] results, Func<JsonElement, string?, T> parse)
        where T : class
    {
        BatchOutputLineWire? wire;
        try
        {
            wire = JsonSerializer.Deserialize(line, OpenAIJsonContext.Default.BatchOutputLineWire);
        }
        catch (JsonException)
        {
            // Without a custom_id the line cannot be placed; its input is reported missing, never dropped.
            return;
        }

        if (wire?.CustomId is not { } customId || !int.TryParse(customId, NumberStyles.None, CultureInfo.InvariantCulture, out var local) || local >= results.Length || results[local] is not null)
        {
            return;
        }

        var response = wire.Response;
        var requestId = response?.RequestId;
        LlmRequestException? error = null;
        T? value = null;
        if (wire.Error is { } lineError && (lineError.Code ?? lineError.ErrorCode ?? lineError.Message ?? lineError.ErrorMessage) is not null)
        {
            error = LineError(lineError.Code ?? lineError.ErrorCode, lineError.Message ?? lineError.ErrorMessage, response?.StatusCode, requestId);
        }
        else if (response is null || response.Body is not { ValueKind: JsonValueKind.Object } body)
        {
            error = new LlmRequestException(settings.ProviderName, LlmErrorKind.InvalidResponse, response?.StatusCode, null, null, requestId, isTransient: false, advice: "the result line has neither a response body nor an error");
        }
        else if (response.StatusCode is int status and not (>= 200 and < 300))
        {
            // An HTTP-level failure of the line: the vendor's usual error body, mapped as the synchronous call would map it.
            var raw = JsonSerializer.SerializeToUtf8Bytes(body, OpenAIJsonContext.Default.JsonElement);
            var parsed = transport.Errors.ParseError(status, raw);
            error = transport.Errors.CreateException(status, parsed is { RequestId: null } ? parsed with { RequestId = requestId } : parsed);
        }
        else
        {
            try
            {
                value = parse(body, requestId);
            }
            catch (LlmRequestException ex)
            {
                error = ex;
            }
            catch (JsonException ex)
            {
                error = new LlmRequestException(settings.ProviderName, LlmErrorKind.InvalidResponse, 200, null, null, requestId, isTransient: false, innerException: ex, advice: "the result line's body could not be parsed");
            }
        }

        results[local] = new LlmBatchItem<T>(part.FirstIndex + local, part.Batch.TaskId, value, error);
    }

    private LlmRequestException LineError(string? code, string? message, int? status, string? requestId)
    {
        // Lines that never ran carry codes such as batch_expired or batch_cancelled: they may succeed if submitted again.
        var kind = code switch
        {
            "batch_expired" => LlmErrorKind.Timeout,
            "batch_cancelled" or "cancelled" => LlmErrorKind.Unknown,
            _ when status is int s and not (>= 200 and < 300) => transport.Errors.Evaluate(s, null).Kind,
            _ => LlmErrorKind.InvalidRequest,
        };
        return new LlmRequestException(settings.ProviderName, kind, status, code, message, requestId, isTransient: kind == LlmErrorKind.Timeout || code is "batch_cancelled" or "cancelled");
    }

    /// <summary>The error of an input absent from both result files: why depends on how the batch ended.</summary>
    private LlmRequestException Missing(LlmBatch batch, int local)
    {
        var provider = settings.ProviderName;
        if (batch.Status == LlmBatchStatus.Failed)
        {
            var own = batch.Errors.FirstOrDefault(e => e.Line == local + 1);
            var any = own ?? (batch.Errors.Count > 0 ? batch.Errors[0] : null);
            return new LlmRequestException(
                provider,
                LlmErrorKind.InvalidRequest,
                null,
                any?.Code ?? "batch_failed",
                any?.Message,
                null,
                isTransient: false,
                advice: own is not null
                    ? $"batch {batch.TaskId} failed validation at this input's line {local + 1}"
                    : $"batch {batch.TaskId} failed before this input ran{(any?.Line is int line ? $" (the first error is at line {line})" : "")}; fix the input and submit again");
        }

        if (batch.Status == LlmBatchStatus.Expired)
        {
            return new LlmRequestException(provider, LlmErrorKind.Timeout, null, "batch_expired", null, null, isTransient: true, advice: $"batch {batch.TaskId} expired before this input ran; submit it again");
        }

        if (batch.Status == LlmBatchStatus.Cancelled)
        {
            return new LlmRequestException(provider, LlmErrorKind.Unknown, null, "batch_cancelled", null, null, isTransient: true, advice: $"batch {batch.TaskId} was cancelled before this input ran");
        }

        return new LlmRequestException(
            provider,
            LlmErrorKind.InvalidResponse,
            null,
            null,
            null,
            null,
            isTransient: false,
            advice: $"batch {batch.TaskId} ended {batch.Status} but this input (custom_id \"{local.ToString(CultureInfo.InvariantCulture)}\") is in neither its output nor its error file");
    }
}
