using System.Text.Json;

namespace LlmClients.OpenAICompatible;

/// <summary>Maps between the neutral contract and the OpenAI chat wire format. Tests call these directly.</summary>
internal static partial class OpenAIChatMapper
{
    /// <summary>Builds the wire request.</summary>
    /// <param name="messages">The validated messages.</param>
    /// <param name="options">The options.</param>
    /// <param name="model">The resolved model.</param>
    /// <param name="stream">Whether to stream.</param>
    /// <param name="settings">The instance's wire profile (max-token field, reasoning dialect, media, reasoning echo).</param>
    /// <returns>The request record.</returns>
    /// <exception cref="ArgumentException">A message, tool or option cannot be sent (the message names which and the fix).</exception>
    /// <exception cref="NotSupportedException">The vendor cannot take a content type or a reasoning setting.</exception>
    public static OpenAIChatRequest ToWire(IReadOnlyList<ChatMessage> messages, ChatOptions? options, string model, bool stream, OpenAICompatibleSettings settings)
    {
        var wireMessages = new List<OpenAIMessage>(messages.Count + 1);
        if (!string.IsNullOrWhiteSpace(options?.Instructions))
        {
            // M.E.AI: instructions are a system message ahead of the conversation.
            wireMessages.Add(new OpenAIMessage { Role = "system", Content = options.Instructions });
        }

        for (int i = 0; i < messages.Count; i++)
        {
            AddMessage(wireMessages, messages[i], i, settings);
        }

        // Each option's mapping runs (and is jitted) only when the option is set: a call without options needs none of them.
        var tools = options is null ? null : ToWireTools(options, settings.Vendor);
        var request = new OpenAIChatRequest
        {
            Model = model,
            Messages = wireMessages,
            Stream = stream ? true : null,
            StreamOptions = stream ? OpenAIStreamOptions.WithUsage : null,
            Temperature = options?.Temperature,
            TopP = options?.TopP,
            TopK = options?.TopK,
            MaxTokens = settings.UseMaxCompletionTokens ? null : options?.MaxOutputTokens,
            MaxCompletionTokens = settings.UseMaxCompletionTokens ? options?.MaxOutputTokens : null,
            Stop = options?.StopSequences is { Count: > 0 } stop ? [.. stop] : null,
            Seed = options?.Seed,
            FrequencyPenalty = options?.FrequencyPenalty,
            PresencePenalty = options?.PresencePenalty,
            Tools = tools,
            ToolChoice = tools is not null ? ToWireToolChoice(options!.ToolMode) : null,
            ParallelToolCalls = tools is not null ? options!.AllowMultipleToolCalls : null,
            ResponseFormat = options?.ResponseFormat is { } format ? ToWireResponseFormat(format, ToolCalls.Strict(options.AdditionalProperties)) : null,
        };
        return options?.Reasoning is { } reasoning ? WithReasoning(request, reasoning, settings) : request;
    }

    /// <summary>Serializes the wire request with the caller's vendor extras and raw-representation base merged in.</summary>
    /// <param name="request">The request.</param>
    /// <param name="options">The options holding the extras.</param>
    /// <param name="client">The client, passed to <see cref="ChatOptions.RawRepresentationFactory"/>.</param>
    /// <returns>The UTF-8 body.</returns>
    public static byte[] Serialize(OpenAIChatRequest request, ChatOptions? options, IChatClient? client)
        => WireJson.Serialize(request, OpenAIRequestWriter.Write, options?.AdditionalProperties, baseFields: WireJson.RawBase(options, client), itemExtras: MessageExtras(request.Messages, "messages"));

    /// <summary>
    /// The caller's per-message fields (<see cref="ChatMessage.AdditionalProperties"/>, for example DashScope's
    /// <c>partial: true</c> on a trailing assistant message for prefix continuation), to merge into the wire messages.
    /// </summary>
    /// <param name="messages">The wire messages.</param>
    /// <param name="path">The path of the messages array in the request, for example <c>messages</c> or <c>input.messages</c>.</param>
    /// <returns>The extras, or null when no message has any.</returns>
    public static WireJson.ItemExtras? MessageExtras(List<OpenAIMessage> messages, string path)
    {
        foreach (var message in messages)
        {
            if (message.Extras is not null)
            {
                return new WireJson.ItemExtras(path, messages.ConvertAll(m => m.Extras), MessageOwnedFields);
            }
        }

        return null;
    }

    private static readonly string[] MessageOwnedFields = ["role", "content", "tool_calls", "tool_call_id"];

    /// <summary>Maps the function tools.</summary>
    /// <param name="options">The options holding the tools.</param>
    /// <param name="vendor">The vendor, for messages.</param>
    /// <returns>The wire tools, or null.</returns>
    public static List<OpenAITool>? ToWireTools(ChatOptions? options, string vendor)
    {
        if (ToolCalls.Declarations(options, vendor) is not { } declarations)
        {
            return null;
        }

        var list = new List<OpenAITool>(declarations.Count);
        foreach (var f in declarations)
        {
            list.Add(new OpenAITool("function", new OpenAIFunctionDefinition { Name = f.Name, Description = f.Description, Parameters = f.Parameters, Strict = f.Strict }));
        }

        return list;
    }

    /// <summary>Maps the tool mode to <c>tool_choice</c>.</summary>
    /// <param name="mode">The mode.</param>
    /// <returns>The wire value, or null.</returns>
    public static JsonElement? ToWireToolChoice(ChatToolMode? mode) => mode switch
    {
        null => null,
        RequiredChatToolMode { RequiredFunctionName: { } name } => WireJson.ToElement("tool_choice", new Dictionary<string, object?>
        {
            ["type"] = "function",
            ["function"] = new Dictionary<string, object?> { ["name"] = name },
        }),
        RequiredChatToolMode => WireJson.ToElement("tool_choice", "required"),
        NoneChatToolMode => WireJson.ToElement("tool_choice", "none"),
        _ => WireJson.ToElement("tool_choice", "auto"),
    };

    /// <summary>Maps the response format.</summary>
    /// <param name="format">The format.</param>
    /// <param name="strict">The <c>strict</c> flag for a JSON schema (<see cref="LlmAdditionalProperties.StrictJsonSchema"/>).</param>
    /// <returns>The wire value, or null.</returns>
    /// <exception cref="ArgumentException">The JSON schema is not a JSON object.</exception>
    public static OpenAIResponseFormat? ToWireResponseFormat(ChatResponseFormat? format, bool? strict = null) => format switch
    {
        null => null,
        ChatResponseFormatJson { Schema: { ValueKind: not JsonValueKind.Object } bad } => throw new ArgumentException(
            $"ChatOptions.ResponseFormat has a JSON schema that is a JSON {bad.ValueKind}; it must be a JSON schema object such as {{\"type\":\"object\",\"properties\":{{}}}} (ChatResponseFormat.ForJsonSchema<T>() builds one).",
            "options"),
        ChatResponseFormatJson { Schema: { } schema } json => new OpenAIResponseFormat
        {
            Type = "json_schema",
            JsonSchema = new OpenAIJsonSchema { Name = string.IsNullOrWhiteSpace(json.SchemaName) ? "response" : json.SchemaName, Description = json.SchemaDescription, Schema = schema, Strict = strict },
        },
        ChatResponseFormatJson => new OpenAIResponseFormat { Type = "json_object" },
        _ => new OpenAIResponseFormat { Type = "text" },
    };

    /// <summary>Applies <see cref="ChatOptions.Reasoning"/> in the wire's dialect.</summary>
    /// <param name="request">The request.</param>
    /// <param name="reasoning">The reasoning options, or null to send nothing.</param>
    /// <param name="settings">The wire profile.</param>
    /// <returns>The request with the reasoning fields set.</returns>
    /// <exception cref="NotSupportedException">The wire has no reasoning control and reasoning was asked for.</exception>
    public static OpenAIChatRequest WithReasoning(OpenAIChatRequest request, ReasoningOptions? reasoning, OpenAICompatibleSettings settings)
    {
        if (reasoning?.Effort is not { } effort)
        {
            return request;
        }

        return settings.Reasoning switch
        {
            ReasoningDialect.EnableThinking => request with { EnableThinking = effort != ReasoningEffort.None },
            ReasoningDialect.ThinkingType => request with { Thinking = new OpenAIThinking(effort == ReasoningEffort.None ? "disabled" : "enabled") },
            ReasoningDialect.None when effort == ReasoningEffort.None => request,
            ReasoningDialect.None => throw new NotSupportedException(
                $"ChatOptions.Reasoning.Effort = {effort}: {settings.Vendor} instance '{settings.InstanceName}' has no reasoning control on this API. Leave ChatOptions.Reasoning null (or Effort = None)."),
            _ => request with { ReasoningEffort = EffortName(effort) },
        };
    }

    /// <summary>The OpenAI <c>reasoning_effort</c> value of an effort.</summary>
    /// <param name="effort">The effort.</param>
    /// <returns><c>none</c>, <c>low</c>, <c>medium</c>, <c>high</c> or <c>xhigh</c>.</returns>
    public static string EffortName(ReasoningEffort effort) => effort switch
    {
        ReasoningEffort.None => "none",
        ReasoningEffort.Low => "low",
        ReasoningEffort.Medium => "medium",
        ReasoningEffort.High => "high",
        ReasoningEffort.ExtraHigh => "xhigh",
        _ => throw new ArgumentOutOfRangeException(nameof(effort), effort, "ChatOptions.Reasoning.Effort is not a ReasoningEffort value."),
    };

    /// <summary>Maps a non-streaming response.</summary>
    /// <param name="wire">The wire response.</param>
    /// <param name="headerRequestId">The request id from the headers.</param>
    /// <returns>The neutral response.</returns>
    public static ChatResponse FromWire(OpenAIChatResponse wire, string? headerRequestId)
    {
        var choice = FirstChoice(wire.Choices);
        var message = new ChatMessage { Role = choice?.Message?.Role is { Length: > 0 } role ? new ChatRole(role) : ChatRole.Assistant, RawRepresentation = choice?.Message };
        if (!string.IsNullOrEmpty(choice?.Message?.ReasoningContent))
        {
            message.Contents.Add(new TextReasoningContent(choice.Message.ReasoningContent));
        }

        if (choice?.Message?.Content.Text is { Length: > 0 } content)
        {
            message.Contents.Add(new TextContent(content));
        }
        else if (choice?.Message?.Refusal is { Length: > 0 } refusal)
        {
            // A structured-output refusal has no content: surface its sentence as the text (never an empty answer), with
            // finish reason content_filter and the refusal under LlmAdditionalProperties.Refusal.
            message.Contents.Add(new TextContent(refusal));
        }

        int index = 0;
        foreach (var call in choice?.Message?.ToolCalls ?? [])
        {
            message.Contents.Add(ToolCalls.Call(string.IsNullOrEmpty(call.Id) ? $"call_{index}" : call.Id, call.Function?.Name ?? string.Empty, call.Function?.Arguments));
            index++;
        }

        var finish = FinishReasons.FromWire(choice?.FinishReason);
        if (index > 0 && (finish is null || finish == ChatFinishReason.Stop))
        {
            finish = ChatFinishReason.ToolCalls;
        }

        var properties = ResponseProperties.RequestId(headerRequestId ?? wire.RequestId);
        if (choice?.Logprobs is { ValueKind: JsonValueKind.Object } logprobs)
        {
            (properties ??= [])[LlmAdditionalProperties.Logprobs] = logprobs;
        }

        if (choice?.Message?.Refusal is { Length: > 0 } refused)
        {
            (properties ??= [])[LlmAdditionalProperties.Refusal] = refused;
            finish = ChatFinishReason.ContentFilter;
        }

        return new ChatResponse(message)
        {
            ResponseId = wire.Id,
            AdditionalProperties = properties,
            ModelId = wire.Model,
            CreatedAt = wire.Created is long created ? DateTimeOffset.FromUnixTimeSeconds(created) : null,
            FinishReason = finish,
            Usage = FromWire(wire.Usage),
            RawRepresentation = wire,
        };
    }

    /// <summary>Maps usage.</summary>
    /// <param name="usage">The wire usage.</param>
    /// <returns>The neutral usage, or null.</returns>
    public static UsageDetails? FromWire(OpenAIUsage? usage) => usage is null ? null
        : ResponseProperties.Usage(usage.PromptTokens, usage.CompletionTokens, usage.TotalTokens, usage.PromptTokensDetails?.CachedTokens, usage.CompletionTokensDetails?.ReasoningTokens);

    private static OpenAIChoice? FirstChoice(List<OpenAIChoice>? choices)
    {
        // Never assume choices[0] exists: the include_usage chunk has "choices": [].
        if (choices is not { Count: > 0 })
        {
            return null;
        }

        foreach (var choice in choices)
        {
            if (choice.Index == 0)
            {
                return choice;
            }
        }

        return null;
    }

    private static void AddMessage(List<OpenAIMessage> wire, ChatMessage message, int index, OpenAICompatibleSettings settings)
    {
        string? text = null;
        string? reasoning = null;
        List<OpenAIContentPart>? parts = null;
        List<OpenAIToolCall>? calls = null;
        var contents = message.Contents;
        for (int c = 0; c < contents.Count; c++) // By index: a foreach over the IList would box an enumerator per message.
        {
            var content = contents[c];
            switch (content)
            {
                case TextContent t:
                    text = text is null ? t.Text : text + t.Text;
                    parts?.Add(new OpenAIContentPart { Type = "text", Text = t.Text });
                    break;
                case DataContent or UriContent:
                    if (parts is null)
                    {
                        parts = [];
                        if (text is not null)
                        {
                            parts.Add(new OpenAIContentPart { Type = "text", Text = text });
                        }
                    }

                    parts.Add(MediaPart(content, message, index, settings));
                    break;
                case FunctionCallContent call:
                    ToolCalls.Check(call, index);
                    (calls ??= []).Add(new OpenAIToolCall { Id = call.CallId, Type = "function", Function = new OpenAIFunctionCall(call.Name, ToolCalls.ArgumentsJson(call, index)) });
                    break;
                case FunctionResultContent result:
                    ToolCalls.Check(result, index);
                    wire.Add(new OpenAIMessage { Role = "tool", ToolCallId = result.CallId, Content = ToolCalls.ResultText(result, index) });
                    break;
                case TextReasoningContent r:
                    // Sent back only where the server needs it (DeepSeek thinking mode with tools); several compatible
                    // servers reject reasoning_content in input.
                    reasoning = settings.SendReasoningContent ? reasoning + r.Text : reasoning;
                    break;
                case UsageContent:
                    break;
                default:
                    throw new ArgumentException(
                        $"messages[{index}] contains {content?.GetType().Name ?? "null content"}, which {settings.Vendor} cannot take; send text, images or audio (DataContent/UriContent), tool calls or tool results.",
                        "messages");
            }
        }

        if (message.Role == ChatRole.Tool)
        {
            if (text is null && parts is null && calls is null)
            {
                return; // Tool results were added above, one wire message each.
            }

            // A "tool" message without tool_call_id is rejected by every OpenAI-shaped server.
            throw new ArgumentException(
                $"messages[{index}] is a tool message holding {(text is not null ? "text" : parts is not null ? "media" : "a function call")} outside a FunctionResultContent; a tool message carries results only: wrap the output in new FunctionResultContent(callId, result).",
                "messages");
        }

        wire.Add(new OpenAIMessage
        {
            Role = message.Role.Value,
            Content = parts is not null ? new OpenAIContent(text, parts) : text ?? (calls is null ? string.Empty : null),
            Name = message.AuthorName,
            ToolCalls = calls,
            ReasoningContent = reasoning,
            Extras = message.AdditionalProperties is { Count: > 0 } extras ? extras : null,
        });
    }
}
