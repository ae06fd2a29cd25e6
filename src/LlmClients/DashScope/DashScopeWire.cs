using System.Text.Json.Serialization;
using LlmClients.OpenAICompatible;

namespace LlmClients.DashScope;

#pragma warning disable SA1649, CA1812 // Wire records live together; they are instantiated by the JSON source generator.

// The native message, tool and choice shapes are OpenAI's (role/content/tool_calls/reasoning_content), so the
// OpenAI wire records are reused for them; the envelope (model/input/parameters, output, usage) is DashScope's.
internal sealed record DashScopeChatRequest
{
    public required string Model { get; set; }

    public required DashScopeChatInput Input { get; set; }

    public required DashScopeChatParameters Parameters { get; set; }
}

internal sealed record DashScopeChatInput
{
    public string? Prompt { get; set; }

    public List<OpenAIMessage>? Messages { get; set; }
}

internal sealed record DashScopeChatParameters
{
    public string? ResultFormat { get; set; }

    public bool? IncrementalOutput { get; set; }

    public float? Temperature { get; set; }

    public float? TopP { get; set; }

    public int? TopK { get; set; }

    public int? MaxTokens { get; set; }

    public long? Seed { get; set; }

    public List<string>? Stop { get; set; }

    public float? PresencePenalty { get; set; }

    public List<OpenAITool>? Tools { get; set; }

    public System.Text.Json.JsonElement? ToolChoice { get; set; }

    public bool? ParallelToolCalls { get; set; }

    public OpenAIResponseFormat? ResponseFormat { get; set; }

    public bool? EnableThinking { get; set; }
}

internal sealed record DashScopeChatResponse : LlmClients.Http.IShapedResponse
{
    // An answer has output.text (text format) or output.choices (message format).
    string? LlmClients.Http.IShapedResponse.MissingPart => Output is { Text: not null } or { Choices.Count: > 0 } ? null : "output";

    public DashScopeChatOutput? Output { get; set; }

    public DashScopeUsage? Usage { get; set; }

    public string? RequestId { get; set; }

    public string? Code { get; set; }

    public string? Message { get; set; }
}

internal sealed record DashScopeChatOutput
{
    public string? Text { get; set; }

    public string? FinishReason { get; set; }

    public List<OpenAIChoice>? Choices { get; set; }
}

internal sealed record DashScopeUsage
{
    public long? InputTokens { get; set; }

    public long? OutputTokens { get; set; }

    public long? TotalTokens { get; set; }

    public OpenAIPromptTokensDetails? PromptTokensDetails { get; set; }

    public OpenAICompletionTokensDetails? OutputTokensDetails { get; set; }
}

internal sealed record DashScopeEmbeddingRequest
{
    public required string Model { get; set; }

    public required DashScopeEmbeddingInput Input { get; set; }

    public DashScopeEmbeddingParameters? Parameters { get; set; }
}

internal sealed record DashScopeEmbeddingInput(List<string> Texts);

internal sealed record DashScopeEmbeddingParameters
{
    public string? TextType { get; set; }

    public int? Dimension { get; set; }
}

internal sealed record DashScopeEmbeddingResponse
{
    public DashScopeEmbeddingOutput? Output { get; set; }

    public DashScopeUsage? Usage { get; set; }

    public string? RequestId { get; set; }
}

internal sealed record DashScopeEmbeddingOutput(List<DashScopeEmbeddingItem>? Embeddings);

internal sealed record DashScopeEmbeddingItem
{
    public int TextIndex { get; set; }

    public float[]? Embedding { get; set; }
}

internal sealed record DashScopeErrorBody
{
    // A string natively ("InvalidParameter"); a number when an OpenAI-style server answers in compatible mode.
    public System.Text.Json.JsonElement? Code { get; set; }

    public string? Message { get; set; }

    public string? Msg { get; set; }

    public string? RequestId { get; set; }

    // Compatible mode wraps errors OpenAI-style: {"error":{...}}.
    public System.Text.Json.JsonElement? Error { get; set; }
}

internal sealed record DashScopeFileWire
{
    public string? Id { get; set; }

    public string? Object { get; set; }

    public long? Bytes { get; set; }

    public string? Filename { get; set; }

    public string? Purpose { get; set; }

    public string? Status { get; set; }

    public long? CreatedAt { get; set; }

    public bool? Deleted { get; set; }
}

internal sealed record DashScopeFileListWire
{
    public List<DashScopeFileWire>? Data { get; set; }

    public bool? HasMore { get; set; }
}

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    NumberHandling = JsonNumberHandling.AllowReadingFromString)]
[JsonSerializable(typeof(DashScopeChatRequest))]
[JsonSerializable(typeof(DashScopeChatResponse))]
[JsonSerializable(typeof(DashScopeEmbeddingRequest))]
[JsonSerializable(typeof(DashScopeEmbeddingResponse))]
[JsonSerializable(typeof(DashScopeErrorBody))]
[JsonSerializable(typeof(DashScopeFileWire))]
[JsonSerializable(typeof(DashScopeFileListWire))]
internal sealed partial class DashScopeJsonContext : JsonSerializerContext;
