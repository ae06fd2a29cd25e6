namespace LlmClients.Testing.Zhipu;

/// <summary>
/// <c>POST chat/completions</c> the Zhipu way: stream chunks without <c>finish_reason</c> until the last one, which alone
/// carries <c>usage</c>; whole tool calls in one chunk (GLM-4); <c>reasoning_content</c> first for thinking models.
/// </summary>
internal static partial class ZhipuEmulatorRoutes
{
    private static async Task HandleChatAsync(HttpContext context, EmulatorState state, JsonObject body)
    {
        if (await CreateReplyOrErrorAsync(context, state, body).ConfigureAwait(false) is not { } reply)
        {
            return;
        }

        if (EmulatorJson.GetBool(body, "stream"))
        {
            await StreamChatAsync(context, reply).ConfigureAwait(false);
            return;
        }

        await EmulatorResponses.WriteJsonAsync(context, EmulatorJson.Serialize(reply.Completion())).ConfigureAwait(false);
    }

    private static async Task StreamChatAsync(HttpContext context, ChatReply reply)
    {
        var writer = await EmulatorSseWriter.StartAsync(context).ConfigureAwait(false);
        Task WriteAsync(JsonObject delta, bool last = false)
        {
            delta["role"] = "assistant";
            var choice = new JsonObject { ["index"] = 0 };
            if (last)
            {
                choice["finish_reason"] = reply.FinishReason;
            }

            choice["delta"] = delta;
            var chunk = reply.Envelope(new JsonArray(choice));
            if (last)
            {
                chunk["usage"] = reply.Usage();
            }

            return writer.WriteDataAsync(EmulatorJson.Serialize(chunk));
        }

        var streamError = ZhipuEmulatorMarkers.Find(reply.Prompt, "stream-error");
        var pieces = 0;
        foreach (var piece in reply.Reasoning is null ? [] : EmulatorReplies.SplitForStreaming(reply.Reasoning))
        {
            await WriteAsync(new JsonObject { ["reasoning_content"] = piece }).ConfigureAwait(false);
        }

        if (reply.ToolName is not null)
        {
            // GLM-4 sends the whole call in one chunk.
            await WriteAsync(new JsonObject { ["tool_calls"] = new JsonArray(reply.ToolCall()) }).ConfigureAwait(false);
        }
        else
        {
            foreach (var piece in EmulatorReplies.SplitForStreaming(reply.Content!))
            {
                if (streamError is { Length: > 0 } && pieces++ == 2)
                {
                    await context.Response.WriteAsync(ZhipuEmulatorDialect.Instance.StreamError(streamError, ZhipuEmulatorDialect.MessageFor(streamError)), context.RequestAborted).ConfigureAwait(false);
                    return;
                }

                await WriteAsync(new JsonObject { ["content"] = piece }).ConfigureAwait(false);
            }
        }

        await WriteAsync(new JsonObject { ["content"] = "" }, last: true).ConfigureAwait(false);
        await writer.CompleteAsync().ConfigureAwait(false);
    }

    /// <summary>Builds the reply, or writes the error (no messages, or an error marker) and returns null.</summary>
    private static async Task<ChatReply?> CreateReplyOrErrorAsync(HttpContext context, EmulatorState state, JsonObject body)
    {
        if (body["messages"] is not JsonArray { Count: > 0 } messages)
        {
            await WriteCodeAsync(context, "1214", "messages: 不能为空").ConfigureAwait(false);
            return null;
        }

        var reply = CreateReply(body, messages, state);
        if (ZhipuEmulatorMarkers.Find(reply.Prompt, "error") is { Length: > 0 } code)
        {
            await WriteCodeAsync(context, code).ConfigureAwait(false);
            return null;
        }

        return reply;
    }

    private static ChatReply CreateReply(JsonObject body, JsonArray messages, EmulatorState state)
    {
        var model = EmulatorJson.GetString(body, "model")!;
        var text = LastUserText(messages, out var promptChars);
        var lastRole = messages.OfType<JsonObject>().LastOrDefault() is { } last ? EmulatorJson.GetString(last, "role") : null;
        var thinking = EmulatorContent.ThinkingOn(model, body);
        var toolName = EmulatorTools.ToolToCall(body["tools"], body["tool_choice"], lastRole, text);
        return new ChatReply(
            Id(state),
            state.UnixNow(),
            model,
            RequestId(body, state),
            text,
            thinking ? EmulatorReplies.ReasoningText(model, text) : null,
            toolName is null ? EmulatorTools.ReplyText(model, text, body["response_format"]) : null,
            toolName,
            toolName is null ? null : "call_" + Id(state),
            toolName is null ? null : EmulatorTools.Arguments(body["tools"], toolName, text),
            text.Contains(ZhipuEmulatorMarkers.Sensitive, StringComparison.Ordinal),
            text.Contains(ZhipuEmulatorMarkers.NetworkError, StringComparison.Ordinal),
            EmulatorReplies.EstimateTokens(promptChars));
    }

    private sealed record ChatReply(
        string Id,
        long Created,
        string Model,
        string RequestId,
        string Prompt,
        string? Reasoning,
        string? Content,
        string? ToolName,
        string? ToolCallId,
        string? Arguments,
        bool Sensitive,
        bool NetworkError,
        int PromptTokens)
    {
        public string FinishReason => NetworkError ? "network_error" : Sensitive ? "sensitive" : ToolName is null ? "stop" : "tool_calls";

        public JsonObject Envelope(JsonArray choices) => new()
        {
            ["id"] = Id,
            ["created"] = Created,
            ["model"] = Model,
            ["choices"] = choices,
        };

        public JsonObject ToolCall() => new()
        {
            ["id"] = ToolCallId,
            ["index"] = 0,
            ["type"] = "function",
            ["function"] = new JsonObject { ["name"] = ToolName, ["arguments"] = Arguments },
        };

        /// <summary>The sync response (also the body of a succeeded async task).</summary>
        public JsonObject Completion()
        {
            var message = new JsonObject { ["role"] = "assistant", ["content"] = Content ?? "" };
            if (Reasoning is not null)
            {
                message["reasoning_content"] = Reasoning;
            }

            if (ToolName is not null)
            {
                message["tool_calls"] = new JsonArray(ToolCall());
            }

            var response = Envelope(new JsonArray(new JsonObject { ["index"] = 0, ["finish_reason"] = FinishReason, ["message"] = message }));
            response["request_id"] = RequestId;
            response["usage"] = Usage();
            return response;
        }

        public JsonObject Usage()
        {
            var completion = EmulatorReplies.EstimateTokens((Content ?? ToolName ?? "").Length) + (Reasoning is null ? 0 : EmulatorReplies.EstimateTokens(Reasoning.Length));
            return new JsonObject { ["prompt_tokens"] = PromptTokens, ["completion_tokens"] = completion, ["total_tokens"] = PromptTokens + completion };
        }
    }
}
