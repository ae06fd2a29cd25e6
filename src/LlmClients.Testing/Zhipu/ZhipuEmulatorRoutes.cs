using System.Buffers.Text;

namespace LlmClients.Testing.Zhipu;

/// <summary>
/// The Zhipu (BigModel v4) routes under <c>/api/paas/v4/</c>: <c>POST chat/completions</c> (sync and SSE),
/// <c>POST async/chat/completions</c> + <c>GET async-result/{id}</c>, <c>POST embeddings</c>, <c>POST images/generations</c>.
/// Replies follow <see cref="EmulatorReplies"/>; <see cref="ZhipuEmulatorMarkers"/> script errors and async tasks.
/// Accepts the raw key or a Zhipu JWT (rejecting one whose millisecond <c>exp</c> has passed, with 1003).
/// </summary>
internal static partial class ZhipuEmulatorRoutes
{
    public static void Map(IEndpointRouteBuilder endpoints, EmulatorState state)
    {
        var tasks = new ConcurrentDictionary<string, AsyncTask>(StringComparer.Ordinal);
        var v4 = endpoints.MapGroup(ZhipuEmulator.Prefix).WithMetadata(ZhipuEmulatorDialect.Instance);
        v4.MapPost("/chat/completions", (RequestDelegate)(context => HandleAsync(context, state, HandleChatAsync)));
        v4.MapPost("/async/chat/completions", (RequestDelegate)(context => HandleAsync(context, state, (c, s, b) => HandleSubmitAsync(c, s, b, tasks))));
        v4.MapGet("/async-result/{id}", (RequestDelegate)(context => HandleAsync(context, state, (c, s, _) => HandleResultAsync(c, tasks))));
        v4.MapPost("/embeddings", (RequestDelegate)(context => HandleAsync(context, state, HandleEmbeddingsAsync)));
        v4.MapPost("/images/generations", (RequestDelegate)(context => HandleAsync(context, state, HandleImagesAsync)));

        // The Batch API (files with purpose=batch, batches) on the shared engine, with Zhipu's quirks: /v4 line urls,
        // millisecond batch timestamps, "" for absent file ids, null counts while validating, request_id inside line bodies.
        new EmulatorBatchEngine(state, new EmulatorBatchDialect
        {
            UrlPrefix = "/v4",
            Authorize = async context =>
            {
                if (Authorize(context, state) is not { } code)
                {
                    return true;
                }

                await WriteCodeAsync(context, code).ConfigureAwait(false);
                return false;
            },
            WriteError = (context, status, code, message) => EmulatorResponses.WriteRawAsync(context, status, ZhipuEmulatorDialect.Body(status == 404 ? "1211" : "1210", message)),
            LineErrorBody = (status, code, message) => JsonNode.Parse(ZhipuEmulatorDialect.Body(status >= 500 ? "500" : "1210", message))!,
            InputFileIdPrefix = "20261130_emu-",
            OutputFileIdPrefix = "20261130_emu-out-",
            LineShape = EmulatorBatchLineShape.Zhipu,
            MillisecondTimestamps = true,
            EmptyStringFileIds = true,
            NullCountsWhileValidating = true,
            NullExpiresAt = true,
        }).Map(v4, files: true);
    }

    private static async Task HandleAsync(HttpContext context, EmulatorState state, Func<HttpContext, EmulatorState, JsonObject, Task> handler)
    {
        if (Authorize(context, state) is { } authError)
        {
            await WriteCodeAsync(context, authError).ConfigureAwait(false);
            return;
        }

        JsonObject body = [];
        if (HttpMethods.IsPost(context.Request.Method))
        {
            if (EmulatorJson.ParseObject(EmulatorRequestContext.From(context).Request.Body) is not { } parsed)
            {
                await WriteCodeAsync(context, "1210", "请求参数错误: body is not a JSON object").ConfigureAwait(false);
                return;
            }

            if (string.IsNullOrEmpty(EmulatorJson.GetString(parsed, "model")))
            {
                await WriteCodeAsync(context, "1214", "model: 不能为空").ConfigureAwait(false);
                return;
            }

            body = parsed;
        }

        await handler(context, state, body).ConfigureAwait(false);
    }

    /// <summary>Returns the error code for a bad Authorization header, or null.</summary>
    private static string? Authorize(HttpContext context, EmulatorState state)
    {
        const string Prefix = "Bearer ";
        var header = context.Request.Headers.Authorization.ToString();
        var token = header.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase) ? header[Prefix.Length..].Trim() : header.Trim();
        if (token.Length == 0)
        {
            return "1001";
        }

        if (string.Equals(token, state.Options.RejectedApiKey, StringComparison.Ordinal))
        {
            return "1002";
        }

        var parts = token.Split('.');
        if (parts.Length != 3)
        {
            return null; // The raw {id}.{secret} key.
        }

        // A JWT: check the header and that exp, in milliseconds, lies ahead (a seconds-based exp reads as long expired).
        try
        {
            using var head = JsonDocument.Parse(Base64Url.DecodeFromChars(parts[0]));
            using var payload = JsonDocument.Parse(Base64Url.DecodeFromChars(parts[1]));
            if (!head.RootElement.TryGetProperty("sign_type", out var signType) || signType.GetString() != "SIGN"
                || !payload.RootElement.TryGetProperty("api_key", out _))
            {
                return "1004";
            }

            return payload.RootElement.GetProperty("exp").GetInt64() <= state.Options.TimeProvider.GetUtcNow().ToUnixTimeMilliseconds() ? "1003" : null;
        }
        catch (Exception ex) when (ex is JsonException or FormatException or KeyNotFoundException or InvalidOperationException)
        {
            return "1002";
        }
    }

    private static Task WriteCodeAsync(HttpContext context, string code, string? message = null) =>
        EmulatorResponses.WriteRawAsync(context, ZhipuEmulatorDialect.StatusFor(code), ZhipuEmulatorDialect.Body(code, message ?? ZhipuEmulatorDialect.MessageFor(code)));

    private static string LastUserText(JsonArray messages, out int promptChars)
    {
        promptChars = 0;
        var text = "";
        foreach (var message in messages.OfType<JsonObject>())
        {
            var content = EmulatorContent.Text(message["content"]);
            promptChars += content.Length;
            if (EmulatorJson.GetString(message, "role") is "user" or "tool")
            {
                text = content;
            }
        }

        return text;
    }

    private static string Id(EmulatorState state) =>
        string.Create(CultureInfo.InvariantCulture, $"{state.Options.TimeProvider.GetUtcNow():yyyyMMddHHmmss}{state.NextResponseId():x8}emu");

    private static string RequestId(JsonObject body, EmulatorState state) =>
        EmulatorJson.GetString(body, "request_id") ?? string.Create(CultureInfo.InvariantCulture, $"req-zhipu-emu-{state.NextRequestId()}");

    private static JsonArray FloatArray(float[] vector) => new([.. vector.Select(v => (JsonNode)v)]);

    private sealed class AsyncTask(string id, string requestId, string model, int processingPolls, bool fail, JsonObject result)
    {
        private int _remaining = processingPolls;

        public string Id { get; } = id;

        public string RequestId { get; } = requestId;

        public string Model { get; } = model;

        public bool Fail { get; } = fail;

        public JsonObject Result { get; } = result;

        /// <summary>Counts one poll; true while the task should still answer PROCESSING.</summary>
        public bool Poll() => Interlocked.Decrement(ref _remaining) >= 0;
    }
}
