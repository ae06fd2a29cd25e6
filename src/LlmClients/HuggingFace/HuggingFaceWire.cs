using System.Text.Json;
using System.Text.Json.Serialization;

namespace LlmClients.HuggingFace;

/// <summary>
/// The feature-extraction / TEI <c>/embed</c> body: <c>inputs</c> (a string, or a list of strings) and <c>dimensions</c>;
/// <c>normalize</c>, <c>truncate</c>, <c>truncation_direction</c> and <c>prompt_name</c> come from the options' extras, at
/// the root (not under <c>parameters</c>).
/// </summary>
internal sealed record HuggingFaceFeatureRequest(JsonElement Inputs, int? Dimensions);

/// <summary>The part of TEI's <c>GET /info</c> we use: the served model (the default model id) and the most inputs one request may hold.</summary>
internal sealed record HuggingFaceTeiInfo(string? ModelId, int? MaxClientBatchSize);

/// <summary>
/// Every error body the Hugging Face services send: TEI's <c>{"error","error_type"}</c>, the OpenAI-compatible route's
/// <c>{"message","code","type"}</c>, the serverless API's <c>{"error": "..." | ["..."], "estimated_time"}</c>, and the
/// <c>error_description</c> / <c>errors[].message</c> forms huggingface_hub also reads.
/// </summary>
internal sealed record HuggingFaceErrorBody(JsonElement? Error, string? ErrorType, double? EstimatedTime, string? Message, string? Type, string? ErrorDescription, List<HuggingFaceErrorItem>? Errors);

internal sealed record HuggingFaceErrorItem(string? Message);

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    NumberHandling = JsonNumberHandling.AllowReadingFromString)]
[JsonSerializable(typeof(HuggingFaceFeatureRequest))]
[JsonSerializable(typeof(HuggingFaceTeiInfo))]
[JsonSerializable(typeof(HuggingFaceErrorBody))]
internal sealed partial class HuggingFaceJsonContext : JsonSerializerContext;
