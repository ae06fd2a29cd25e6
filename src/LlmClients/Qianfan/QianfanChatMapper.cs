using System.Globalization;
using System.Text;
using System.Text.Json;

namespace LlmClients.Qianfan;

/// <summary>Maps between the neutral contract and the Qianfan v1 chat wire format (Baidu's ERNIE v1 chat API: <c>messages</c>, <c>system</c>, <c>result</c>, <c>is_end</c>). Tests call these directly.</summary>
internal static class QianfanChatMapper
{
    /// <summary>
    /// Checks the Qianfan v1 message rules and builds the wire request. Leading system messages become the top-level
    /// <c>system</c> field; the rest must be an odd number of messages alternating user (or a function result) and assistant,
    /// starting and ending with user. Nothing is rewritten: a conversation that breaks a rule throws.
    /// <see cref="ChatOptions.TopK"/> and <see cref="ChatOptions.Seed"/> have no v1 field and are not sent (documented on
    /// <see cref="QianfanOptions"/>); <c>top_k</c> can still be passed through <see cref="ChatOptions.AdditionalProperties"/>.
    /// </summary>
    /// <param name="messages">The validated messages.</param>
    /// <param name="options">The options.</param>
    /// <param name="stream">Whether to stream.</param>
    /// <returns>The request record.</returns>
    /// <exception cref="ArgumentException">A message breaks a Qianfan v1 rule, or an option cannot be expressed in v1.</exception>
    public static QianfanChatRequest ToWire(IReadOnlyList<ChatMessage> messages, ChatOptions? options, bool stream)
    {
        if (options?.Reasoning?.Effort is { } effort && effort != ReasoningEffort.None)
        {
            throw new NotSupportedException(
                $"ChatOptions.Reasoning.Effort = {effort}: Qianfan v1 (wenxinworkshop) has no reasoning control. Leave ChatOptions.Reasoning null, or use a Qianfan v2 instance (ApiVersion V2) for ERNIE thinking models.");
        }

        var system = new StringBuilder(string.IsNullOrWhiteSpace(options?.Instructions) ? null : options.Instructions);
        int first = 0;
        while (first < messages.Count && messages[first].Role == ChatRole.System)
        {
            if (messages[first].Contents.FirstOrDefault(c => c is not TextContent) is { } other)
            {
                // The top-level "system" field is text: anything else in a system message would be lost.
                throw new NotSupportedException(
                    $"messages[{first}] is a system message holding {other.GetType().Name}; Qianfan v1 takes a system prompt as text only. Keep only text in system messages.");
            }

            // Quirk: Qianfan v1 has no "system" role inside messages; the persona is the top-level "system" field.
            system.Append(system.Length > 0 ? "\n" : string.Empty).Append(messages[first].Text);
            first++;
        }

        var wire = new List<QianfanMessage>(messages.Count - first);
        for (int i = first; i < messages.Count; i++)
        {
            wire.Add(ToWireMessage(messages, i));
        }

        CheckAlternation(wire, first);
        return new QianfanChatRequest(
            Messages: wire,
            System: system.Length > 0 ? system.ToString() : null,
            Stream: stream ? true : null,
            Temperature: options?.Temperature,
            TopP: options?.TopP,
            Stop: options?.StopSequences is { Count: > 0 } stop ? [.. stop] : null,
            MaxOutputTokens: options?.MaxOutputTokens,
            FrequencyPenalty: options?.FrequencyPenalty,
            PresencePenalty: options?.PresencePenalty,
            ResponseFormat: ToWireResponseFormat(options?.ResponseFormat),
            Functions: options?.ToolMode is NoneChatToolMode ? null : ToWireFunctions(options),
            ToolChoice: ToWireToolChoice(options));
    }

    /// <summary>Serializes the wire request with the caller's extras (for example <c>penalty_score</c>, <c>disable_search</c>) merged in.</summary>
    /// <param name="request">The request.</param>
    /// <param name="options">The options holding the extras.</param>
    /// <param name="client">The client, passed to <see cref="ChatOptions.RawRepresentationFactory"/>.</param>
    /// <returns>The UTF-8 body.</returns>
    public static byte[] Serialize(QianfanChatRequest request, ChatOptions? options, IChatClient client)
        => WireJson.Serialize(request, QianfanJsonContext.Default.QianfanChatRequest, options?.AdditionalProperties, baseFields: WireJson.RawBase(options, client));

    /// <summary>Maps a non-streaming response.</summary>
    /// <param name="wire">The wire response.</param>
    /// <param name="model">The requested model (the response does not name it).</param>
    /// <param name="headerRequestId">The request id from the headers.</param>
    /// <returns>The neutral response.</returns>
    public static ChatResponse FromWire(QianfanChatResponse wire, string model, string? headerRequestId)
    {
        var message = new ChatMessage { Role = ChatRole.Assistant, RawRepresentation = wire };
        if (!string.IsNullOrEmpty(wire.Result))
        {
            message.Contents.Add(new TextContent(wire.Result));
        }

        if (wire.FunctionCall is { } call)
        {
            message.Contents.Add(ToolCalls.Call(CallId(wire.Id), call.Name ?? string.Empty, call.Arguments));
        }

        return new ChatResponse(message)
        {
            ResponseId = wire.Id,
            ModelId = model,
            CreatedAt = wire.Created is long created ? DateTimeOffset.FromUnixTimeSeconds(created) : null,
            FinishReason = FinishReason(wire, final: true),
            Usage = OpenAIChatMapper.FromWire(wire.Usage),
            AdditionalProperties = Extras(wire, headerRequestId ?? wire.Id),
            RawRepresentation = wire,
        };
    }


    /// <summary>Maps a finish reason: <c>"normal"</c> (or none, in the 2023 format) is a normal stop.</summary>
    /// <param name="wire">The response or final event.</param>
    /// <param name="final">Whether the response is complete.</param>
    /// <returns>The reason.</returns>
    internal static ChatFinishReason? FinishReason(QianfanChatResponse wire, bool final)
    {
        if (!final)
        {
            return null;
        }

        if (wire.NeedClearHistory == true)
        {
            // need_clear_history:true means the input was judged unsafe.
            return ChatFinishReason.ContentFilter;
        }

        var reason = wire.FinishReason is null or "" or "normal" ? ChatFinishReason.Stop : FinishReasons.FromWire(wire.FinishReason);
        if (wire.IsTruncated == true && reason == ChatFinishReason.Stop)
        {
            return ChatFinishReason.Length; // is_truncated:true means the output was cut off.
        }

        return wire.FunctionCall is not null && reason == ChatFinishReason.Stop ? ChatFinishReason.ToolCalls : reason;
    }

    /// <summary>The vendor flags of a response or stream event, as <see cref="ChatResponse.AdditionalProperties"/>.</summary>
    /// <param name="wire">The response or event.</param>
    /// <param name="requestId">The request id to add, or null.</param>
    /// <returns>The extras, or null when there are none.</returns>
    internal static AdditionalPropertiesDictionary? Extras(QianfanChatResponse wire, string? requestId)
    {
        var extras = new AdditionalPropertiesDictionary();
        if (requestId is not null)
        {
            extras[LlmAdditionalProperties.RequestId] = requestId;
        }

        if (wire.IsTruncated is bool truncated)
        {
            extras["is_truncated"] = truncated;
        }

        if (wire.NeedClearHistory is bool clear)
        {
            extras["need_clear_history"] = clear;
        }

        if (wire.BanRound is int banRound)
        {
            extras["ban_round"] = banRound;
        }

        if (wire.SentenceId is int sentence)
        {
            extras["sentence_id"] = sentence;
        }

        if (wire.FunctionCall?.Thoughts is { Length: > 0 } thoughts)
        {
            extras["thoughts"] = thoughts;
        }

        if (wire.SearchInfo is { ValueKind: JsonValueKind.Object } search)
        {
            extras["search_info"] = search;
        }

        return extras.Count > 0 ? extras : null;
    }

    // Qianfan function calls have no id; the response id keeps ids unique across turns.
    /// <summary>The id of a function call: Qianfan's calls have none, so the response id keeps ids unique across turns.</summary>
    /// <param name="responseId">The response id.</param>
    /// <returns>The call id.</returns>
    internal static string CallId(string? responseId) => string.IsNullOrEmpty(responseId) ? "call_0" : "call_" + responseId;

    private static QianfanMessage ToWireMessage(IReadOnlyList<ChatMessage> messages, int index)
    {
        var message = messages[index];
        if (message.Role == ChatRole.System)
        {
            throw new ArgumentException(
                $"messages[{index}] is a system message after the conversation started; Qianfan v1 takes one system prompt (the top-level 'system' field). Put system messages first.",
                nameof(messages));
        }

        string? text = null;
        QianfanFunctionCall? call = null;
        FunctionResultContent? result = null;
        foreach (var content in message.Contents)
        {
            switch (content)
            {
                case TextContent t:
                    text = text is null ? t.Text : text + t.Text;
                    break;
                case FunctionCallContent c when call is null:
                    ToolCalls.Check(c, index, needsCallId: false);
                    call = new QianfanFunctionCall(c.Name, ToolCalls.ArgumentsJson(c, index), Thoughts: null);
                    break;
                case FunctionCallContent:
                    throw new ArgumentException($"messages[{index}] has more than one function call; Qianfan v1 takes one function_call per assistant message.", nameof(messages));
                case FunctionResultContent r when result is null:
                    result = r;
                    break;
                case FunctionResultContent:
                    throw new ArgumentException($"messages[{index}] has more than one function result; Qianfan v1 takes one per 'function' message.", nameof(messages));
                case TextReasoningContent or UsageContent:
                    break;
                default:
                    throw new NotSupportedException(
                        $"messages[{index}] contains {content?.GetType().Name ?? "null content"}{(content is DataContent d ? $" ({d.MediaType})" : content is UriContent u ? $" ({u.MediaType})" : string.Empty)}, which Qianfan v1 cannot take (text only); send text, a function call or a function result, or use a Qianfan v2 instance for vision models.");
            }
        }

        if (result is not null)
        {
            // Quirk: a function result is a "function" message with the function's name (no call id in Qianfan v1).
            var name = FindCallName(messages, index, result.CallId)
                ?? throw new ArgumentException(
                    $"messages[{index}] is a function result for call id '{result.CallId}', but no earlier assistant message has that call: Qianfan v1 needs the function's name, so keep the assistant message with the matching FunctionCallContent before it.",
                    nameof(messages));
            return new QianfanMessage("function", ToolCalls.ResultText(result, index), name, FunctionCall: null);
        }

        if (message.Role == ChatRole.Assistant)
        {
            return new QianfanMessage("assistant", text ?? (call is null ? string.Empty : null), Name: null, call);
        }

        if (message.Role == ChatRole.User)
        {
            return new QianfanMessage("user", text ?? string.Empty, message.AuthorName, FunctionCall: null);
        }

        throw new ArgumentException($"messages[{index}] has role '{message.Role}'; Qianfan v1 takes only user, assistant and function results (plus leading system messages).", nameof(messages));
    }

    private static string? FindCallName(IReadOnlyList<ChatMessage> messages, int index, string callId)
    {
        for (int i = index - 1; i >= 0; i--)
        {
            foreach (var content in messages[i].Contents)
            {
                if (content is FunctionCallContent call && call.CallId == callId)
                {
                    return call.Name;
                }
            }
        }

        return null;
    }

    private static void CheckAlternation(List<QianfanMessage> wire, int offset)
    {
        // Quirk: Qianfan v1 needs an odd number of messages alternating user/assistant, starting and ending with user
        // (a function result takes a user position, but not the first). The server answers 336003 otherwise.
        if (wire.Count == 0)
        {
            throw new ArgumentException("The conversation has only system messages; Qianfan v1 needs at least one user message after them.", "messages");
        }

        for (int i = 0; i < wire.Count; i++)
        {
            bool userTurn = i % 2 == 0;
            var role = wire[i].Role;
            bool ok = userTurn ? role == "user" || (role == "function" && i > 0) : role == "assistant";
            if (!ok)
            {
                throw new ArgumentException(
                    string.Create(
                        CultureInfo.InvariantCulture,
                        $"messages[{i + offset}] is '{role}' but Qianfan v1 expects '{(userTurn ? (i == 0 ? "user" : "user or a function result") : "assistant")}' there: after the system messages, roles must alternate user, assistant, user... starting with user. Merge or remove messages so that they alternate."),
                    "messages");
            }
        }

        if (wire.Count % 2 == 0)
        {
            throw new ArgumentException(
                string.Create(
                    CultureInfo.InvariantCulture,
                    $"messages[{wire.Count - 1 + offset}] is the last message and is from the assistant: Qianfan v1 needs an odd number of messages (after the system messages) that ends with a user message. Add the next user message, or drop the last assistant message."),
                "messages");
        }
    }

    private static string? ToWireResponseFormat(ChatResponseFormat? format) => format switch
    {
        null => null,
        ChatResponseFormatText => "text",
        ChatResponseFormatJson { Schema: null } => "json_object",
        _ => throw new ArgumentException(
            "ChatOptions.ResponseFormat is a JSON schema, which Qianfan v1 does not take (only \"text\" and \"json_object\"): use ChatResponseFormat.Json and describe the schema in the prompt, or use Qianfan v2.",
            "options"),
    };

    private static List<QianfanFunction>? ToWireFunctions(ChatOptions? options)
    {
        if (ToolCalls.Declarations(options, "Qianfan v1") is not { } declarations)
        {
            return null;
        }

        var list = new List<QianfanFunction>(declarations.Count);
        foreach (var f in declarations)
        {
            list.Add(new QianfanFunction(f.Name, f.Description, f.Parameters));
        }

        return list;
    }

    private static JsonElement? ToWireToolChoice(ChatOptions? options)
    {
        if (options?.Tools is not { Count: > 0 } || options.ToolMode is not RequiredChatToolMode required)
        {
            return null; // Auto is the default; None sends no functions at all.
        }

        if (required.RequiredFunctionName is null)
        {
            throw new ArgumentException("ChatOptions.ToolMode RequireAny is not available in Qianfan v1: use ChatToolMode.RequireSpecific(\"<function>\") or Auto.", nameof(options));
        }

        // Same {"type":"function","function":{"name":...}} shape as OpenAI's tool_choice.
        return OpenAICompatible.OpenAIChatMapper.ToWireToolChoice(options.ToolMode);
    }
}
