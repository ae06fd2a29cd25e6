using System.Text.Json;
using System.Text.Json.Serialization;

namespace LlmClients.HuggingFace;

/// <summary>
/// The feature-extraction / TEI <c>/embed</c> body: <c>inputs</c> (a string, or a list of strings) and <c>dimensions</c>;
/// <c>normalize</c>, <c>truncate</c>, <c>truncation_direction</c> and <c>prompt_name</c> come from the options' extras, at
/// the root (not under <c>parameters</c>).
/// </summary>
internal sealed record HuggingFaceFeatureRequest
{
    public required JsonElement Inputs { get; set; }

    public int? Dimensions { get; set; }
}

/// <summary>The part of TEI's <c>GET /info</c> we use.</summary>
internal sealed record HuggingFaceTeiInfo
{
    public string? ModelId { get; set; }

    public int? MaxClientBatchSize { get; set; }

    public int? MaxBatchTokens { get; set; }

    public int? MaxInputLength { get; set; }

    public bool? AutoTruncate { get; set; }

    public string? Version { get; set; }
}

/// <summary>
/// Every error body the Hugging Face services send: TEI's <c>{"error","error_type"}</c>, the OpenAI-compatible route's
/// <c>{"message","code","type"}</c>, the serverless API's <c>{"error": "..." | ["..."], "estimated_time"}</c>, and the
/// <c>error_description</c> / <c>errors[].message</c> forms huggingface_hub also reads.
/// </summary>
internal sealed record HuggingFaceErrorBody
{
    public JsonElement? Error { get; set; }

    public string? ErrorType { get; set; }

    public double? EstimatedTime { get; set; }

    public string? Message { get; set; }

    public string? Type { get; set; }

    public string? ErrorDescription { get; set; }

    public List<HuggingFaceErrorItem>? Errors { get; set; }
}

internal sealed record HuggingFaceErrorItem
{
    public string? Message { get; set; }
}

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    NumberHandling = JsonNumberHandling.AllowReadingFromString)]
[JsonSerializable(typeof(HuggingFaceFeatureRequest))]
[JsonSerializable(typeof(HuggingFaceTeiInfo))]
[JsonSerializable(typeof(HuggingFaceErrorBody))]
internal sealed partial class HuggingFaceJsonContext : JsonSerializerContext;
