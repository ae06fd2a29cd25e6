using System.Text.Json;
using LlmClients.Http;
using LlmClients.Shared;
using LlmClients.Streaming;

namespace LlmClients.OpenAI;

/// <summary>Maps between the neutral contract and the OpenAI chat wire format. Tests call these directly.</summary>
internal static class OpenAIChatMapper
{
    /// <summary>Builds the wire request.</summary>
    /// <param name="messages">The validated messages.</param>
    /// <param name="options">The options.</param>
    /// <param name="model">The resolved model.</param>
    /// <param name="stream">Whether to stream.</param>
    /// <param name="useMaxCompletionTokens">Whether to send <c>max_completion_tokens</c> instead of <c>max_tokens</c>.</param>
    /// <returns>The request record.</returns>
    public static OpenAIChatRequest ToWire(IReadOnlyList<ChatMessage> messages, ChatOptions? options, string model, bool stream, bool useMaxCompletionTokens)
    {
        var wireMessages = new List<OpenAIMessage>(messages.Count);
        for (int i = 0; i < messages.Count; i++)
        {
            AddMessage(wireMessages, messages[i], i);
        }

        return new OpenAIChatRequest
        {
            Model = model,
            Messages = wireMessages,
            Stream = stream ? true : null,
            StreamOptions = stream ? new OpenAIStreamOptions(IncludeUsage: true) : null,
            Temperature = options?.Temperature,
            TopP = options?.TopP,
            TopK = options?.TopK,
            MaxTokens = useMaxCompletionTokens ? null : options?.MaxOutputTokens,
            MaxCompletionTokens = useMaxCompletionTokens ? options?.MaxOutputTokens : null,
            Stop = options?.StopSequences is { Count: > 0 } stop ? [.. stop] : null,
            Seed = options?.Seed,
            FrequencyPenalty = options?.FrequencyPenalty,
            PresencePenalty = options?.PresencePenalty,
            Tools = ToWireTools(options?.Tools),
            ToolChoice = options?.Tools is { Count: > 0 } ? ToWireToolChoice(options.ToolMode) : null,
            ParallelToolCalls = options?.Tools is { Count: > 0 } ? options.AllowMultipleToolCalls : null,
            ResponseFormat = ToWireResponseFormat(options?.ResponseFormat),
            User = options?.EndUserId,
        };
    }

    /// <summary>Serializes the wire request with the caller's vendor extras merged in.</summary>
    /// <param name="request">The request.</param>
    /// <param name="options">The options holding the extras.</param>
    /// <returns>The UTF-8 body.</returns>
    public static byte[] Serialize(OpenAIChatRequest request, ChatOptions? options)
        => WireJson.Serialize(request, OpenAIJsonContext.Default.OpenAIChatRequest, options?.AdditionalProperties);

    /// <summary>Maps the function tools.</summary>
    /// <param name="tools">The tools.</param>
    /// <returns>The wire tools, or null.</returns>
    public static List<OpenAITool>? ToWireTools(IList<ChatTool>? tools)
    {
        if (tools is not { Count: > 0 })
        {
            return null;
        }

        var list = new List<OpenAITool>(tools.Count);
        foreach (var tool in tools)
        {
            if (tool is not FunctionTool f)
            {
                throw new ArgumentException($"Tool '{tool?.Name}' is not a FunctionTool; only function tools can be sent to an OpenAI-compatible endpoint.", "options");
            }

            list.Add(new OpenAITool("function", new OpenAIFunctionDefinition { Name = f.Name, Description = f.Description, Parameters = f.ParametersSchema, Strict = f.Strict }));
        }

        return list;
    }

    /// <summary>Maps the tool mode to <c>tool_choice</c>.</summary>
    /// <param name="mode">The mode.</param>
    /// <returns>The wire value, or null.</returns>
    public static JsonElement? ToWireToolChoice(ChatToolMode? mode) => mode switch
    {
        null => null,
        { RequiredFunctionName: { } name } => WireJson.ToElement("tool_choice", new Dictionary<string, object?>
        {
            ["type"] = "function",
            ["function"] = new Dictionary<string, object?> { ["name"] = name },
        }),
        _ => WireJson.ToElement("tool_choice", mode.Kind),
    };

    /// <summary>Maps the response format.</summary>
    /// <param name="format">The format.</param>
    /// <returns>The wire value, or null.</returns>
    public static OpenAIResponseFormat? ToWireResponseFormat(ChatResponseFormat? format) => format?.Kind switch
    {
        null => null,
        "json_schema" => new OpenAIResponseFormat
        {
            Type = "json_schema",
            JsonSchema = new OpenAIJsonSchema { Name = format.SchemaName ?? "response", Description = format.SchemaDescription, Schema = format.Schema, Strict = format.Strict },
        },
        _ => new OpenAIResponseFormat { Type = format.Kind },
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

        if (!string.IsNullOrEmpty(choice?.Message?.Content))
        {
            message.Contents.Add(new TextContent(choice.Message.Content));
        }

        int index = 0;
        foreach (var call in choice?.Message?.ToolCalls ?? [])
        {
            message.Contents.Add(new FunctionCallContent(string.IsNullOrEmpty(call.Id) ? $"call_{index}" : call.Id, call.Function?.Name ?? string.Empty, call.Function?.Arguments));
            index++;
        }

        var finish = FinishReasons.FromWire(choice?.FinishReason);
        if (index > 0 && (finish is null || finish == ChatFinishReason.Stop))
        {
            finish = ChatFinishReason.ToolCalls;
        }

        return new ChatResponse(message)
        {
            ResponseId = wire.Id,
            RequestId = headerRequestId ?? wire.RequestId,
            ModelId = wire.Model,
            CreatedAt = wire.Created is long created ? DateTimeOffset.FromUnixTimeSeconds(created) : null,
            FinishReason = finish,
            Usage = FromWire(wire.Usage),
            RawRepresentation = wire,
        };
    }

    /// <summary>Maps one stream chunk (which may have no choices: the usage chunk).</summary>
    /// <param name="wire">The chunk.</param>
    /// <param name="headerRequestId">The request id from the headers.</param>
    /// <returns>The chunk for the normalizer.</returns>
    public static StreamChunk FromWireChunk(OpenAIChatResponse wire, string? headerRequestId)
    {
        var choice = FirstChoice(wire.Choices);
        var delta = choice?.Delta;
        var chunk = new StreamChunk
        {
            ResponseId = wire.Id,
            RequestId = headerRequestId ?? wire.RequestId,
            ModelId = wire.Model,
            CreatedAt = wire.Created is long created ? DateTimeOffset.FromUnixTimeSeconds(created) : null,
            Role = delta?.Role is { Length: > 0 } role ? new ChatRole(role) : null,
            Text = delta?.Content,
            Reasoning = delta?.ReasoningContent,
            Usage = FromWire(wire.Usage),
            FinishReason = FinishReasons.FromWire(choice?.FinishReason),
            RawRepresentation = wire,
        };

        if (delta?.ToolCalls is { Count: > 0 } calls)
        {
            chunk.ToolCalls = [];
            for (int i = 0; i < calls.Count; i++)
            {
                var call = calls[i];
                chunk.ToolCalls.Add(new ToolCallFragment(call.Index ?? i, call.Id, call.Function?.Name, call.Function?.Arguments));
            }
        }

        return chunk;
    }

    /// <summary>Maps usage.</summary>
    /// <param name="usage">The wire usage.</param>
    /// <returns>The neutral usage, or null.</returns>
    public static UsageDetails? FromWire(OpenAIUsage? usage) => usage is null ? null : new UsageDetails
    {
        InputTokenCount = usage.PromptTokens,
        OutputTokenCount = usage.CompletionTokens,
        TotalTokenCount = usage.TotalTokens ?? (usage.PromptTokens + usage.CompletionTokens),
        CachedInputTokenCount = usage.PromptTokensDetails?.CachedTokens,
        ReasoningTokenCount = usage.CompletionTokensDetails?.ReasoningTokens,
    };

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

    private static void AddMessage(List<OpenAIMessage> wire, ChatMessage message, int index)
    {
        string? text = null;
        List<OpenAIToolCall>? calls = null;
        foreach (var content in message.Contents)
        {
            switch (content)
            {
                case TextContent t:
                    text = text is null ? t.Text : text + t.Text;
                    break;
                case FunctionCallContent call:
                    (calls ??= []).Add(new OpenAIToolCall { Id = call.CallId, Type = "function", Function = new OpenAIFunctionCall(call.Name, call.Arguments) });
                    break;
                case FunctionResultContent result:
                    wire.Add(new OpenAIMessage { Role = "tool", ToolCallId = result.CallId, Content = result.Result });
                    break;
                case TextReasoningContent or UsageContent:
                    // Reasoning is not sent back: several compatible servers reject reasoning_content in input.
                    break;
                default:
                    throw new ArgumentException(
                        $"messages[{index}] contains {content?.GetType().Name ?? "null content"}, which an OpenAI-compatible endpoint cannot take; send text, tool calls or tool results.",
                        "messages");
            }
        }

        if (message.Role == ChatRole.Tool && text is null)
        {
            return; // Tool results were added above, one wire message each.
        }

        wire.Add(new OpenAIMessage
        {
            Role = message.Role.Value,
            Content = text ?? (calls is null ? string.Empty : null),
            Name = message.AuthorName,
            ToolCalls = calls,
        });
    }
}
