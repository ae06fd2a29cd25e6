namespace LlmClients.Testing.Spark;

/// <summary>
/// The Spark routes under <c>/spark/</c>: <c>POST v1/chat/completions</c> and <c>POST v2/chat/completions</c> (X1) with
/// Spark's envelope, and <c>POST emb/</c>, the signed-URL embedding endpoint. Chat takes any bearer password but
/// <see cref="LlmEmulatorOptions.RejectedApiKey"/>. Replies follow <see cref="EmulatorReplies"/>.
/// </summary>
internal static partial class SparkEmulatorRoutes
{
    public static void Map(IEndpointRouteBuilder endpoints, EmulatorState state)
    {
        var spark = endpoints.MapGroup(SparkEmulator.Prefix);
        var chat = spark.MapGroup("/").WithMetadata(SparkEmulatorDialect.Chat);
        chat.MapPost("/v1/chat/completions", (RequestDelegate)(context => HandleChatAsync(context, state, x1: false)));
        chat.MapPost("/v2/chat/completions", (RequestDelegate)(context => HandleChatAsync(context, state, x1: true)));
        spark.MapGroup("/").WithMetadata(SparkEmulatorDialect.Embeddings).MapPost("/emb/", (RequestDelegate)(context => HandleEmbeddingAsync(context, state)));
    }

    private static string Sid(EmulatorState state) =>
        string.Create(CultureInfo.InvariantCulture, $"cha{state.NextResponseId():x8}@dxemulator");

    private static async Task HandleChatAsync(HttpContext context, EmulatorState state, bool x1)
    {
        var sid = Sid(state);
        const string Prefix = "Bearer ";
        var header = context.Request.Headers.Authorization.ToString();
        var password = header.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase) ? header[Prefix.Length..].Trim() : string.Empty;
        if (password.Length == 0 || string.Equals(password, state.Options.RejectedApiKey, StringComparison.Ordinal))
        {
            await EmulatorResponses.WriteRawAsync(context, StatusCodes.Status401Unauthorized, SparkEmulatorDialect.AuthError()).ConfigureAwait(false);
            return;
        }

        if (EmulatorJson.ParseObject(EmulatorRequestContext.From(context).Request.Body) is not { } body
            || string.IsNullOrEmpty(EmulatorJson.GetString(body, "model"))
            || body["messages"] is not JsonArray { Count: > 0 } messages)
        {
            await WriteCodeAsync(context, 10163, "请求参数错误: model and messages are required", sid).ConfigureAwait(false);
            return;
        }

        var reply = CreateReply(body, messages, state, sid, x1);
        if (SparkEmulatorMarkers.Find(reply.Prompt, "error") is { } code)
        {
            // Quirk: business errors come as a non-zero code in a 200 body.
            await WriteCodeAsync(context, code, SparkEmulatorDialect.MessageFor(code), sid).ConfigureAwait(false);
            return;
        }

        if (EmulatorJson.GetBool(body, "stream"))
        {
            await StreamChatAsync(context, reply, SparkEmulatorMarkers.Find(reply.Prompt, "stream-error")).ConfigureAwait(false);
            return;
        }

        await EmulatorResponses.WriteJsonAsync(context, EmulatorJson.Serialize(reply.Completion())).ConfigureAwait(false);
    }

    private static Task WriteCodeAsync(HttpContext context, int code, string message, string sid) =>
        EmulatorResponses.WriteRawAsync(context, StatusCodes.Status200OK, EmulatorJson.Serialize(SparkEmulatorDialect.ChatBody(code, message, sid)));

    private static async Task StreamChatAsync(HttpContext context, ChatReply reply, int? streamError)
    {
        var writer = await EmulatorSseWriter.StartAsync(context).ConfigureAwait(false);
        Task WriteAsync(JsonObject delta, bool withUsage = false)
        {
            delta["role"] = "assistant";
            var chunk = reply.Envelope();
            chunk["id"] = reply.Sid;
            chunk["created"] = reply.Created;
            chunk["choices"] = new JsonArray(new JsonObject { ["delta"] = delta, ["index"] = 0 });
            if (withUsage)
            {
                chunk["usage"] = reply.Usage();
            }

            return writer.WriteDataAsync(EmulatorJson.Serialize(chunk));
        }

        foreach (var piece in reply.Reasoning is null ? [] : EmulatorReplies.SplitForStreaming(reply.Reasoning))
        {
            await WriteAsync(new JsonObject { ["content"] = "", ["reasoning_content"] = piece }).ConfigureAwait(false);
        }

        if (reply.ToolName is not null)
        {
            await WriteAsync(new JsonObject { ["content"] = "", ["tool_calls"] = reply.ToolCalls() }).ConfigureAwait(false);
        }
        else
        {
            var pieces = 0;
            foreach (var piece in EmulatorReplies.SplitForStreaming(reply.Content!))
            {
                if (writer.Stopped)
                {
                    return;
                }

                if (streamError is { } code && pieces++ == 2)
                {
                    await context.Response.WriteAsync(SparkEmulatorDialect.Chat.StreamError(code.ToString(CultureInfo.InvariantCulture), SparkEmulatorDialect.MessageFor(code)), context.RequestAborted).ConfigureAwait(false);
                    return;
                }

                await WriteAsync(new JsonObject { ["content"] = piece }).ConfigureAwait(false);
            }
        }

        if (reply.X1)
        {
            // X1 sends usage in a final chunk of its own.
            await WriteAsync(new JsonObject { ["content"] = "" }).ConfigureAwait(false);
            var usage = reply.Envelope();
            usage["id"] = reply.Sid;
            usage["created"] = reply.Created;
            usage["choices"] = new JsonArray();
            usage["usage"] = reply.Usage();
            await writer.WriteDataAsync(EmulatorJson.Serialize(usage)).ConfigureAwait(false);
        }
        else
        {
            // v1: usage rides inside the last content chunk, whose content is empty.
            await WriteAsync(new JsonObject { ["content"] = "" }, withUsage: true).ConfigureAwait(false);
        }

        await writer.CompleteAsync().ConfigureAwait(false);
    }

    private static ChatReply CreateReply(JsonObject body, JsonArray messages, EmulatorState state, string sid, bool x1)
    {
        var model = EmulatorJson.GetString(body, "model")!;
        var text = "";
        var promptChars = 0;
        foreach (var message in messages.OfType<JsonObject>())
        {
            var content = EmulatorContent.Text(message["content"]);
            promptChars += content.Length;
            if (EmulatorJson.GetString(message, "role") is "user" or "tool")
            {
                text = content;
            }
        }

        var lastRole = messages.OfType<JsonObject>().LastOrDefault() is { } last ? EmulatorJson.GetString(last, "role") : null;
        var toolName = EmulatorTools.ToolToCall(body["tools"], body["tool_choice"], lastRole, text);
        return new ChatReply(
            sid,
            state.UnixNow(),
            x1,
            text,
            x1 && EmulatorContent.ThinkingOn(model, body) ? EmulatorReplies.ReasoningText(model, text) : null,
            toolName is null ? EmulatorTools.ReplyText(model, text, body["response_format"]) : null,
            toolName,
            toolName is null ? null : EmulatorTools.Arguments(body["tools"], toolName, text),
            EmulatorJson.GetBool(body, "tool_calls_switch"),
            EmulatorReplies.EstimateTokens(promptChars));
    }

    private sealed record ChatReply(
        string Sid,
        long Created,
        bool X1,
        string Prompt,
        string? Reasoning,
        string? Content,
        string? ToolName,
        string? Arguments,
        bool ToolCallsSwitch,
        int PromptTokens)
    {
        public JsonObject Envelope() => new() { ["code"] = 0, ["message"] = "Success", ["sid"] = Sid };

        /// <summary>Quirk: one object (no id) by default; an array of calls with ids when the request set tool_calls_switch.</summary>
        public JsonNode ToolCalls()
        {
            var call = new JsonObject
            {
                ["type"] = "function",
                ["function"] = new JsonObject { ["name"] = ToolName, ["arguments"] = Arguments },
            };
            if (!ToolCallsSwitch)
            {
                return call;
            }

            call["id"] = "call_" + Sid;
            return new JsonArray(call);
        }

        /// <summary>The non-stream body: no id, model or finish_reason.</summary>
        public JsonObject Completion()
        {
            // Quirk: with tool_calls_switch the message carrying the calls has role "tool" (iFlytek's demo reads it so).
            var message = new JsonObject { ["role"] = ToolName is not null && ToolCallsSwitch ? "tool" : "assistant", ["content"] = Content ?? "" };
            if (Reasoning is not null)
            {
                message["reasoning_content"] = Reasoning;
            }

            if (ToolName is not null)
            {
                message["tool_calls"] = ToolCalls();
            }

            var response = Envelope();
            response["choices"] = new JsonArray(new JsonObject { ["message"] = message, ["index"] = 0 });
            response["usage"] = Usage();
            return response;
        }

        public JsonObject Usage()
        {
            var completion = EmulatorReplies.EstimateTokens((Content ?? Arguments ?? "").Length) + (Reasoning is null ? 0 : EmulatorReplies.EstimateTokens(Reasoning.Length));
            return new JsonObject { ["prompt_tokens"] = PromptTokens, ["completion_tokens"] = completion, ["total_tokens"] = PromptTokens + completion };
        }
    }
}
