using System.Text.Json;
using System.Text.Json.Serialization;

namespace LlmClients.Qianfan;

#pragma warning disable SA1649, CA1812 // Wire records live together; they are instantiated by the JSON source generator.

// Qianfan v1 chat (cloud.baidu.com ERNIE API docs): POST .../wenxinworkshop/chat/{endpoint}?access_token=...
// Quirk: response_format is a string ("json_object" | "text"), not an object. user_id comes from the options' extras.
internal sealed record QianfanChatRequest(
    List<QianfanMessage> Messages, string? System, bool? Stream, float? Temperature, float? TopP, List<string>? Stop, int? MaxOutputTokens,
    float? FrequencyPenalty, float? PresencePenalty, string? ResponseFormat, List<QianfanFunction>? Functions, JsonElement? ToolChoice);

// Always written: an assistant message that only calls a function carries "content": null (erniebot4j transcript).
internal sealed record QianfanMessage(string Role, [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? Content, string? Name, QianfanFunctionCall? FunctionCall);

internal sealed record QianfanFunctionCall(string? Name, string? Arguments, string? Thoughts);

internal sealed record QianfanFunction(string Name, string? Description, JsonElement? Parameters);

// §3.3 and §3.4: one record for the sync body and each stream event (sentence_id / is_end only in streams).
internal sealed record QianfanChatResponse : LlmClients.Http.IShapedResponse
{
    // An answer has result (possibly "" next to a function_call).
    string? LlmClients.Http.IShapedResponse.MissingPart => Result is not null || FunctionCall is not null ? null : "result";

    public string? Id { get; set; }

    public string? Object { get; set; }

    public long? Created { get; set; }

    public int? SentenceId { get; set; }

    public bool? IsEnd { get; set; }

    public bool? IsTruncated { get; set; }

    public bool? NeedClearHistory { get; set; }

    public int? BanRound { get; set; }

    public string? Result { get; set; }

    public string? FinishReason { get; set; }

    public OpenAIUsage? Usage { get; set; }

    public QianfanFunctionCall? FunctionCall { get; set; }

    public JsonElement? SearchInfo { get; set; }

    public JsonElement? ErrorCode { get; set; }

    public string? ErrorMsg { get; set; }
}

// §3.6: "input" must be a list; there is no "model" field (the endpoint selects the model). user_id comes from the
// options' extras, like any other field the caller adds.
internal sealed record QianfanEmbeddingRequest(List<string> Input);

internal sealed record QianfanEmbeddingResponse(string? Id, long? Created, List<QianfanEmbeddingItem>? Data, OpenAIUsage? Usage);

internal sealed record QianfanEmbeddingItem
{
    public int Index { get; set; }

    [JsonConverter(typeof(EmbeddingVectorConverter))]
    public float[]? Embedding { get; set; }
}

// §3.5: {"error_code": <int>, "error_msg": "...", "id": "as-..."}.
internal sealed record QianfanErrorBody(JsonElement? ErrorCode, string? ErrorMsg, string? Id);

// §3.1: {"access_token","expires_in",...} or {"error":"invalid_client","error_description":"..."}.
internal sealed record QianfanTokenResponse(string? AccessToken, long? ExpiresIn, string? Error, string? ErrorDescription);

// The IAM service answers in camelCase: {"userId","token","status","createTime","expireTime"}, errors {"requestId","code","message"}.
internal sealed record QianfanIamTokenResponse(
    [property: JsonPropertyName("token")] string? Token,
    [property: JsonPropertyName("expireTime")] string? ExpireTime,
    [property: JsonPropertyName("code")] string? Code,
    [property: JsonPropertyName("message")] string? Message,
    [property: JsonPropertyName("requestId")] string? RequestId);

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
[JsonSerializable(typeof(QianfanIamTokenResponse))]
internal sealed partial class QianfanJsonContext : JsonSerializerContext;
