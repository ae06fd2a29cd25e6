using System.Text.Json;
using System.Text.Json.Serialization;

namespace LlmClients.Qianfan;

#pragma warning disable SA1649, CA1812 // Wire records live together; they are instantiated by the JSON source generator.

// wire-formats.md §3.2: POST .../wenxinworkshop/chat/{endpoint}?access_token=...
internal sealed record QianfanChatRequest
{
    public required List<QianfanMessage> Messages { get; init; }

    public string? System { get; init; }

    public bool? Stream { get; init; }

    public float? Temperature { get; init; }

    public float? TopP { get; init; }

    public List<string>? Stop { get; init; }

    public int? MaxOutputTokens { get; init; }

    public float? FrequencyPenalty { get; init; }

    public float? PresencePenalty { get; init; }

    // Quirk: Qianfan v1 response_format is a string ("json_object" | "text"), not an object.
    public string? ResponseFormat { get; init; }

    public string? UserId { get; init; }

    public List<QianfanFunction>? Functions { get; init; }

    public JsonElement? ToolChoice { get; init; }
}

internal sealed record QianfanMessage
{
    public required string Role { get; init; }

    // Always written: an assistant message that only calls a function carries "content": null (erniebot4j transcript).
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public string? Content { get; init; }

    public string? Name { get; init; }

    public QianfanFunctionCall? FunctionCall { get; init; }
}

internal sealed record QianfanFunctionCall
{
    public string? Name { get; init; }

    public string? Arguments { get; init; }

    public string? Thoughts { get; init; }
}

internal sealed record QianfanFunction
{
    public required string Name { get; init; }

    public string? Description { get; init; }

    public JsonElement? Parameters { get; init; }
}

// §3.3 and §3.4: one record for the sync body and each stream event (sentence_id / is_end only in streams).
internal sealed record QianfanChatResponse
{
    public string? Id { get; init; }

    public string? Object { get; init; }

    public long? Created { get; init; }

    public int? SentenceId { get; init; }

    public bool? IsEnd { get; init; }

    public bool? IsTruncated { get; init; }

    public bool? NeedClearHistory { get; init; }

    public int? BanRound { get; init; }

    public string? Result { get; init; }

    public string? FinishReason { get; init; }

    public QianfanUsage? Usage { get; init; }

    public QianfanFunctionCall? FunctionCall { get; init; }

    public JsonElement? SearchInfo { get; init; }

    public JsonElement? ErrorCode { get; init; }

    public string? ErrorMsg { get; init; }
}

internal sealed record QianfanUsage
{
    public long? PromptTokens { get; init; }

    public long? CompletionTokens { get; init; }

    public long? TotalTokens { get; init; }
}

// §3.6: "input" must be a list; there is no "model" field (the endpoint selects the model).
internal sealed record QianfanEmbeddingRequest
{
    public required List<string> Input { get; init; }

    public string? UserId { get; init; }
}

internal sealed record QianfanEmbeddingResponse
{
    public string? Id { get; init; }

    public long? Created { get; init; }

    public List<QianfanEmbeddingItem>? Data { get; init; }

    public QianfanUsage? Usage { get; init; }
}

internal sealed record QianfanEmbeddingItem(int Index, float[]? Embedding);

// §3.5: {"error_code": <int>, "error_msg": "...", "id": "as-..."}.
internal sealed record QianfanErrorBody
{
    public JsonElement? ErrorCode { get; init; }

    public string? ErrorMsg { get; init; }

    public string? Id { get; init; }
}

// §3.1: {"access_token","expires_in",...} or {"error":"invalid_client","error_description":"..."}.
internal sealed record QianfanTokenResponse
{
    public string? AccessToken { get; init; }

    public long? ExpiresIn { get; init; }

    public string? Error { get; init; }

    public string? ErrorDescription { get; init; }
}

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    NumberHandling = JsonNumberHandling.AllowReadingFromString)]
[JsonSerializable(typeof(QianfanChatRequest))]
[JsonSerializable(typeof(QianfanChatResponse))]
[JsonSerializable(typeof(QianfanEmbeddingRequest))]
[JsonSerializable(typeof(QianfanEmbeddingResponse))]
[JsonSerializable(typeof(QianfanErrorBody))]
[JsonSerializable(typeof(QianfanTokenResponse))]
internal sealed partial class QianfanJsonContext : JsonSerializerContext;
