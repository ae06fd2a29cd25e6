namespace LlmClients.Testing.OpenAICompatible;

/// <summary>
/// <c>POST {prefix}/chat/completions</c>: deterministic replies per <see cref="EmulatorReplies"/>, streamed or not.
/// </summary>
internal static partial class OpenAICompatibleEmulatorRoutes
{
    internal static async Task HandleChatAsync(HttpContext context, EmulatorState state, JsonObject body)
    {
        if (body["messages"] is not JsonArray { Count: > 0 } messages)
        {
            await WriteErrorAsync(context, 400, "'messages' must be a non-empty array.", "messages").ConfigureAwait(false);
            return;
        }

        var reply = CreateReply(body, messages, state);
        if (EmulatorJson.GetBool(body, "stream"))
        {
            var includeUsage = body["stream_options"] is JsonObject streamOptions && EmulatorJson.GetBool(streamOptions, "include_usage");
            await StreamChatAsync(context, reply, includeUsage).ConfigureAwait(false);
            return;
        }

        var message = new JsonObject { ["role"] = "assistant", ["content"] = reply.Refusal is null ? reply.Content : null };
        if (reply.Reasoning is not null)
        {
            message["reasoning_content"] = reply.Reasoning;
        }

        if (reply.ToolName is not null)
        {
            message["tool_calls"] = new JsonArray(new JsonObject
            {
                ["id"] = reply.ToolCallId,
                ["type"] = "function",
                ["function"] = new JsonObject { ["name"] = reply.ToolName, ["arguments"] = reply.Arguments },
            });
        }

        message["refusal"] = reply.Refusal;
        message["annotations"] = new JsonArray();
        var text = reply.Refusal ?? reply.Content;
        var logprobs = reply.Logprobs is { } top && text is not null ? Logprobs(reply, EmulatorReplies.SplitForStreaming(text), 0, top) : null;
        var choice = new JsonObject { ["index"] = 0, ["message"] = message, ["logprobs"] = logprobs, ["finish_reason"] = reply.FinishReason };
        var response = Envelope(reply, "chat.completion", new JsonArray(choice));
        response["usage"] = reply.Usage();
        await EmulatorResponses.WriteJsonAsync(context, EmulatorJson.Serialize(response)).ConfigureAwait(false);
    }

    private static async Task StreamChatAsync(HttpContext context, ChatReply reply, bool includeUsage)
    {
        var writer = await EmulatorSseWriter.StartAsync(context).ConfigureAwait(false);
        Task WriteDeltaAsync(JsonObject delta, string? finishReason = null, JsonObject? logprobs = null)
        {
            var choice = new JsonObject { ["index"] = 0, ["delta"] = delta, ["logprobs"] = logprobs, ["finish_reason"] = finishReason };
            var chunk = Envelope(reply, "chat.completion.chunk", new JsonArray(choice));
            if (includeUsage)
            {
                chunk["usage"] = null;
            }

            return writer.WriteDataAsync(EmulatorJson.Serialize(chunk));
        }

        await WriteDeltaAsync(new JsonObject { ["role"] = "assistant", ["content"] = reply.ToolName is null ? "" : null }).ConfigureAwait(false);
        foreach (var piece in reply.Reasoning is null ? [] : EmulatorReplies.SplitForStreaming(reply.Reasoning))
        {
            await WriteDeltaAsync(new JsonObject { ["reasoning_content"] = piece }).ConfigureAwait(false);
        }

        if (reply.ToolName is null)
        {
            // A refusal streams as delta.refusal pieces instead of content; with logprobs each piece carries its token's.
            var field = reply.Refusal is null ? "content" : "refusal";
            var pieces = EmulatorReplies.SplitForStreaming(reply.Refusal ?? reply.Content!);
            for (var i = 0; i < pieces.Count; i++)
            {
                var logprobs = reply.Logprobs is { } top ? Logprobs(reply, [pieces[i]], i, top) : null;
                await WriteDeltaAsync(new JsonObject { [field] = pieces[i] }, null, logprobs).ConfigureAwait(false);
            }
        }
        else
        {
            // The first fragment carries id, type and name; later ones only index and an arguments fragment.
            var first = new JsonObject { ["name"] = reply.ToolName, ["arguments"] = "" };
            await WriteDeltaAsync(ToolCallDelta(new JsonObject { ["index"] = 0, ["id"] = reply.ToolCallId, ["type"] = "function", ["function"] = first })).ConfigureAwait(false);
            foreach (var piece in EmulatorReplies.SplitForStreaming(reply.Arguments!))
            {
                await WriteDeltaAsync(ToolCallDelta(new JsonObject { ["index"] = 0, ["function"] = new JsonObject { ["arguments"] = piece } })).ConfigureAwait(false);
            }
        }

        await WriteDeltaAsync([], reply.FinishReason).ConfigureAwait(false);
        if (includeUsage)
        {
            var usageChunk = Envelope(reply, "chat.completion.chunk", []);
            usageChunk["usage"] = reply.Usage();
            await writer.WriteDataAsync(EmulatorJson.Serialize(usageChunk)).ConfigureAwait(false);
        }

        await writer.CompleteAsync().ConfigureAwait(false);
    }

    // {"content":[{token,logprob,bytes,top_logprobs}],"refusal":null} (or the other way round for a refusal), one token per piece.
    private static JsonObject Logprobs(ChatReply reply, IReadOnlyList<string> pieces, int first, int top)
    {
        var tokens = new JsonArray();
        for (var i = 0; i < pieces.Count; i++)
        {
            tokens.Add((JsonNode)EmulatorReplies.TokenLogprob(pieces[i], first + i, top));
        }

        return reply.Refusal is null
            ? new JsonObject { ["content"] = tokens, ["refusal"] = null }
            : new JsonObject { ["content"] = null, ["refusal"] = tokens };
    }

    private static JsonObject ToolCallDelta(JsonObject call) => new() { ["tool_calls"] = new JsonArray(call) };

    private static JsonObject Envelope(ChatReply reply, string objectType, JsonArray choices) => new()
    {
        ["id"] = reply.Id,
        ["object"] = objectType,
        ["created"] = reply.Created,
        ["model"] = reply.Model,
        ["service_tier"] = "default",
        ["system_fingerprint"] = "fp_emulator",
        ["choices"] = choices,
    };

    private static ChatReply CreateReply(JsonObject body, JsonArray messages, EmulatorState state)
    {
        var model = EmulatorJson.GetString(body, "model")!;
        var promptChars = 0;
        var text = "";
        var lastRole = "";
        foreach (var message in messages.OfType<JsonObject>())
        {
            var content = EmulatorContent.Text(message["content"]);
            promptChars += content.Length;
            lastRole = EmulatorJson.GetString(message, "role") ?? "";
            if (lastRole is "user" or "tool")
            {
                text = content;
            }
        }

        var reasoning = EmulatorContent.ThinkingOn(model, body) ? EmulatorReplies.ReasoningText(model, text) : null;
        var toolName = EmulatorTools.ToolToCall(body["tools"], body["tool_choice"], lastRole, text);
        var replyText = toolName is not null ? null : EmulatorTools.ReplyText(model, text, body["response_format"]);
        var refusal = replyText is not null && EmulatorReplies.Refuses(text, body["response_format"]) ? EmulatorReplies.RefusalText : null;
        int? logprobs = EmulatorJson.GetBool(body, "logprobs") ? EmulatorJson.GetInt(body, "top_logprobs") ?? 0 : null;
        var arguments = toolName is null ? null : EmulatorTools.Arguments(body["tools"], toolName, text);
        return new ChatReply(
            string.Create(CultureInfo.InvariantCulture, $"chatcmpl-emu-{state.NextResponseId()}"),
            state.UnixNow(),
            model,
            reasoning,
            replyText,
            toolName is null ? null : string.Create(CultureInfo.InvariantCulture, $"call_emu_{state.NextToolCallId()}"),
            toolName,
            arguments,
            EmulatorReplies.EstimateTokens(promptChars),
            refusal,
            logprobs);
    }

    private sealed record ChatReply(
        string Id,
        long Created,
        string Model,
        string? Reasoning,
        string? Content,
        string? ToolCallId,
        string? ToolName,
        string? Arguments,
        int PromptTokens,
        string? Refusal,
        int? Logprobs)
    {
        public string FinishReason => ToolName is null ? "stop" : "tool_calls";

        public JsonObject Usage()
        {
            var reasoningTokens = Reasoning is null ? 0 : EmulatorReplies.EstimateTokens(Reasoning.Length);
            var completion = EmulatorReplies.EstimateTokens((Content ?? Arguments ?? "").Length) + reasoningTokens;
            return new JsonObject
            {
                ["prompt_tokens"] = PromptTokens,
                ["completion_tokens"] = completion,
                ["total_tokens"] = PromptTokens + completion,
                ["prompt_tokens_details"] = new JsonObject { ["cached_tokens"] = 0, ["audio_tokens"] = 0 },
                ["completion_tokens_details"] = new JsonObject
                {
                    ["reasoning_tokens"] = reasoningTokens,
                    ["audio_tokens"] = 0,
                    ["accepted_prediction_tokens"] = 0,
                    ["rejected_prediction_tokens"] = 0,
                },
            };
        }
    }
}
