using System.Text.Json.Serialization;

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

// Every native answer (generation, embeddings, tasks) is {"output": ..., "usage": ..., "request_id": ...}.
internal record DashScopeOutputResponse<TOutput>
    where TOutput : class
{
    public TOutput? Output { get; set; }

    public DashScopeUsage? Usage { get; set; }

    public string? RequestId { get; set; }
}

internal sealed record DashScopeChatResponse : DashScopeOutputResponse<DashScopeChatOutput>, LlmClients.Http.IShapedResponse
{
    // An answer has output.text (text format) or output.choices (message format).
    string? LlmClients.Http.IShapedResponse.MissingPart => Output is { Text: not null } or { Choices.Count: > 0 } ? null : "output";

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

// Embedding requests, synchronous (input.texts) and batch (input.url): {"model", "input", "parameters"}.
internal sealed record DashScopeEmbeddingRequest<TInput>
{
    public required string Model { get; set; }

    public required TInput Input { get; set; }

    public DashScopeEmbeddingParameters? Parameters { get; set; }
}

internal sealed record DashScopeEmbeddingInput(List<string> Texts);

internal sealed record DashScopeEmbeddingParameters
{
    public string? TextType { get; set; }

    public int? Dimension { get; set; }
}

internal sealed record DashScopeEmbeddingResponse : DashScopeOutputResponse<DashScopeEmbeddingOutput>;

internal sealed record DashScopeEmbeddingOutput(List<DashScopeEmbeddingItem>? Embeddings);

internal sealed record DashScopeEmbeddingItem
{
    public int TextIndex { get; set; }

    [JsonConverter(typeof(EmbeddingVectorConverter))]
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

internal sealed record DashScopeTaskResponse : DashScopeOutputResponse<DashScopeTaskOutput>;

internal sealed record DashScopeTaskOutput
{
    public string? TaskId { get; set; }

    public string? TaskStatus { get; set; }

    public string? SubmitTime { get; set; }

    public string? ScheduledTime { get; set; }

    public string? EndTime { get; set; }

    public string? Url { get; set; }

    public string? Code { get; set; }

    public string? Message { get; set; }

    public string? Model { get; set; }

    public DashScopeTaskMetrics? TaskMetrics { get; set; }
}

// Quirk: task_metrics keys are upper case ({"TOTAL":4,"SUCCEEDED":0,"FAILED":0}).
internal sealed record DashScopeTaskMetrics
{
    [JsonPropertyName("TOTAL")]
    public int? Total { get; set; }

    [JsonPropertyName("SUCCEEDED")]
    public int? Succeeded { get; set; }

    [JsonPropertyName("FAILED")]
    public int? Failed { get; set; }
}

internal sealed record DashScopeTaskListResponse
{
    public int? Total { get; set; }

    public int? TotalPage { get; set; }

    public int? PageNo { get; set; }

    public int? PageSize { get; set; }

    public List<DashScopeTaskListItem>? Data { get; set; }

    public string? RequestId { get; set; }
}

// The list uses epoch milliseconds, unlike GET tasks/{id} (Beijing-time strings).
internal sealed record DashScopeTaskListItem
{
    public string? TaskId { get; set; }

    public string? Status { get; set; }

    public string? ModelName { get; set; }

    public long? GmtCreate { get; set; }

    public long? StartTime { get; set; }

    public long? EndTime { get; set; }

    public string? RequestId { get; set; }

    public string? Region { get; set; }
}

internal sealed record DashScopeBatchEmbeddingInput(string Url);

// One line of a batch result file; the fields may sit under "output" or at the top level.
internal sealed record DashScopeBatchEmbeddingLine
{
    public DashScopeBatchEmbeddingLine? Output { get; set; }

    public int? TextIndex { get; set; }

    [JsonConverter(typeof(EmbeddingVectorConverter))]
    public float[]? Embedding { get; set; }

    public System.Text.Json.JsonElement? Code { get; set; }

    public string? Message { get; set; }
}

// Every native files answer is {"data": ..., "request_id": ...}.
internal sealed record DashScopeNativeResponse<TData>
    where TData : class
{
    public TData? Data { get; set; }

    public string? RequestId { get; set; }
}

internal sealed record DashScopeNativeUploadData
{
    public List<DashScopeNativeUploadedFile>? UploadedFiles { get; set; }

    public List<DashScopeNativeFailedUpload>? FailedUploads { get; set; }
}

internal sealed record DashScopeNativeUploadedFile
{
    public string? Name { get; set; }

    public string? FileId { get; set; }
}

internal sealed record DashScopeNativeFailedUpload
{
    public string? Name { get; set; }

    public string? Code { get; set; }

    public string? Message { get; set; }
}

internal sealed record DashScopeNativeFileWire
{
    public string? FileId { get; set; }

    public string? Name { get; set; }

    public long? Size { get; set; }

    public string? Md5 { get; set; }

    public string? Description { get; set; }

    public string? Url { get; set; }

    public string? GmtCreate { get; set; }
}

internal sealed record DashScopeNativeFileListData
{
    public int? Total { get; set; }

    public int? PageNo { get; set; }

    public int? PageSize { get; set; }

    public List<DashScopeNativeFileWire>? Files { get; set; }
}

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    NumberHandling = JsonNumberHandling.AllowReadingFromString)]
[JsonSerializable(typeof(DashScopeChatRequest))]
[JsonSerializable(typeof(DashScopeChatResponse))]
[JsonSerializable(typeof(DashScopeEmbeddingRequest<DashScopeEmbeddingInput>), TypeInfoPropertyName = "DashScopeEmbeddingRequest")]
[JsonSerializable(typeof(DashScopeEmbeddingResponse))]
[JsonSerializable(typeof(DashScopeErrorBody))]
[JsonSerializable(typeof(DashScopeFileWire))]
[JsonSerializable(typeof(DashScopeFileListWire))]
[JsonSerializable(typeof(DashScopeTaskResponse))]
[JsonSerializable(typeof(DashScopeTaskListResponse))]
[JsonSerializable(typeof(DashScopeEmbeddingRequest<DashScopeBatchEmbeddingInput>), TypeInfoPropertyName = "DashScopeBatchEmbeddingRequest")]
[JsonSerializable(typeof(DashScopeBatchEmbeddingLine))]
[JsonSerializable(typeof(DashScopeNativeResponse<DashScopeNativeUploadData>), TypeInfoPropertyName = "DashScopeNativeUploadResponse")]
[JsonSerializable(typeof(DashScopeNativeResponse<DashScopeNativeFileWire>), TypeInfoPropertyName = "DashScopeNativeFileResponse")]
[JsonSerializable(typeof(DashScopeNativeResponse<DashScopeNativeFileListData>), TypeInfoPropertyName = "DashScopeNativeFileListResponse")]
[JsonSerializable(typeof(System.Text.Json.JsonElement))]
internal sealed partial class DashScopeJsonContext : JsonSerializerContext;
