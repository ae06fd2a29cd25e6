using System.Text.Json;
using System.Text.Json.Serialization;

namespace LlmClients.OpenAICompatible;

#pragma warning disable SA1649, CA1812 // Wire records live together; they are instantiated by the JSON source generator.

// A struct: a call's request costs no heap object (vendors adjust it with `with`, a copy on the stack), only its messages do.
internal record struct OpenAIChatRequest
{
    public required string Model { get; set; }

    public required List<OpenAIMessage> Messages { get; set; }

    public bool? Stream { get; set; }

    public OpenAIStreamOptions? StreamOptions { get; set; }

    public float? Temperature { get; set; }

    public float? TopP { get; set; }

    public int? TopK { get; set; }

    public int? MaxTokens { get; set; }

    public int? MaxCompletionTokens { get; set; }

    public List<string>? Stop { get; set; }

    public long? Seed { get; set; }

    public float? FrequencyPenalty { get; set; }

    public float? PresencePenalty { get; set; }

    public List<OpenAITool>? Tools { get; set; }

    public JsonElement? ToolChoice { get; set; }

    public bool? ParallelToolCalls { get; set; }

    public OpenAIResponseFormat? ResponseFormat { get; set; }

    public string? User { get; set; }

    // Reasoning controls: OpenAI-style servers take reasoning_effort, Qwen enable_thinking, GLM thinking.type.
    public string? ReasoningEffort { get; set; }

    public bool? EnableThinking { get; set; }

    public OpenAIThinking? Thinking { get; set; }
}

internal sealed record OpenAIThinking(string Type);

internal sealed record OpenAIStreamOptions(bool IncludeUsage)
{
    /// <summary>Gets <c>{"include_usage": true}</c>, shared by every stream (the record is immutable).</summary>
    public static OpenAIStreamOptions WithUsage { get; } = new(IncludeUsage: true);
}

internal sealed record OpenAIMessage
{
    public string? Role { get; set; }

    // Always written: OpenAI wants "content": null on an assistant message that only calls tools.
    // A string, or (user messages with images or audio) an array of content parts.
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public OpenAIContent Content { get; set; }

    public string? Name { get; set; }

    public string? ReasoningContent { get; set; }

    public List<OpenAIToolCall>? ToolCalls { get; set; }

    public string? ToolCallId { get; set; }

    /// <summary>A refusal instead of content (OpenAI structured outputs); read only.</summary>
    public string? Refusal { get; set; }

    /// <summary>The caller's <see cref="ChatMessage.AdditionalProperties"/>, merged into this message at serialization.</summary>
    [JsonIgnore]
    public IReadOnlyDictionary<string, object?>? Extras { get; set; }
}

// One part of a content array. OpenAI style: {"type":"text","text":..}, {"type":"image_url","image_url":{"url":..}},
// {"type":"input_audio","input_audio":{"data":..,"format":..}}. DashScope native multimodal: {"text":..}, {"image":..},
// {"audio":..}, {"video":..} (no type).
internal sealed record OpenAIContentPart
{
    public string? Type { get; set; }

    public string? Text { get; set; }

    public OpenAIImageUrl? ImageUrl { get; set; }

    public OpenAIInputAudio? InputAudio { get; set; }

    public string? Image { get; set; }

    public string? Audio { get; set; }

    public string? Video { get; set; }

    public List<string>? DocUrl { get; set; }
}

internal sealed record OpenAIImageUrl(string Url, string? Detail = null);

internal sealed record OpenAIInputAudio(string Data, string Format);

internal sealed record OpenAIToolCall
{
    public int? Index { get; set; }

    public string? Id { get; set; }

    public string? Type { get; set; }

    public OpenAIFunctionCall? Function { get; set; }
}

internal sealed record OpenAIFunctionCall(string? Name, string? Arguments);

internal sealed record OpenAITool(string Type, OpenAIFunctionDefinition Function);

internal sealed record OpenAIFunctionDefinition
{
    public required string Name { get; set; }

    public string? Description { get; set; }

    public JsonElement? Parameters { get; set; }

    public bool? Strict { get; set; }
}

internal sealed record OpenAIResponseFormat
{
    public required string Type { get; set; }

    public OpenAIJsonSchema? JsonSchema { get; set; }
}

internal sealed record OpenAIJsonSchema
{
    public required string Name { get; set; }

    public string? Description { get; set; }

    public JsonElement? Schema { get; set; }

    public bool? Strict { get; set; }
}

// Not sealed: vendors whose answers are this shape plus a few fields (Spark's code/sid, Zhipu's async task status) extend it.
internal record OpenAIChatResponse : LlmClients.Http.IShapedResponse
{
    // A non-streaming answer without choices is no answer (stream chunks may have "choices": [] and are not checked).
    string? LlmClients.Http.IShapedResponse.MissingPart => Choices is { Count: > 0 } ? null : "choices";

    public string? Id { get; set; }

    public string? Object { get; set; }

    public long? Created { get; set; }

    public string? Model { get; set; }

    public List<OpenAIChoice>? Choices { get; set; }

    public OpenAIUsage? Usage { get; set; }

    public string? RequestId { get; set; }

    public OpenAIErrorBody? Error { get; set; }
}

internal sealed record OpenAIChoice
{
    public int Index { get; set; }

    public OpenAIMessage? Message { get; set; }

    public OpenAIMessage? Delta { get; set; }

    public string? FinishReason { get; set; }

    public JsonElement? Logprobs { get; set; }

    /// <summary>Gets or sets Qianfan v2's per-choice end flag (its streams may end a choice with it and no finish reason).</summary>
    public bool? IsEnd { get; set; }
}

internal sealed record OpenAIUsage
{
    public long? PromptTokens { get; set; }

    public long? CompletionTokens { get; set; }

    public long? TotalTokens { get; set; }

    public OpenAIPromptTokensDetails? PromptTokensDetails { get; set; }

    public OpenAICompletionTokensDetails? CompletionTokensDetails { get; set; }
}

internal sealed record OpenAIPromptTokensDetails(long? CachedTokens);

internal sealed record OpenAICompletionTokensDetails(long? ReasoningTokens);

internal sealed record OpenAIEmbeddingRequest
{
    public required JsonElement Input { get; set; }

    public required string Model { get; set; }

    public int? Dimensions { get; set; }

    public string? EncodingFormat { get; set; }

    public string? User { get; set; }
}

internal sealed record OpenAIEmbeddingResponse
{
    public string? Id { get; set; }

    public string? Model { get; set; }

    public List<OpenAIEmbeddingItem>? Data { get; set; }

    public OpenAIUsage? Usage { get; set; }

    public string? RequestId { get; set; }
}

// "embedding" is a float array, or a base64 string of little-endian float32 when encoding_format is base64.
// Settable properties, not a positional record: the source generator then fills one object per item without its
// constructor-argument path (16 vectors a call: about 0.6 KB less per call).
internal sealed record OpenAIEmbeddingItem
{
    public int Index { get; set; }

    [JsonConverter(typeof(EmbeddingVectorConverter))]
    public float[] Embedding { get; set; } = [];
}

internal sealed record OpenAIErrorEnvelope
{
    public OpenAIErrorBody? Error { get; set; }

    // DashScope compatible mode: top-level id / request_id; some servers send a flat {code, message}.
    public string? Id { get; set; }

    public string? RequestId { get; set; }

    public JsonElement? Code { get; set; }

    public string? Message { get; set; }

    // vLLM's flat error: {"object":"error","type":"NotFoundError",...}.
    public string? Object { get; set; }

    public string? Type { get; set; }
}

internal sealed record OpenAIErrorBody
{
    public string? Message { get; set; }

    public string? Type { get; set; }

    public JsonElement? Param { get; set; }

    public JsonElement? Code { get; set; }
}

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    NumberHandling = JsonNumberHandling.AllowReadingFromString)]
[JsonSerializable(typeof(OpenAIChatResponse))]
[JsonSerializable(typeof(OpenAIEmbeddingRequest))]
[JsonSerializable(typeof(OpenAIEmbeddingResponse))]
[JsonSerializable(typeof(OpenAIErrorEnvelope))]
[JsonSerializable(typeof(Batches.BatchWire))]
[JsonSerializable(typeof(Batches.BatchRequestCountsWire))]
[JsonSerializable(typeof(Batches.BatchListWire))]
[JsonSerializable(typeof(Batches.BatchCreateRequest))]
[JsonSerializable(typeof(Batches.BatchFileWire))]
[JsonSerializable(typeof(Batches.BatchOutputLineWire))]
internal sealed partial class OpenAIJsonContext : JsonSerializerContext;
