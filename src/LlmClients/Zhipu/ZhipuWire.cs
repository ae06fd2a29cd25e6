using System.Text.Json.Serialization;
using LlmClients.OpenAICompatible;

namespace LlmClients.Zhipu;

#pragma warning disable SA1649, CA1812 // Wire records live together; they are instantiated by the JSON source generator.

// Chat, stream chunks, embeddings and error envelopes are OpenAI-shaped and use the OpenAI records; only what differs lives here.

// GET /async-result/{id} and POST /async/chat/completions: while PROCESSING only {id, request_id, model, task_status}.
internal sealed record ZhipuAsyncTaskResponse
{
    public string? Id { get; init; }

    public string? RequestId { get; init; }

    public string? Model { get; init; }

    public string? TaskStatus { get; init; }

    public long? Created { get; init; }

    public List<OpenAIChoice>? Choices { get; init; }

    public OpenAIUsage? Usage { get; init; }

    public OpenAIErrorBody? Error { get; init; }
}

internal sealed record ZhipuImageRequest
{
    public required string Model { get; init; }

    public required string Prompt { get; init; }

    public string? Size { get; init; }

    public string? Quality { get; init; }

    public string? UserId { get; init; }

    public string? RequestId { get; init; }
}

internal sealed record ZhipuImageResponse
{
    public long? Created { get; init; }

    public List<ZhipuImageData>? Data { get; init; }

    public List<ZhipuContentFilterItem>? ContentFilter { get; init; }

    public string? RequestId { get; init; }
}

internal sealed record ZhipuImageData(string? Url, string? B64Json, string? RevisedPrompt);

internal sealed record ZhipuContentFilterItem(string? Role, int? Level);

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    NumberHandling = JsonNumberHandling.AllowReadingFromString)]
[JsonSerializable(typeof(ZhipuAsyncTaskResponse))]
[JsonSerializable(typeof(ZhipuImageRequest))]
[JsonSerializable(typeof(ZhipuImageResponse))]
internal sealed partial class ZhipuJsonContext : JsonSerializerContext;
