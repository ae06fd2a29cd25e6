using System.Text.Json.Serialization;
using LlmClients.OpenAICompatible;

namespace LlmClients.DashScope;

#pragma warning disable SA1649, CA1812 // Wire records live together; they are instantiated by the JSON source generator.

// The native message, tool and choice shapes are OpenAI's (role/content/tool_calls/reasoning_content), so the
// OpenAI wire records are reused for them; the envelope (model/input/parameters, output, usage) is DashScope's.
internal sealed record DashScopeChatRequest
{
    public required string Model { get; init; }

    public required DashScopeChatInput Input { get; init; }

    public required DashScopeChatParameters Parameters { get; init; }
}

internal sealed record DashScopeChatInput
{
    public string? Prompt { get; init; }

    public List<OpenAIMessage>? Messages { get; init; }
}

internal sealed record DashScopeChatParameters
{
    public string? ResultFormat { get; init; }

    public bool? IncrementalOutput { get; init; }

    public float? Temperature { get; init; }

    public float? TopP { get; init; }

    public int? TopK { get; init; }

    public int? MaxTokens { get; init; }

    public long? Seed { get; init; }

    public List<string>? Stop { get; init; }

    public float? PresencePenalty { get; init; }

    public List<OpenAITool>? Tools { get; init; }

    public System.Text.Json.JsonElement? ToolChoice { get; init; }

    public bool? ParallelToolCalls { get; init; }

    public OpenAIResponseFormat? ResponseFormat { get; init; }

    public bool? EnableThinking { get; init; }
}

internal sealed record DashScopeChatResponse
{
    public DashScopeChatOutput? Output { get; init; }

    public DashScopeUsage? Usage { get; init; }

    public string? RequestId { get; init; }

    public string? Code { get; init; }

    public string? Message { get; init; }
}

internal sealed record DashScopeChatOutput
{
    public string? Text { get; init; }

    public string? FinishReason { get; init; }

    public List<OpenAIChoice>? Choices { get; init; }
}

internal sealed record DashScopeUsage
{
    public long? InputTokens { get; init; }

    public long? OutputTokens { get; init; }

    public long? TotalTokens { get; init; }

    public OpenAIPromptTokensDetails? PromptTokensDetails { get; init; }

    public OpenAICompletionTokensDetails? OutputTokensDetails { get; init; }
}

internal sealed record DashScopeEmbeddingRequest
{
    public required string Model { get; init; }

    public required DashScopeEmbeddingInput Input { get; init; }

    public DashScopeEmbeddingParameters? Parameters { get; init; }
}

internal sealed record DashScopeEmbeddingInput(List<string> Texts);

internal sealed record DashScopeEmbeddingParameters
{
    public string? TextType { get; init; }

    public int? Dimension { get; init; }
}

internal sealed record DashScopeEmbeddingResponse
{
    public DashScopeEmbeddingOutput? Output { get; init; }

    public DashScopeUsage? Usage { get; init; }

    public string? RequestId { get; init; }
}

internal sealed record DashScopeEmbeddingOutput(List<DashScopeEmbeddingItem>? Embeddings);

internal sealed record DashScopeEmbeddingItem(int TextIndex, float[]? Embedding);

internal sealed record DashScopeErrorBody
{
    public string? Code { get; init; }

    public string? Message { get; init; }

    public string? Msg { get; init; }

    public string? RequestId { get; init; }

    // Compatible mode wraps errors OpenAI-style: {"error":{...}}.
    public System.Text.Json.JsonElement? Error { get; init; }
}

internal sealed record DashScopeFileWire
{
    public string? Id { get; init; }

    public string? Object { get; init; }

    public long? Bytes { get; init; }

    public string? Filename { get; init; }

    public string? Purpose { get; init; }

    public string? Status { get; init; }

    public long? CreatedAt { get; init; }

    public bool? Deleted { get; init; }
}

internal sealed record DashScopeFileListWire
{
    public List<DashScopeFileWire>? Data { get; init; }

    public bool? HasMore { get; init; }
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
