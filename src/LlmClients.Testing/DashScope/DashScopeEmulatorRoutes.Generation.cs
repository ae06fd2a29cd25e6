namespace LlmClients.Testing.DashScope;

internal static partial class DashScopeEmulatorRoutes
{
    // Verbatim message of parameter-error-nosse / parameter-error-sse.
    private const string RoleError = "Role must be user or assistant and Content length must be greater than 0";

    /// <summary>
    /// Text generation, or multimodal generation (<paramref name="multimodal"/>): the same envelope, but the request takes
    /// <c>input.messages</c> only (contents may be lists of <c>{"text"|"image"|"audio"|"video": ..}</c>) and the reply is
    /// always in message format with <c>content</c> a list <c>[{"text": ..}]</c>.
    /// </summary>
    private static async Task HandleGenerationAsync(HttpContext context, EmulatorState state, FileStore files, JsonObject body, bool multimodal)
    {
        var model = EmulatorJson.GetString(body, "model")!;
        var parameters = Parameters(body);
        var stream = context.Request.Headers["X-DashScope-SSE"].ToString().Equals("enable", StringComparison.OrdinalIgnoreCase)
            || context.Request.Headers.Accept.ToString().Contains("text/event-stream", StringComparison.OrdinalIgnoreCase);
        var prompt = ReadPrompt(body, model, files, multimodal);
        if (prompt.Error is null && CheckDocuments(state, model, (body["input"] as JsonObject)?["messages"]) is { } documentError)
        {
            prompt = prompt with { Code = "InvalidParameter", Error = documentError };
        }

        if (prompt.Error is { } error)
        {
            if (stream)
            {
                // Quirk: a failed stream still answers HTTP 200, with one event:error whose comment carries the status.
                var errorWriter = await DashScopeSseWriter.StartAsync(context, RequestId(context)).ConfigureAwait(false);
                await errorWriter.WriteErrorAsync(400, prompt.Code, error).ConfigureAwait(false);
                return;
            }

            await WriteNativeErrorAsync(context, 400, prompt.Code, error).ConfigureAwait(false);
            return;
        }

        var reply = CreateReply(state, model, parameters, prompt);
        var messageFormat = multimodal || EmulatorJson.GetString(parameters, "result_format") == "message";
        if (stream)
        {
            await StreamGenerationAsync(context, reply, messageFormat, EmulatorJson.GetBool(parameters, "incremental_output"), multimodal).ConfigureAwait(false);
            return;
        }

        // Quirk (recorded 2024-11): a tool call comes back with finish_reason "stop" and content "".
        JsonObject output = messageFormat
            ? new JsonObject { ["choices"] = new JsonArray(new JsonObject { ["finish_reason"] = "stop", ["message"] = Message(reply, reply.Reasoning, reply.Content ?? "", reply.ToolName is null ? null : ToolCall(reply, reply.ToolCallId!, reply.ToolName, reply.Arguments!), multimodal) }) }
            : new JsonObject { ["finish_reason"] = "stop", ["text"] = reply.Content ?? "" };
        var response = new JsonObject { ["output"] = output, ["usage"] = reply.Usage(reply.OutputChars, reply.Reasoning?.Length ?? 0), ["request_id"] = RequestId(context) };
        await EmulatorResponses.WriteJsonAsync(context, EmulatorJson.Serialize(response)).ConfigureAwait(false);
    }

    private static async Task StreamGenerationAsync(HttpContext context, Reply reply, bool messageFormat, bool incremental, bool multimodal)
    {
        var requestId = RequestId(context);
        var writer = await DashScopeSseWriter.StartAsync(context, requestId).ConfigureAwait(false);
        var reasoningSoFar = new StringBuilder();
        var contentSoFar = new StringBuilder();
        var argumentsSoFar = new StringBuilder();
        int outputChars = 0;

        Task WriteAsync(string? reasoning, string content, JsonObject? toolCall, string finishReason)
        {
            // Quirk: no [DONE]; finish_reason is the string "null" until the last event; usage is cumulative on every event.
            JsonObject output = messageFormat
                ? new JsonObject { ["choices"] = new JsonArray(new JsonObject { ["message"] = Message(reply, reasoning, content, toolCall, multimodal), ["index"] = 0, ["finish_reason"] = finishReason }) }
                : new JsonObject { ["finish_reason"] = finishReason, ["text"] = content };
            var data = new JsonObject { ["output"] = output, ["usage"] = reply.Usage(outputChars, Math.Min(outputChars, reasoningSoFar.Length)), ["request_id"] = requestId };
            return writer.WriteResultAsync(EmulatorJson.Serialize(data));
        }

        foreach (var piece in messageFormat && reply.Reasoning is not null ? EmulatorReplies.SplitForStreaming(reply.Reasoning) : [])
        {
            reasoningSoFar.Append(piece);
            outputChars += piece.Length;
            await WriteAsync(incremental ? piece : reasoningSoFar.ToString(), incremental ? "" : contentSoFar.ToString(), null, "null").ConfigureAwait(false);
        }

        if (messageFormat && reply.ToolName is not null)
        {
            var pieces = EmulatorReplies.SplitForStreaming(reply.Arguments!);
            for (int i = 0; i < pieces.Count && !writer.Stopped; i++)
            {
                argumentsSoFar.Append(pieces[i]);
                outputChars += pieces[i].Length;

                // Quirk: continuation fragments carry "id":"" and no name; the last fragment also carries finish_reason "tool_calls".
                var call = ToolCall(reply, i == 0 ? reply.ToolCallId! : "", i == 0 ? reply.ToolName : null, incremental ? pieces[i] : argumentsSoFar.ToString());
                await WriteAsync(incremental ? "" : reasoningSoFar.ToString(), "", call, i == pieces.Count - 1 ? "tool_calls" : "null").ConfigureAwait(false);
            }
        }
        else
        {
            foreach (var piece in EmulatorReplies.SplitForStreaming(reply.Content!))
            {
                contentSoFar.Append(piece);
                outputChars += piece.Length;
                await WriteAsync(incremental ? "" : reasoningSoFar.ToString(), incremental ? piece : contentSoFar.ToString(), null, "null").ConfigureAwait(false);
            }

            await WriteAsync(incremental ? "" : reasoningSoFar.ToString(), incremental ? "" : contentSoFar.ToString(), null, "stop").ConfigureAwait(false);
        }

        await writer.CompleteAsync().ConfigureAwait(false);
    }

    private static JsonObject Message(Reply reply, string? reasoning, string content, JsonObject? toolCall, bool multimodal)
    {
        // Multimodal generation answers with a list of parts: [{"text": ..}], or [] for no text (a tool call, the last stream event).
        JsonNode contentNode = !multimodal ? content : content.Length == 0 ? new JsonArray() : new JsonArray(new JsonObject { ["text"] = content });
        var message = new JsonObject { ["role"] = "assistant", ["content"] = contentNode };
        if (reply.Reasoning is not null)
        {
            message["reasoning_content"] = reasoning ?? "";
        }

        if (toolCall is not null)
        {
            message["tool_calls"] = new JsonArray(toolCall);
        }

        return message;
    }

    private static JsonObject ToolCall(Reply reply, string id, string? name, string arguments)
    {
        var function = new JsonObject();
        if (name is not null)
        {
            function["name"] = name;
        }

        function["arguments"] = arguments;
        return new JsonObject { ["index"] = 0, ["id"] = id, ["type"] = "function", ["function"] = function };
    }

    private static Prompt ReadPrompt(JsonObject body, string model, FileStore files, bool multimodal)
    {
        if (body["input"] is not JsonObject input)
        {
            return new Prompt("BadRequest.EmptyInput", "Required input parameter missing from request.", "", 0, "");
        }

        var text = "";
        var lastRole = "";
        var chars = 0;
        var fileIds = new List<string>();
        if (input["messages"] is JsonArray messages)
        {
            if (messages.Count == 0)
            {
                return new Prompt("InvalidParameter", RoleError, "", 0, "");
            }

            foreach (var message in messages)
            {
                var role = message is JsonObject m ? EmulatorJson.GetString(m, "role") ?? "" : "";
                var content = message is JsonObject withContent ? EmulatorContent.Text(withContent["content"]) : "";
                var hasTools = message is JsonObject withTools && withTools["tool_calls"] is JsonArray { Count: > 0 };
                if (role is not ("system" or "user" or "assistant" or "tool") || (content.Length == 0 && !hasTools))
                {
                    return new Prompt("InvalidParameter", RoleError, "", 0, "");
                }

                chars += content.Length;
                lastRole = role;
                if (role == "system" && content.StartsWith("fileid://", StringComparison.Ordinal))
                {
                    fileIds.AddRange(content.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(id => id["fileid://".Length..]));
                }

                if (role is "user" or "tool")
                {
                    text = content;
                }
            }
        }
        else if (!multimodal && EmulatorJson.GetString(input, "prompt") is { Length: > 0 } prompt)
        {
            (text, lastRole, chars) = (prompt, "user", prompt.Length);
        }
        else
        {
            return new Prompt("InvalidParameter", RoleError, "", 0, "");
        }

        return CheckFiles(model, fileIds, files) is { } fileError ? new Prompt("InvalidParameter", fileError, "", 0, "") : new Prompt("", null, text, chars, lastRole);
    }

    private static string? CheckFiles(string model, List<string> fileIds, FileStore files)
    {
        if (fileIds.Count == 0)
        {
            return null;
        }

        if (!model.StartsWith("qwen-long", StringComparison.OrdinalIgnoreCase))
        {
            return $"Model {model} does not support fileid:// references; use qwen-long.";
        }

        var missing = fileIds.FirstOrDefault(id => !files.Files.ContainsKey(id));
        return missing is null ? null : $"File [{missing}] not found.";
    }

    private static Reply CreateReply(EmulatorState state, string model, JsonObject parameters, Prompt prompt)
    {
        var reasoning = EmulatorContent.ThinkingOn(model, parameters) ? EmulatorReplies.ReasoningText(model, prompt.Text) : null;
        var toolName = EmulatorTools.ToolToCall(parameters["tools"], parameters["tool_choice"], prompt.LastRole, prompt.Text);
        var content = toolName is not null ? null : EmulatorTools.ReplyText(model, prompt.Text, parameters["response_format"]);
        return new Reply(
            reasoning,
            content,
            toolName is null ? null : $"call_emu_{state.NextToolCallId()}",
            toolName,
            toolName is null ? null : EmulatorTools.Arguments(parameters["tools"], toolName, prompt.Text),
            EmulatorReplies.EstimateTokens(prompt.Chars));
    }

    private sealed record Prompt(string Code, string? Error, string Text, int Chars, string LastRole);

    private sealed record Reply(string? Reasoning, string? Content, string? ToolCallId, string? ToolName, string? Arguments, int PromptTokens)
    {
        public int OutputChars => (Content ?? Arguments ?? "").Length + (Reasoning?.Length ?? 0);

        public JsonObject Usage(int outputChars, int reasoningChars)
        {
            var output = outputChars == 0 ? 0 : EmulatorReplies.EstimateTokens(outputChars);
            var usage = new JsonObject
            {
                ["total_tokens"] = PromptTokens + output,
                ["output_tokens"] = output,
                ["input_tokens"] = PromptTokens,
                ["prompt_tokens_details"] = new JsonObject { ["cached_tokens"] = 0 },
            };
            if (Reasoning is not null)
            {
                usage["output_tokens_details"] = new JsonObject { ["reasoning_tokens"] = reasoningChars == 0 ? 0 : EmulatorReplies.EstimateTokens(reasoningChars) };
            }

            return usage;
        }
    }
}
