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

// parameters: result_format and incremental_output, then OpenAI's sampling, tool, format and reasoning fields (written by
// OpenAIRequestWriter.WriteParameters; Common's model and messages are not written).
[JsonConverter(typeof(DashScopeChatParametersConverter))]
internal sealed record DashScopeChatParameters(string ResultFormat, bool? IncrementalOutput, OpenAIChatRequest Common);

internal sealed class DashScopeChatParametersConverter : JsonConverter<DashScopeChatParameters>
{
    public override DashScopeChatParameters Read(ref System.Text.Json.Utf8JsonReader reader, Type typeToConvert, System.Text.Json.JsonSerializerOptions options)
        => throw new NotSupportedException("DashScope request parameters are only written.");

    public override void Write(System.Text.Json.Utf8JsonWriter writer, DashScopeChatParameters value, System.Text.Json.JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        writer.WriteString("result_format"u8, value.ResultFormat);
        if (value.IncrementalOutput is bool incremental)
        {
            writer.WriteBoolean("incremental_output"u8, incremental);
        }

        OpenAIRequestWriter.WriteParameters(writer, value.Common);
        writer.WriteEndObject();
    }
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

internal sealed record DashScopeUsage(long? InputTokens, long? OutputTokens, long? TotalTokens, OpenAIPromptTokensDetails? PromptTokensDetails, OpenAICompletionTokensDetails? OutputTokensDetails);

// Embedding requests, synchronous (input.texts) and batch (input.url): {"model", "input", "parameters"}.
internal sealed record DashScopeEmbeddingRequest<TInput>
{
    public required string Model { get; set; }

    public required TInput Input { get; set; }

    public DashScopeEmbeddingParameters? Parameters { get; set; }
}

internal sealed record DashScopeEmbeddingInput(List<string> Texts);

internal sealed record DashScopeEmbeddingParameters(string? TextType, int? Dimension);

internal sealed record DashScopeEmbeddingResponse : DashScopeOutputResponse<DashScopeEmbeddingOutput>;

internal sealed record DashScopeEmbeddingOutput(List<DashScopeEmbeddingItem>? Embeddings);

internal sealed record DashScopeEmbeddingItem
{
    public int TextIndex { get; set; }

    [JsonConverter(typeof(EmbeddingVectorConverter))]
    public float[]? Embedding { get; set; }
}

// code is a string natively ("InvalidParameter"), a number when an OpenAI-style server answers in compatible mode;
// compatible mode wraps errors OpenAI-style in error: {"error":{...}}.
internal sealed record DashScopeErrorBody(System.Text.Json.JsonElement? Code, string? Message, string? Msg, string? RequestId, System.Text.Json.JsonElement? Error);

internal sealed record DashScopeFileWire(string? Id, string? Object, long? Bytes, string? Filename, string? Purpose, string? Status, long? CreatedAt, bool? Deleted);

internal sealed record DashScopeFileListWire(List<DashScopeFileWire>? Data, bool? HasMore);

internal sealed record DashScopeTaskResponse : DashScopeOutputResponse<DashScopeTaskOutput>;

internal sealed record DashScopeTaskOutput(string? TaskId, string? TaskStatus, string? SubmitTime, string? ScheduledTime, string? EndTime, string? Url, string? Code, string? Message, string? Model, DashScopeTaskMetrics? TaskMetrics);

// Quirk: task_metrics keys are upper case ({"TOTAL":4,"SUCCEEDED":0,"FAILED":0}).
internal sealed record DashScopeTaskMetrics([property: JsonPropertyName("TOTAL")] int? Total, [property: JsonPropertyName("SUCCEEDED")] int? Succeeded, [property: JsonPropertyName("FAILED")] int? Failed);

internal sealed record DashScopeTaskListResponse(int? Total, int? TotalPage, int? PageNo, int? PageSize, List<DashScopeTaskListItem>? Data, string? RequestId);

// The list uses epoch milliseconds, unlike GET tasks/{id} (Beijing-time strings).
internal sealed record DashScopeTaskListItem(string? TaskId, string? Status, string? ModelName, long? GmtCreate, long? StartTime, long? EndTime, string? RequestId, string? Region);

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
internal sealed record DashScopeNativeResponse<TData>(TData? Data, string? RequestId) where TData : class;

internal sealed record DashScopeNativeUploadData(List<DashScopeNativeUploadedFile>? UploadedFiles, List<DashScopeNativeFailedUpload>? FailedUploads);

internal sealed record DashScopeNativeUploadedFile(string? Name, string? FileId);

internal sealed record DashScopeNativeFailedUpload(string? Name, string? Code, string? Message);

internal sealed record DashScopeNativeFileWire(string? FileId, string? Name, long? Size, string? Md5, string? Description, string? Url, string? GmtCreate);

internal sealed record DashScopeNativeFileListData(int? Total, int? PageNo, int? PageSize, List<DashScopeNativeFileWire>? Files);

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
