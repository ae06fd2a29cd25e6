using System.Text.Json;
using System.Text.Json.Serialization;

namespace LlmClients.OpenAICompatible;

#pragma warning disable SA1649, CA1812 // Wire records live together; they are instantiated by the JSON source generator.

internal sealed record OpenAIChatRequest
{
    public required string Model { get; init; }

    public required List<OpenAIMessage> Messages { get; init; }

    public bool? Stream { get; init; }

    public OpenAIStreamOptions? StreamOptions { get; init; }

    public float? Temperature { get; init; }

    public float? TopP { get; init; }

    public int? TopK { get; init; }

    public int? MaxTokens { get; init; }

    public int? MaxCompletionTokens { get; init; }

    public List<string>? Stop { get; init; }

    public long? Seed { get; init; }

    public float? FrequencyPenalty { get; init; }

    public float? PresencePenalty { get; init; }

    public List<OpenAITool>? Tools { get; init; }

    public JsonElement? ToolChoice { get; init; }

    public bool? ParallelToolCalls { get; init; }

    public OpenAIResponseFormat? ResponseFormat { get; init; }

    public string? User { get; init; }

    // Reasoning controls: OpenAI-style servers take reasoning_effort, Qwen enable_thinking, GLM thinking.type.
    public string? ReasoningEffort { get; init; }

    public bool? EnableThinking { get; init; }

    public OpenAIThinking? Thinking { get; init; }
}

internal sealed record OpenAIThinking(string Type);

internal sealed record OpenAIStreamOptions(bool IncludeUsage);

internal sealed record OpenAIMessage
{
    public string? Role { get; init; }

    // Always written: OpenAI wants "content": null on an assistant message that only calls tools.
    // A string, or (user messages with images or audio) an array of content parts.
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public OpenAIContent Content { get; init; }

    public string? Name { get; init; }

    public string? ReasoningContent { get; init; }

    public List<OpenAIToolCall>? ToolCalls { get; init; }

    public string? ToolCallId { get; init; }
}

// One part of a content array. OpenAI style: {"type":"text","text":..}, {"type":"image_url","image_url":{"url":..}},
// {"type":"input_audio","input_audio":{"data":..,"format":..}}. DashScope native multimodal: {"text":..}, {"image":..},
// {"audio":..}, {"video":..} (no type).
internal sealed record OpenAIContentPart
{
    public string? Type { get; init; }

    public string? Text { get; init; }

    public OpenAIImageUrl? ImageUrl { get; init; }

    public OpenAIInputAudio? InputAudio { get; init; }

    public string? Image { get; init; }

    public string? Audio { get; init; }

    public string? Video { get; init; }
}

internal sealed record OpenAIImageUrl(string Url, string? Detail = null);

internal sealed record OpenAIInputAudio(string Data, string Format);

internal sealed record OpenAIToolCall
{
    public int? Index { get; init; }

    public string? Id { get; init; }

    public string? Type { get; init; }

    public OpenAIFunctionCall? Function { get; init; }
}

internal sealed record OpenAIFunctionCall(string? Name, string? Arguments);

internal sealed record OpenAITool(string Type, OpenAIFunctionDefinition Function);

internal sealed record OpenAIFunctionDefinition
{
    public required string Name { get; init; }

    public string? Description { get; init; }

    public JsonElement? Parameters { get; init; }

    public bool? Strict { get; init; }
}

internal sealed record OpenAIResponseFormat
{
    public required string Type { get; init; }

    public OpenAIJsonSchema? JsonSchema { get; init; }
}

internal sealed record OpenAIJsonSchema
{
    public required string Name { get; init; }

    public string? Description { get; init; }

    public JsonElement? Schema { get; init; }

    public bool? Strict { get; init; }
}

internal sealed record OpenAIChatResponse
{
    public string? Id { get; init; }

    public string? Object { get; init; }

    public long? Created { get; init; }

    public string? Model { get; init; }

    public List<OpenAIChoice>? Choices { get; init; }

    public OpenAIUsage? Usage { get; init; }

    public string? RequestId { get; init; }

    public OpenAIErrorBody? Error { get; init; }
}

internal sealed record OpenAIChoice
{
    public int Index { get; init; }

    public OpenAIMessage? Message { get; init; }

    public OpenAIMessage? Delta { get; init; }

    public string? FinishReason { get; init; }
}

internal sealed record OpenAIUsage
{
    public long? PromptTokens { get; init; }

    public long? CompletionTokens { get; init; }

    public long? TotalTokens { get; init; }

    public OpenAIPromptTokensDetails? PromptTokensDetails { get; init; }

    public OpenAICompletionTokensDetails? CompletionTokensDetails { get; init; }
}

internal sealed record OpenAIPromptTokensDetails(long? CachedTokens);

internal sealed record OpenAICompletionTokensDetails(long? ReasoningTokens);

internal sealed record OpenAIEmbeddingRequest
{
    public required JsonElement Input { get; init; }

    public required string Model { get; init; }

    public int? Dimensions { get; init; }

    public string? EncodingFormat { get; init; }

    public string? User { get; init; }
}

internal sealed record OpenAIEmbeddingResponse
{
    public string? Id { get; init; }

    public string? Model { get; init; }

    public List<OpenAIEmbeddingItem>? Data { get; init; }

    public OpenAIUsage? Usage { get; init; }

    public string? RequestId { get; init; }
}

// "embedding" is a float array, or a base64 string of little-endian float32 when encoding_format is base64.
internal sealed record OpenAIEmbeddingItem(int Index, [property: JsonConverter(typeof(EmbeddingVectorConverter))] float[] Embedding);

internal sealed record OpenAIErrorEnvelope
{
    public OpenAIErrorBody? Error { get; init; }

    // DashScope compatible mode: top-level id / request_id; some servers send a flat {code, message}.
    public string? Id { get; init; }

    public string? RequestId { get; init; }

    public JsonElement? Code { get; init; }

    public string? Message { get; init; }
}

internal sealed record OpenAIErrorBody
{
    public string? Message { get; init; }

    public string? Type { get; init; }

    public string? Param { get; init; }

    public JsonElement? Code { get; init; }
}

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    NumberHandling = JsonNumberHandling.AllowReadingFromString)]
[JsonSerializable(typeof(OpenAIChatRequest))]
[JsonSerializable(typeof(OpenAIChatResponse))]
[JsonSerializable(typeof(OpenAIEmbeddingRequest))]
[JsonSerializable(typeof(OpenAIEmbeddingResponse))]
[JsonSerializable(typeof(OpenAIErrorEnvelope))]
[JsonSerializable(typeof(List<OpenAIContentPart>))]
internal sealed partial class OpenAIJsonContext : JsonSerializerContext;
