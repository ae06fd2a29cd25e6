using System.Text.Json;

namespace LlmClients.DashScope;

/// <summary>Maps between the neutral contract and the native DashScope text-generation wire format. Tests call these directly.</summary>
internal static class DashScopeChatMapper
{
    /// <summary>Builds the wire request and says how a stream of it carries text.</summary>
    /// <param name="messages">The validated messages (file references already applied).</param>
    /// <param name="options">The options; their <c>AdditionalProperties</c> go into <c>parameters</c> at serialization.</param>
    /// <param name="model">The model.</param>
    /// <param name="stream">Whether the call streams.</param>
    /// <param name="profile">The wire profile (reasoning dialect, media).</param>
    /// <returns>The request and the stream mode.</returns>
    public static (DashScopeChatRequest Request, TextStreamMode Mode) ToWire(IReadOnlyList<ChatMessage> messages, ChatOptions? options, string model, bool stream, OpenAICompatibleSettings profile)
        => ToWire(messages, options, model, stream, profile, IsMultimodal(messages, model));

    /// <summary>Builds the native request for the text or the multimodal endpoint.</summary>
    /// <param name="messages">The messages.</param>
    /// <param name="options">The options.</param>
    /// <param name="model">The model.</param>
    /// <param name="stream">Whether to stream.</param>
    /// <param name="profile">The wire profile (reasoning dialect, media).</param>
    /// <param name="multimodal">Whether the request goes to <c>multimodal-generation</c>, whose contents are lists of <c>{"text"|"image"|"audio"|"video": ..}</c>.</param>
    /// <returns>The request and how to read its stream.</returns>
    public static (DashScopeChatRequest Request, TextStreamMode Mode) ToWire(IReadOnlyList<ChatMessage> messages, ChatOptions? options, string model, bool stream, OpenAICompatibleSettings profile, bool multimodal)
    {
        if (!stream && options?.Reasoning?.Effort is { } effort && effort != ReasoningEffort.None)
        {
            // Alibaba's error-code page: thinking with a non-streaming call is 400 "parameter.enable_thinking must be set to false for non-streaming calls".
            throw new ArgumentException(
                $"ChatOptions.Reasoning.Effort = {effort} turns Qwen thinking on, which DashScope allows only in streaming calls: use GetStreamingResponseAsync (and ToChatResponseAsync() for one response), or set Effort = None.",
                nameof(options));
        }

        // The native messages and parameters are OpenAI's, spelled the same: reuse the OpenAI mapper and re-envelope.
        var openAI = OpenAIChatMapper.ToWire(messages, options, model, stream: false, profile);
        var wireMessages = openAI.Messages.Select(m => multimodal ? ToMultimodal(m) : m.Content.IsNull ? m with { Content = string.Empty } : m).ToList();

        // result_format "text" (asked for through AdditionalProperties) answers in output.text; a lone user turn then goes as input.prompt.
        var resultFormat = ExtraString(options, "result_format") ?? "message";
        string? prompt = null;
        if (resultFormat == "text" && string.IsNullOrWhiteSpace(options?.Instructions) && !multimodal && messages.Count == 1 && messages[0].Role == ChatRole.User && messages[0].Contents.All(c => c is TextContent))
        {
            prompt = messages[0].Text;
        }

        // Quirk: incremental_output false (the historic default) streams cumulative text; we ask for deltas unless the caller opts out.
        var incremental = ExtraBool(options, "incremental_output");
        var mode = incremental == false ? TextStreamMode.Cumulative : TextStreamMode.Detect;
        var request = new DashScopeChatRequest
        {
            Model = model,
            Input = prompt is null ? new DashScopeChatInput { Messages = wireMessages } : new DashScopeChatInput { Prompt = prompt },
            // The native parameters have no frequency_penalty; the rest of the OpenAI fields are spelled the same.
            Parameters = new DashScopeChatParameters(resultFormat, stream ? true : null, openAI with { FrequencyPenalty = null }),
        };
        return (request, mode);
    }

    /// <summary>Serializes the request with the caller's vendor extras merged into <c>parameters</c>.</summary>
    /// <param name="request">The request.</param>
    /// <param name="options">The options holding the extras.</param>
    /// <param name="client">The client, passed to <see cref="ChatOptions.RawRepresentationFactory"/>.</param>
    /// <returns>The UTF-8 body.</returns>
    public static byte[] Serialize(DashScopeChatRequest request, ChatOptions? options, IChatClient client)
        => WireJson.Serialize(
            request,
            DashScopeJsonContext.Default.DashScopeChatRequest,
            options?.AdditionalProperties,
            extrasPath: "parameters",
            baseFields: WireJson.RawBase(options, client),
            itemExtras: request.Input.Messages is { } messages ? OpenAIChatMapper.MessageExtras(messages, "input.messages") : null);

    /// <summary>
    /// Whether a request goes to the multimodal endpoint: the conversation holds images, audio or video, or the model is a
    /// vision/audio/omni model (qwen-vl-*, qvq-*, qwen-audio-*, qwen-omni-*), whose native API is <c>multimodal-generation</c>.
    /// </summary>
    /// <param name="messages">The messages.</param>
    /// <param name="model">The model.</param>
    /// <returns>True for the multimodal endpoint.</returns>
    public static bool IsMultimodal(IReadOnlyList<ChatMessage> messages, string model)
    {
        if (model.Contains("-vl", StringComparison.OrdinalIgnoreCase) || model.StartsWith("qvq", StringComparison.OrdinalIgnoreCase)
            || model.Contains("-audio", StringComparison.OrdinalIgnoreCase) || model.Contains("omni", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        foreach (var message in messages)
        {
            foreach (var content in message.Contents)
            {
                if (content is DataContent or UriContent && !OpenAIChatMapper.IsDocument((content as UriContent)?.MediaType))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static OpenAIMessage ToMultimodal(OpenAIMessage message)
    {
        if (message.Role == "tool")
        {
            return message;
        }

        // multimodal-generation takes every content as a list: [{"text": ..}, {"image": url-or-data-uri}, {"audio": ..}, {"video": ..}].
        var parts = new List<OpenAIContentPart>();
        if (message.Content.Parts is { } openAIParts)
        {
            foreach (var part in openAIParts)
            {
                parts.Add(part switch
                {
                    { ImageUrl: { } image } => new OpenAIContentPart { Image = image.Url },
                    { InputAudio: { } audio } => new OpenAIContentPart { Audio = $"data:audio/{audio.Format};base64,{audio.Data}" },
                    { Video: { } } => part,
                    _ => new OpenAIContentPart { Text = part.Text ?? string.Empty },
                });
            }
        }
        else if (!string.IsNullOrEmpty(message.Content.Text))
        {
            parts.Add(new OpenAIContentPart { Text = message.Content.Text });
        }

        return message with { Content = new OpenAIContent(message.Content.Text, parts) };
    }

    /// <summary>Maps a non-streaming response, in message or text format.</summary>
    /// <param name="wire">The response.</param>
    /// <param name="model">The requested model (the native API does not echo it).</param>
    /// <param name="headerRequestId">The request id from the headers.</param>
    /// <returns>The neutral response.</returns>
    public static ChatResponse FromWire(DashScopeChatResponse wire, string model, string? headerRequestId)
    {
        ChatResponse response;
        if (wire.Output?.Choices is { Count: > 0 } choices)
        {
            // Quirk: tool calls came with finish_reason "stop" and content "" (2024); the OpenAI mapper detects them by presence.
            response = OpenAIChatMapper.FromWire(new OpenAIChatResponse { Choices = choices }, null);
        }
        else
        {
            var message = new ChatMessage(ChatRole.Assistant, string.IsNullOrEmpty(wire.Output?.Text) ? null : wire.Output.Text) { RawRepresentation = wire.Output };
            response = new ChatResponse(message) { FinishReason = FinishReasons.FromWire(wire.Output?.FinishReason) };
        }

        response.ResponseId = wire.RequestId;
        if ((wire.RequestId ?? headerRequestId) is { } requestId)
        {
            (response.AdditionalProperties ??= [])[LlmAdditionalProperties.RequestId] = requestId;
        }
        response.ModelId = model;
        response.Usage = FromWire(wire.Usage);
        response.RawRepresentation = wire;
        return response;
    }

    /// <summary>Maps native usage (<c>input_tokens</c>/<c>output_tokens</c>, cached and reasoning details).</summary>
    /// <param name="usage">The wire usage.</param>
    /// <returns>The neutral usage, or null.</returns>
    public static UsageDetails? FromWire(DashScopeUsage? usage) => usage is null ? null
        : ResponseProperties.Usage(usage.InputTokens, usage.OutputTokens, usage.TotalTokens, usage.PromptTokensDetails?.CachedTokens, usage.OutputTokensDetails?.ReasoningTokens);

    private static string? ExtraString(ChatOptions? options, string key)
        => options?.AdditionalProperties?.TryGetValue(key, out var value) == true
            ? value switch
            {
                string s => s,
                JsonElement { ValueKind: JsonValueKind.String } e => e.GetString(),
                _ => null,
            }
            : null;

    private static bool? ExtraBool(ChatOptions? options, string key)
        => options?.AdditionalProperties?.TryGetValue(key, out var value) == true
            ? value switch
            {
                bool b => b,
                JsonElement { ValueKind: JsonValueKind.True } => true,
                JsonElement { ValueKind: JsonValueKind.False } => false,
                string s when bool.TryParse(s, out var parsed) => parsed,
                _ => null,
            }
            : null;
}
