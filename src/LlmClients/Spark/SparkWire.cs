using System.Text.Json;
using System.Text.Json.Serialization;

namespace LlmClients.Spark;

#pragma warning disable SA1649, CA1812 // Wire records live together; they are instantiated by the JSON source generator.

// Chat: every body and every SSE chunk is OpenAI's shape plus {code, message, sid}; success is code 0. Non-stream bodies
// have no id, model or finish_reason; tool_calls is one object unless the request sets tool_calls_switch (the context
// reads every tool_calls list through SparkToolCallsConverter).
internal sealed record SparkChatResponse : OpenAIChatResponse
{
    public int? Code { get; set; }

    public string? Message { get; set; }

    public string? Sid { get; set; }
}

// Errors: chat {code, message, sid} (any HTTP status), an OpenAI-style {"error":{...}} from the gateway, embeddings
// {"header":{code, message, sid}}, and the signing gateway's {"message": "..."}.
internal sealed record SparkErrorEnvelope : SparkHeader
{
    public SparkHeader? Header { get; set; }

    public OpenAIErrorBody? Error { get; set; }
}

// {code, message, sid}: the embeddings header, and the top level of a chat error.
internal record SparkHeader
{
    public JsonElement? Code { get; set; }

    public string? Message { get; set; }

    public string? Sid { get; set; }
}

// Embeddings: POST <signed url> {"header":{app_id, uid, status: 3}, "parameter":{"emb":{domain, feature:{encoding}}},
// "payload":{"messages":{"text": base64(UTF-8 {"messages":[{"content", "role":"user"}]})}}}.
internal sealed record SparkEmbeddingRequest(SparkEmbeddingRequestHeader Header, SparkEmbeddingParameter Parameter, SparkEmbeddingPayload Payload);

internal sealed record SparkEmbeddingRequestHeader(string AppId, string Uid, int Status);

internal sealed record SparkEmbeddingParameter(SparkEmbeddingEmb Emb);

internal sealed record SparkEmbeddingEmb(string Domain, SparkEmbeddingFeature Feature);

internal sealed record SparkEmbeddingFeature(string Encoding);

internal sealed record SparkEmbeddingPayload(SparkEmbeddingMessages Messages);

internal sealed record SparkEmbeddingMessages(string Text);

internal sealed record SparkEmbeddingText(List<SparkEmbeddingTextMessage> Messages);

internal sealed record SparkEmbeddingTextMessage(string Content, string Role);

// {"header":{"code":0,"message":"success","sid":...},"payload":{"feature":{"encoding","seq","status","text": base64 LE float32}}}
internal sealed record SparkEmbeddingResponse(SparkHeader? Header, SparkEmbeddingResponsePayload? Payload);

internal sealed record SparkEmbeddingResponsePayload(SparkEmbeddingFeatureText? Feature);

internal sealed record SparkEmbeddingFeatureText(string? Text);

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    NumberHandling = JsonNumberHandling.AllowReadingFromString,
    Converters = [typeof(SparkToolCallsConverter)])]
[JsonSerializable(typeof(SparkChatResponse))]
[JsonSerializable(typeof(SparkErrorEnvelope))]
[JsonSerializable(typeof(SparkEmbeddingRequest))]
[JsonSerializable(typeof(SparkEmbeddingText))]
[JsonSerializable(typeof(SparkEmbeddingResponse))]
internal sealed partial class SparkJsonContext : JsonSerializerContext;
