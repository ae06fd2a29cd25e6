namespace LlmClients;

/// <summary>
/// The <c>AdditionalProperties</c> keys LlmClients reads and writes on Microsoft.Extensions.AI types, for what those types
/// have no member of their own. <see cref="InputType"/> and <see cref="StrictJsonSchema"/> are never sent to the vendor as
/// request fields (<see cref="IsReserved"/>); every other key of <see cref="ChatOptions.AdditionalProperties"/> or
/// <see cref="EmbeddingGenerationOptions.AdditionalProperties"/> is merged into the vendor's JSON request body as a
/// top-level field (DashScope native: into <c>parameters</c>). <see cref="RequestId"/> is written on responses only; on
/// options, <c>request_id</c> is an ordinary field (Zhipu takes a client-supplied <c>request_id</c> and echoes it back).
/// </summary>
public static class LlmAdditionalProperties
{
    /// <summary>
    /// <c>"request_id"</c> (a <see cref="string"/>): the vendor's request id (the <c>x-request-id</c> /
    /// <c>X-DashScope-Request-Id</c> header, else the body's <c>request_id</c> / <c>id</c>), set on
    /// <see cref="ChatResponse"/>, <see cref="ChatResponseUpdate"/> and <see cref="GeneratedEmbeddings{TEmbedding}"/>.
    /// Quote it to the vendor's support. <see cref="LlmRequestException.RequestId"/> carries it for failures. On
    /// <see cref="ChatOptions.AdditionalProperties"/> it is an ordinary extra, sent as is (Zhipu's caller-chosen
    /// <c>request_id</c>, which Zhipu answers with).
    /// </summary>
    public const string RequestId = "request_id";

    /// <summary>
    /// <c>"input_type"</c> (an <see cref="EmbeddingInputType"/> or its string value) on
    /// <see cref="EmbeddingGenerationOptions.AdditionalProperties"/>: whether the texts are search queries or documents.
    /// DashScope native sends it as <c>text_type</c>; vendors without the notion ignore it.
    /// </summary>
    public const string InputType = "input_type";

    /// <summary>
    /// <c>"strictJsonSchema"</c> (a <see cref="bool"/>), the key Microsoft.Extensions.AI.OpenAI uses: on an
    /// <see cref="AITool"/>'s <see cref="AITool.AdditionalProperties"/> it sets the function's <c>strict</c>; on
    /// <see cref="ChatOptions.AdditionalProperties"/> it sets <c>strict</c> for a JSON-schema response format and for every
    /// function tool that does not say otherwise.
    /// </summary>
    public const string StrictJsonSchema = "strictJsonSchema";

    /// <summary>
    /// <c>"logprobs"</c>. On <see cref="ChatOptions.AdditionalProperties"/> it is an ordinary request field: <c>true</c> asks for
    /// token log probabilities (with <c>"top_logprobs"</c>: how many alternatives per token), sent as is (OpenAI-compatible servers,
    /// DashScope native in <c>parameters</c>). On a non-streaming <see cref="ChatResponse.AdditionalProperties"/> it holds what
    /// came back: the choice's <c>logprobs</c> object as a <see cref="System.Text.Json.JsonElement"/>,
    /// <c>{"content":[{"token","logprob","bytes","top_logprobs":[...]}]}</c>. On streamed <see cref="ChatResponseUpdate.AdditionalProperties"/>
    /// (OpenAI-compatible <c>choices[].logprobs</c> of each chunk; DashScope native the same inside <c>output.choices[]</c>), an update
    /// holds the logprobs of its own chunk's tokens, and the final update (the one with the finish reason, and no text) holds the
    /// whole choice's object with the chunks' <c>content</c> arrays concatenated, so <c>ToChatResponse()</c> gives the same value
    /// as the non-streaming call. Add up the per-chunk values of the updates before the last, not the last one too.
    /// </summary>
    public const string Logprobs = "logprobs";

    /// <summary>
    /// <c>"refusal"</c> (a <see cref="string"/>) on <see cref="ChatResponse.AdditionalProperties"/>: the model refused a structured-output
    /// request (OpenAI's <c>message.refusal</c>). The response is then not empty: its text is the refusal sentence and its
    /// <see cref="ChatResponse.FinishReason"/> is <see cref="ChatFinishReason.ContentFilter"/>, so a JSON parse of it fails visibly.
    /// Streamed (<c>delta.refusal</c>): each update carries its piece of the sentence as its text and under this key, and the final
    /// update carries the whole sentence under this key with finish reason <see cref="ChatFinishReason.ContentFilter"/>, so
    /// <c>ToChatResponse()</c> gives the same response as the non-streaming call.
    /// </summary>
    public const string Refusal = "refusal";

    /// <summary>Gets whether <paramref name="key"/> of an options' <c>AdditionalProperties</c> is one of ours, never sent to the vendor.</summary>
    /// <param name="key">The key.</param>
    /// <returns>True for <see cref="InputType"/> and <see cref="StrictJsonSchema"/>.</returns>
    public static bool IsReserved(string key) => key is InputType or StrictJsonSchema;
}
