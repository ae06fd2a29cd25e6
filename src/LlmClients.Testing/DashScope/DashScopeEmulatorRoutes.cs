namespace LlmClients.Testing.DashScope;

/// <summary>
/// DashScope: the native API under <c>/api/v1</c> (text generation in text and message formats, multimodal generation
/// whose contents are lists of <c>{"text"|"image"|"audio"|"video": ..}</c>, DashScope SSE, embeddings with the per-model caps) and compatible mode under <c>/compatible-mode/v1</c> (OpenAI-shaped chat and
/// embeddings, and the Files API used by qwen-long).
/// </summary>
internal static partial class DashScopeEmulatorRoutes
{
    public static void Map(IEndpointRouteBuilder endpoints, EmulatorState state)
    {
        var files = new FileStore();

        // The Batch API of compatible mode on the shared engine, with DashScope's quirks: file-batch-/file-batch_output- ids,
        // request ids (UUIDs) as line ids, expires_at null, "data": null for an empty list, cancelled requests counted failed.
        var batches = new EmulatorBatchEngine(state, EmulatorBatchDialect.OpenAIStyle(state, "/v1") with
        {
            InputFileIdPrefix = "file-batch-emu",
            OutputFileIdPrefix = "file-batch_output-emu",
            LineShape = EmulatorBatchLineShape.DashScope,
            NullExpiresAt = true,
            NullDataWhenEmpty = true,
            CancelledLinesAreFailures = true,
        });
        var batch = new BatchStore();
        var native = endpoints.MapGroup(DashScopeEmulator.NativePrefix).WithMetadata(DashScopeEmulatorDialect.Instance);
        MapTasks(endpoints, native, state, batch);
        native.MapPost("/services/aigc/text-generation/generation", (RequestDelegate)(context => HandleNativeAsync(context, state, (c, b) => HandleGenerationAsync(c, state, files, b, multimodal: false))));
        native.MapPost("/services/aigc/multimodal-generation/generation", (RequestDelegate)(context => HandleNativeAsync(context, state, (c, b) => HandleGenerationAsync(c, state, files, b, multimodal: true))));
        native.MapPost("/services/embeddings/text-embedding/text-embedding", (RequestDelegate)(context => HandleNativeAsync(context, state, (c, b) => IsBatchModel(b) ? HandleBatchSubmitAsync(c, state, batch, b) : HandleEmbeddingsAsync(c, state, b))));

        // Compatible mode speaks OpenAI's wire format (errors included), so it reuses the OpenAI routes behind DashScope's checks.
        var compatible = endpoints.MapGroup(DashScopeEmulator.CompatiblePrefix).WithMetadata(OpenAICompatibleEmulatorDialect.Instance);
        compatible.MapPost("/chat/completions", (RequestDelegate)(context => OpenAICompatibleEmulatorRoutes.HandleAsync(context, state, (c, s, b) => HandleCompatibleChatAsync(c, s, files, b))));
        compatible.MapPost("/embeddings", (RequestDelegate)(context => OpenAICompatibleEmulatorRoutes.HandleAsync(context, state, HandleCompatibleEmbeddingsAsync)));
        compatible.MapPost("/files", (RequestDelegate)(context => HandleUploadAsync(context, state, files, batches)));
        compatible.MapGet("/files", (RequestDelegate)(context => HandleFilesAsync(context, state, files, null)));
        compatible.MapGet("/files/{id}", (RequestDelegate)(context => BatchFile(context, batches) is { } id ? Batch(context, state, c => batches.FileAsync(c, id)) : HandleFilesAsync(context, state, files, (string?)context.Request.RouteValues["id"])));
        compatible.MapGet("/files/{id}/content", (RequestDelegate)(context => BatchFile(context, batches) is { } id ? Batch(context, state, c => batches.ContentAsync(c, id)) : HandleFileContentAsync(context, state, files, (string?)context.Request.RouteValues["id"])));
        compatible.MapDelete("/files/{id}", (RequestDelegate)(context => BatchFile(context, batches) is { } id ? Batch(context, state, c => batches.DeleteAsync(c, id)) : HandleDeleteAsync(context, state, files, (string?)context.Request.RouteValues["id"])));
        batches.Map(compatible, files: false);
    }

    /// <summary>Returns the route's file id when it names a batch file (input or output), else null.</summary>
    private static string? BatchFile(HttpContext context, EmulatorBatchEngine batches) =>
        context.Request.RouteValues["id"] is string id && batches.Files.ContainsKey(id) ? id : null;

    private static async Task Batch(HttpContext context, EmulatorState state, Func<HttpContext, Task> handler)
    {
        if (await AuthorizeCompatibleAsync(context, state).ConfigureAwait(false))
        {
            await handler(context).ConfigureAwait(false);
        }
    }

    private static string RequestId(HttpContext context) => context.Response.Headers[DashScopeEmulatorDialect.Instance.RequestIdHeader].ToString();

    private static async Task<bool> AuthorizeNativeAsync(HttpContext context, EmulatorState state)
    {
        const string Prefix = "Bearer ";
        var header = context.Request.Headers.Authorization.ToString();
        var key = header.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase) ? header[Prefix.Length..].Trim() : "";
        if (key.Length == 0 || string.Equals(key, state.Options.RejectedApiKey, StringComparison.Ordinal))
        {
            // Verbatim message of auth-error-nosse (2024-11).
            await WriteNativeErrorAsync(context, 401, "InvalidApiKey", key.Length == 0 ? "No API-key provided." : "Invalid API-key provided.").ConfigureAwait(false);
            return false;
        }

        return true;
    }

    private static async Task HandleNativeAsync(HttpContext context, EmulatorState state, Func<HttpContext, JsonObject, Task> handler)
    {
        if (!await AuthorizeNativeAsync(context, state).ConfigureAwait(false))
        {
            return;
        }

        if (EmulatorJson.ParseObject(EmulatorRequestContext.From(context).Request.Body) is not { } body)
        {
            await WriteNativeErrorAsync(context, 400, "InvalidParameter", "The request body is not valid JSON.").ConfigureAwait(false);
            return;
        }

        if (string.IsNullOrEmpty(EmulatorJson.GetString(body, "model")))
        {
            await WriteNativeErrorAsync(context, 400, "BadRequest.EmptyModel", "Required parameter \"model\" missing from request.").ConfigureAwait(false);
            return;
        }

        await handler(context, body).ConfigureAwait(false);
    }

    private static Task WriteNativeErrorAsync(HttpContext context, int status, string code, string message) =>
        EmulatorResponses.WriteRawAsync(context, status, EmulatorJson.Serialize(DashScopeEmulatorDialect.Error(code, message, RequestId(context))));

    private static JsonObject Parameters(JsonObject body) => body["parameters"] as JsonObject ?? [];

    /// <summary>The emulated file store (one per emulator): uploaded through compatible mode, readable by native and compatible chat.</summary>
    private sealed class FileStore
    {
        private long _ids;

        public ConcurrentDictionary<string, StoredFile> Files { get; } = new(StringComparer.Ordinal);

        public string NextId() => $"file-fe-emu{Interlocked.Increment(ref _ids):D6}";
    }

    /// <summary>An uploaded file: <paramref name="Data"/> is exactly what was sent; <see cref="Content"/> is its UTF-8 text, which chat reads.</summary>
    private sealed record StoredFile(string Id, string FileName, string Purpose, long CreatedAt, byte[] Data)
    {
        public long Bytes => Data.Length;

        public string Content => System.Text.Encoding.UTF8.GetString(Data);
    }
}
