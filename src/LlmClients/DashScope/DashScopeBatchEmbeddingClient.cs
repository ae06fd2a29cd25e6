using System.IO.Compression;
using System.Text;
using System.Text.Json;
using LlmClients.Auth;

namespace LlmClients.DashScope;

/// <summary>The <see cref="IDashScopeBatchEmbeddingClient"/> of one DashScope instance, on its task client.</summary>
internal sealed class DashScopeBatchEmbeddingClient(DashScopeTaskClient tasks) : IDashScopeBatchEmbeddingClient
{
    /// <inheritdoc />
    public async Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(Uri inputUrl, DashScopeBatchEmbeddingOptions? options = null, IProgress<DashScopeTask>? progress = null, CancellationToken cancellationToken = default)
    {
        Validate(options);
        var task = await SubmitAsync(inputUrl, options, cancellationToken).ConfigureAwait(false);
        progress?.Report(task);
        return await GetResultsAsync(task.TaskId, options, progress, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public Task<DashScopeTask> SubmitAsync(Uri inputUrl, DashScopeBatchEmbeddingOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(inputUrl);
        if (!inputUrl.IsAbsoluteUri || inputUrl.Scheme is not ("http" or "https"))
        {
            throw new ArgumentException(
                "inputUrl must be an absolute http(s) URL that DashScope can download (one text per line), for example the Url of a file uploaded with IDashScopeNativeFileClient.",
                nameof(inputUrl));
        }

        Validate(options);
        return tasks.SubmitAsync(DashScopeEmbeddingClient.EmbeddingPath, BuildBody(inputUrl, options), cancellationToken);
    }

    /// <inheritdoc />
    public async Task<GeneratedEmbeddings<Embedding<float>>> GetResultsAsync(string taskId, DashScopeBatchEmbeddingOptions? options = null, IProgress<DashScopeTask>? progress = null, CancellationToken cancellationToken = default)
    {
        Validate(options);
        var task = await tasks.WaitForCompletionAsync(taskId, options?.Polling, progress, cancellationToken).ConfigureAwait(false);
        if (task.ResultUrl is not { } url)
        {
            throw new LlmRequestException(DashScopeSettings.ProviderName, LlmErrorKind.InvalidResponse, 200, null, null, task.RequestId, isTransient: false, advice: $"batch embedding task {task.TaskId} succeeded without a result url (output.url)");
        }

        // Quirk: the result is a signed object-storage URL on another host; it is fetched without the DashScope key and
        // never printed (its query string is the credential).
        using var request = new AnonymousRequest(HttpMethod.Get, url);
        var (body, _) = await tasks.Transport.SendForBytesAsync(request, cancellationToken).ConfigureAwait(false);
        var model = (task.RawRepresentation as DashScopeTaskResponse)?.Output?.Model ?? options?.ModelId ?? DashScopeBatchEmbeddingOptions.DefaultModel;
        var result = Parse(body, task.TaskId, model, options?.ExpectedCount, task.RequestId);
        result.Usage = task.Usage;
        result.AdditionalProperties = ResponseProperties.RequestId(task.RequestId);
        return result;
    }

    /// <summary>Builds the submission body: <c>{"model", "input":{"url"}, "parameters":{"text_type"}}</c>.</summary>
    /// <param name="inputUrl">The input file URL.</param>
    /// <param name="options">The options.</param>
    /// <returns>The UTF-8 body.</returns>
    internal static byte[] BuildBody(Uri inputUrl, DashScopeBatchEmbeddingOptions? options)
    {
        var request = new DashScopeEmbeddingRequest<DashScopeBatchEmbeddingInput>
        {
            Model = options?.ModelId ?? DashScopeBatchEmbeddingOptions.DefaultModel,
            Input = new DashScopeBatchEmbeddingInput(inputUrl.AbsoluteUri),
            Parameters = options?.InputType is { } type ? new DashScopeEmbeddingParameters(type.Value, Dimension: null) : null,
        };
        return WireJson.Serialize(request, DashScopeJsonContext.Default.DashScopeBatchEmbeddingRequest);
    }

    /// <summary>
    /// Parses a result file (gzip or plain): one JSON object per line, <c>{"output":{"text_index","embedding","code","message"}}</c>
    /// or the same fields at the top level, in any order. Every line 0..n-1 must be there exactly once and succeeded.
    /// </summary>
    /// <param name="body">The downloaded file.</param>
    /// <param name="taskId">The task id, for messages.</param>
    /// <param name="model">The model.</param>
    /// <param name="expectedCount">The number of input lines, if known.</param>
    /// <param name="requestId">The request id, for errors.</param>
    /// <returns>The embeddings, ordered by <c>text_index</c>.</returns>
    /// <exception cref="LlmRequestException">The file cannot be read, has failed, repeated or missing lines, or the wrong count.</exception>
    internal static GeneratedEmbeddings<Embedding<float>> Parse(byte[] body, string taskId, string model, int? expectedCount, string? requestId)
    {
        var found = new SortedDictionary<int, float[]>();
        var failures = new List<string>();
        var failed = new HashSet<int>();
        int seen = 0;
        try
        {
            // The file is gzip (.txt.gz) as DashScope writes it; a server that already decoded it sends plain text.
            using Stream raw = new MemoryStream(body, writable: false);
            using Stream text = body.Length > 2 && body[0] == 0x1f && body[1] == 0x8b ? new GZipStream(raw, CompressionMode.Decompress) : raw;
            using var reader = new StreamReader(text, Encoding.UTF8);
            int lineNo = 0;
            while (reader.ReadLine() is { } line)
            {
                lineNo++;
                if (string.IsNullOrWhiteSpace(line))
                {
                    continue;
                }

                var wire = JsonSerializer.Deserialize(line, DashScopeJsonContext.Default.DashScopeBatchEmbeddingLine)
                    ?? throw new JsonException($"line {lineNo} is JSON null");
                var item = wire.Output ?? wire;
                if (item.TextIndex is not int index || index < 0)
                {
                    throw new JsonException($"line {lineNo} has no text_index");
                }

                seen = Math.Max(seen, index + 1);
                var code = item.Code is { ValueKind: JsonValueKind.Number } n ? n.GetRawText() : item.Code is { ValueKind: JsonValueKind.String } s ? s.GetString() : null;
                if (code is not (null or "200" or "Success") || item.Embedding is not { Length: > 0 })
                {
                    failed.Add(index);
                    failures.Add($"text {index}: {code ?? "no embedding"} {item.Message}".TrimEnd());
                }
                else if (!found.TryAdd(index, item.Embedding))
                {
                    throw new JsonException($"text_index {index} appears twice");
                }
            }
        }
        catch (Exception ex) when (ex is JsonException or InvalidDataException)
        {
            throw new LlmRequestException(DashScopeSettings.ProviderName, LlmErrorKind.InvalidResponse, 200, null, null, requestId, isTransient: false, innerException: ex, advice: $"the result file of batch embedding task {taskId} cannot be read: {ex.Message}");
        }

        var missingList = Enumerable.Range(0, Math.Max(seen, expectedCount ?? 0)).Where(i => !found.ContainsKey(i) && !failed.Contains(i)).ToList();
        var missing = missingList.Count;
        if (failures.Count > 0 || missingList.Count > 0 || (expectedCount is int expected && seen > expected))
        {
            var parts = new List<string>();
            if (failures.Count > 0)
            {
                parts.Add($"{failures.Count} failed ({string.Join("; ", failures.Take(5))}{(failures.Count > 5 ? "; ..." : string.Empty)})");
            }

            if (missing > 0)
            {
                parts.Add($"{missing} missing (no line for text_index {string.Join(", ", missingList.Take(10))}{(missingList.Count > 10 ? ", ..." : string.Empty)})");
            }

            if (expectedCount is int e && seen > e)
            {
                parts.Add($"lines up to text_index {seen - 1} for {e} expected lines");
            }

            throw new LlmRequestException(
                DashScopeSettings.ProviderName, LlmErrorKind.InvalidResponse, 200, null, null, requestId, isTransient: false, advice: $"batch embedding task {taskId} did not embed every line: {string.Join(", ", parts)}");
        }

        var result = new GeneratedEmbeddings<Embedding<float>>(found.Count);
        foreach (var (_, vector) in found)
        {
            result.Add(new Embedding<float>(vector) { ModelId = model });
        }

        return result;
    }

    private static void Validate(DashScopeBatchEmbeddingOptions? options)
    {
        if (options is null)
        {
            return;
        }

        if (string.IsNullOrWhiteSpace(options.ModelId) || !options.ModelId.StartsWith("text-embedding-async", StringComparison.OrdinalIgnoreCase))
        {
            throw new ArgumentException(
                $"DashScopeBatchEmbeddingOptions.ModelId is '{options.ModelId}'; batch embeddings run on \"text-embedding-async-v1\" or \"text-embedding-async-v2\" (for other models use the IEmbeddingClient).",
                nameof(options));
        }

        if (options.ExpectedCount is <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.ExpectedCount, "DashScopeBatchEmbeddingOptions.ExpectedCount must be positive (the input file's line count), or null.");
        }

        options.Polling?.Validate(nameof(options));
    }
}
