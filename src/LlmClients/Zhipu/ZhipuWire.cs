using System.Text.Json.Serialization;

namespace LlmClients.Zhipu;

#pragma warning disable SA1649, CA1812 // Wire records live together; they are instantiated by the JSON source generator.

// Chat, stream chunks, embeddings and error envelopes are OpenAI-shaped and use the OpenAI records; only what differs lives here.

// GET /async-result/{id} and POST /async/chat/completions: a chat completion plus task_status; while PROCESSING only
// {id, request_id, model, task_status}, so (unlike a chat answer) no part is required.
internal sealed record ZhipuAsyncTaskResponse : OpenAIChatResponse, LlmClients.Http.IShapedResponse
{
    string? LlmClients.Http.IShapedResponse.MissingPart => null;

    public string? TaskStatus { get; set; }
}

internal sealed record ZhipuImageRequest(string Model, string Prompt, string? Size, string? Quality, string? UserId, string? RequestId);

internal sealed record ZhipuImageResponse(long? Created, List<ZhipuImageData>? Data, List<ZhipuContentFilterItem>? ContentFilter, string? RequestId);

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
