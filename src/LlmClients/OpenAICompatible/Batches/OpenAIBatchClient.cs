using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;

namespace LlmClients.OpenAICompatible.Batches;

/// <summary>
/// The one batch engine of every OpenAI-style Batch API (OpenAI, DashScope compatible mode, Zhipu, compatible servers):
/// JSONL built from the instance's own request bodies, <c>POST files</c> (multipart, <c>purpose=batch</c>),
/// <c>POST batches</c>, polling on <see cref="TaskPoller"/>, downloads of the output and error files mapped back by
/// <c>custom_id</c>. The vendor supplies a <see cref="BatchDialect"/> (limits and body writers) and nothing else.
/// </summary>
internal sealed partial class OpenAIBatchClient(LlmHttpTransport transport, OpenAICompatibleSettings settings, BatchDialect dialect) : IBatchClient
{
    /// <summary>Timestamps above this are milliseconds (Zhipu's batch timestamps), not seconds.</summary>
    private const long MillisecondsThreshold = 1_000_000_000_000;

    /// <summary>Gets the path every line's url starts with, for example <c>/v1</c> or <c>/v4</c>.</summary>
    /// <remarks>
    /// A line's url is the endpoint relative to the API root, which the base URL's last segment names: /v1/... for
    /// OpenAI (api.openai.com/v1/) and DashScope (compatible-mode/v1/), /v4/... for Zhipu (api/paas/v4/).
    /// </remarks>
    internal string UrlPrefix { get; } = "/" + (settings.BaseUrl.AbsolutePath.TrimEnd('/').Split('/')[^1] is { Length: > 0 } segment ? segment : "v1");

    /// <summary>The polling defaults of a batch wait: batches take minutes to hours (DashScope asks for at least a minute between polls).</summary>
    internal static LlmPollingOptions DefaultPolling => new()
    {
        InitialInterval = TimeSpan.FromMinutes(1),
        MaxInterval = TimeSpan.FromMinutes(10),
        BackoffMultiplier = 1.5,
        Timeout = TimeSpan.FromHours(24),
    };

    /// <inheritdoc />
    public Task<LlmBatchJob> SubmitChatAsync(IEnumerable<IEnumerable<ChatMessage>> conversations, ChatOptions? options = null, LlmBatchOptions? batchOptions = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(conversations);
        batchOptions ??= new();
        batchOptions.Validate(nameof(batchOptions));
        var bodies = new List<byte[]>();
        foreach (var conversation in conversations)
        {
            if (conversation is null)
            {
                throw new ArgumentException($"The conversation at index {bodies.Count} is null. Pass a list of messages for every request.", nameof(conversations));
            }

            // Never streamed: a batch line is a normal synchronous request.
            bodies.Add(dialect.ChatBody(conversation, options));
        }

        if (bodies.Count == 0)
        {
            throw new ArgumentException("There are no conversations to submit. Pass at least one.", nameof(conversations));
        }

        var files = BatchFileBuilder.Split(bodies, UrlPrefix + "/chat/completions", Math.Min(batchOptions.MaxRequestsPerBatch ?? int.MaxValue, dialect.MaxRequestsPerFile), Math.Min(batchOptions.MaxBytesPerBatch ?? long.MaxValue, dialect.MaxBytesPerFile), dialect.MaxLineBytes, nameof(conversations));
        return CreateAllAsync(files, UrlPrefix + "/chat/completions", batchOptions, cancellationToken);
    }

    /// <inheritdoc />
    public Task<LlmBatchJob> SubmitEmbeddingsAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null, LlmBatchOptions? batchOptions = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(values);
        batchOptions ??= new();
        batchOptions.Validate(nameof(batchOptions));
        var list = values as IReadOnlyList<string> ?? [.. values];
        var body = dialect.EmbeddingBodies(list, options);
        var maxLines = Math.Min(batchOptions.MaxRequestsPerBatch ?? int.MaxValue, Math.Min(dialect.MaxRequestsPerFile, dialect.MaxEmbeddingRequestsPerFile));
        var files = BatchFileBuilder.Split(list.Select(body), UrlPrefix + "/embeddings", maxLines, Math.Min(batchOptions.MaxBytesPerBatch ?? long.MaxValue, dialect.MaxBytesPerFile), dialect.MaxLineBytes, nameof(values));
        return CreateAllAsync(files, UrlPrefix + "/embeddings", batchOptions, cancellationToken);
    }

    /// <inheritdoc />
    public async Task<LlmBatchJob> WaitAsync(LlmBatchJob job, LlmPollingOptions? polling = null, IProgress<LlmBatchJob>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(job);
        polling ??= DefaultPolling;
        polling.Validate(nameof(polling));
        var current = job;
        var (last, timedOut) = await TaskPoller.PollAsync(
            async ct => current = await RefreshAsync(current, ct).ConfigureAwait(false),
            j => j.IsTerminal,
            polling,
            transport.TimeProvider,
            progress,
            cancellationToken).ConfigureAwait(false);
        if (timedOut)
        {
            throw new LlmRequestException(
                settings.ProviderName,
                LlmErrorKind.Timeout,
                null,
                last.Status.Value,
                null,
                null,
                isTransient: true,
                advice: $"the batch job is still {last.Status} after {polling.Timeout} (LlmPollingOptions.Timeout); its batches keep running: resume with ResumeAsync([{string.Join(", ", last.BatchIds.Select(id => "\"" + id + "\""))}]) and wait again");
        }

        return last;
    }

    /// <inheritdoc />
    public async Task<LlmBatchJob> ResumeAsync(IEnumerable<string> batchIds, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(batchIds);
        var ids = batchIds.ToList();
        if (ids.Count == 0 || ids.Any(string.IsNullOrWhiteSpace))
        {
            throw new ArgumentException("Pass the job's batch ids (LlmBatchJob.BatchIds), in order; none may be blank.", nameof(batchIds));
        }

        // A repeated id would place the same batch's results at two index ranges.
        if (ids.GroupBy(id => id, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1) is { } repeated)
        {
            throw new ArgumentException($"The batch id \"{repeated.Key}\" is given more than once. Pass each of the job's batch ids (LlmBatchJob.BatchIds) once, in order.", nameof(batchIds));
        }

        var parts = new List<LlmBatchJobPart>();
        var first = 0;
        foreach (var id in ids)
        {
            var batch = await GetAsync(id, cancellationToken).ConfigureAwait(false);
            int? count = batch.RequestCounts is { Total: > 0 } counts ? counts.Total : null;
            parts.Add(new LlmBatchJobPart(batch, first, count));
            first += count ?? 0;
        }

        return Reindex(parts);
    }

    /// <inheritdoc />
    public async Task<LlmBatch> GetAsync(string batchId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(batchId);
        using var request = settings.CreateRequest("batches/" + Uri.EscapeDataString(batchId), body: null);
        return await SendBatchAsync(request, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<LlmBatch> CancelAsync(string batchId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(batchId);

        // POST with no body, as OpenAI documents it.
        using var request = settings.CreateRequest("batches/" + Uri.EscapeDataString(batchId) + "/cancel", body: null);
        request.Method = HttpMethod.Post;
        return await SendBatchAsync(request, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<LlmBatchList> ListAsync(string? after = null, int? limit = null, CancellationToken cancellationToken = default)
    {
        if (limit is < 1 or > 100)
        {
            throw new ArgumentOutOfRangeException(nameof(limit), limit, "limit must be 1 to 100; leave it null for the vendor's default.");
        }

        if (after is { Length: > 0 } && string.IsNullOrWhiteSpace(after))
        {
            throw new ArgumentException("after is only white space. Pass the last batch id of the previous page (LlmBatchList.LastId), or null for the first page.", nameof(after));
        }

        using var request = settings.CreateRequest(QueryString.Append("batches", ("after", after), ("limit", limit?.ToString(CultureInfo.InvariantCulture))), body: null);
        var response = await transport.SendAsync(request, OpenAIJsonContext.Default.BatchListWire, cancellationToken).ConfigureAwait(false);

        // Quirk: DashScope answers an empty list with "data": null.
        var data = (response.Value.Data ?? []).Select(e => FromWire(e, response.HeaderRequestId)).ToList();
        return new LlmBatchList(data, response.Value.HasMore ?? false, response.Value.LastId ?? (data.Count > 0 ? data[^1].TaskId : null));
    }

    /// <summary>Maps a batch object.</summary>
    /// <param name="element">The JSON object.</param>
    /// <param name="requestId">The request id, for errors.</param>
    /// <returns>The batch.</returns>
    internal LlmBatch FromWire(JsonElement element, string? requestId)
    {
        var wire = transport.Deserialize(element.GetRawText(), OpenAIJsonContext.Default.BatchWire, requestId);
        if (string.IsNullOrWhiteSpace(wire.Id) || string.IsNullOrWhiteSpace(wire.Status))
        {
            throw new LlmRequestException(settings.ProviderName, LlmErrorKind.InvalidResponse, 200, null, null, requestId, isTransient: false, advice: "the batch object has no id or status");
        }

        return new LlmBatch(wire.Id, new LlmBatchStatus(wire.Status))
        {
            Endpoint = wire.Endpoint,
            InputFileId = NullIfEmpty(wire.InputFileId),

            // Quirk: Zhipu reports "no file yet" as "" rather than null.
            OutputFileId = NullIfEmpty(wire.OutputFileId),
            ErrorFileId = NullIfEmpty(wire.ErrorFileId),
            CompletionWindow = wire.CompletionWindow,
            RequestCounts = Counts(wire),
            Errors = [.. (wire.Errors?.Data ?? []).Select(e => new LlmBatchError(e.Code, e.Message, e.Param, e.Line))],
            Metadata = (wire.Metadata ?? []).Where(p => p.Value.ValueKind == JsonValueKind.String).ToDictionary(p => p.Key, p => p.Value.GetString()!),
            CreatedAt = Time(wire.CreatedAt),
            ExpiresAt = Time(wire.ExpiresAt),
            EndedAt = Time(wire.CompletedAt ?? wire.FailedAt ?? wire.ExpiredAt ?? wire.CancelledAt),
            RequestId = requestId,
            RawRepresentation = element.Clone(),
        };
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;

    // Quirk: Zhipu's batch timestamps were seen in milliseconds (its files' in seconds, its docs say seconds): a value above 10^12 is milliseconds.
    private static DateTimeOffset? Time(long? value) => value switch
    {
        null or <= 0 => null,
        > MillisecondsThreshold => DateTimeOffset.FromUnixTimeMilliseconds(value.Value),
        _ => DateTimeOffset.FromUnixTimeSeconds(value.Value),
    };

    // request_counts is an object everywhere, but Zhipu's API reference renders it as a number with total/completed/failed
    // beside it; both are read. Zhipu leaves the fields null while validating.
    private static LlmBatchRequestCounts? Counts(BatchWire wire)
    {
        if (wire.RequestCounts is { ValueKind: JsonValueKind.Object } element)
        {
            var counts = element.Deserialize(OpenAIJsonContext.Default.BatchRequestCountsWire);
            if (counts is { Total: not null } or { Completed: not null } or { Failed: not null })
            {
                return new(counts!.Total ?? 0, counts.Completed ?? 0, counts.Failed ?? 0);
            }
        }

        return wire.Total is null && wire.Completed is null && wire.Failed is null ? null : new(wire.Total ?? 0, wire.Completed ?? 0, wire.Failed ?? 0);
    }

    private static LlmBatchJob Reindex(List<LlmBatchJobPart> parts)
    {
        var first = 0;
        for (var i = 0; i < parts.Count; i++)
        {
            parts[i] = parts[i] with { FirstIndex = first };
            first += parts[i].Count ?? 0;
        }

        return new LlmBatchJob(parts);
    }

    private async Task<LlmBatch> SendBatchAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await transport.SendAsync(request, OpenAIJsonContext.Default.JsonElement, cancellationToken).ConfigureAwait(false);
        return FromWire(response.Value, response.HeaderRequestId);
    }

    private async Task<LlmBatchJob> RefreshAsync(LlmBatchJob job, CancellationToken cancellationToken)
    {
        var parts = new List<LlmBatchJobPart>(job.Parts.Count);
        foreach (var part in job.Parts)
        {
            if (part.Batch.Status.IsTerminal && part.Count is not null)
            {
                parts.Add(part);
                continue;
            }

            var batch = await GetAsync(part.Batch.TaskId, cancellationToken).ConfigureAwait(false);
            parts.Add(part with { Batch = batch, Count = part.Count ?? (batch.RequestCounts is { Total: > 0 } c ? c.Total : null) });
        }

        return Reindex(parts);
    }

    private async Task<LlmBatchJob> CreateAllAsync(List<(int FirstIndex, int Count, byte[] Content)> files, string endpoint, LlmBatchOptions batchOptions, CancellationToken cancellationToken)
    {
        var parts = new List<LlmBatchJobPart>(files.Count);
        try
        {
            for (var i = 0; i < files.Count; i++)
            {
                var (first, count, content) = files[i];
                var fileId = await UploadAsync(content, string.Create(CultureInfo.InvariantCulture, $"llmclients-batch-{i + 1}-of-{files.Count}.jsonl"), cancellationToken).ConfigureAwait(false);
                var body = JsonSerializer.SerializeToUtf8Bytes(new BatchCreateRequest(fileId, endpoint, batchOptions.CompletionWindow, batchOptions.Metadata), OpenAIJsonContext.Default.BatchCreateRequest);
                using var request = settings.CreateRequest("batches", body);
                parts.Add(new LlmBatchJobPart(await SendBatchAsync(request, cancellationToken).ConfigureAwait(false), first, count));
            }
        }
        catch (Exception) when (parts.Count > 0)
        {
            // A half-submitted job would run (and bill) without the caller knowing its ids: cancel what was created.
            foreach (var part in parts)
            {
#pragma warning disable CA1031 // Best effort: the original failure is what the caller must see.
                try
                {
                    await CancelAsync(part.Batch.TaskId, CancellationToken.None).ConfigureAwait(false);
                }
                catch (Exception)
                {
                }
#pragma warning restore CA1031
            }

            throw;
        }

        return new LlmBatchJob(parts);
    }

    private async Task<string> UploadAsync(byte[] content, string fileName, CancellationToken cancellationToken)
    {
        // Byte-array parts keep the body re-readable, so the retry handler can resend it.
        var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        form.Add(new StringContent("batch"), "purpose");
        form.Add(file, "file", fileName);
        using var request = settings.CreateRequest("files", body: null);
        request.Method = HttpMethod.Post;
        request.Content = form;
        var response = await transport.SendAsync(request, OpenAIJsonContext.Default.BatchFileWire, cancellationToken).ConfigureAwait(false);
        return NullIfEmpty(response.Value.Id)
            ?? throw new LlmRequestException(settings.ProviderName, LlmErrorKind.InvalidResponse, 200, null, null, response.HeaderRequestId, isTransient: false, advice: "the file upload answered without a file id");
    }
}
