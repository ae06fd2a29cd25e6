namespace LlmClients.HuggingFace;

/// <summary>
/// The <see cref="EmbeddingGenerationOptions.AdditionalProperties"/> keys a Hugging Face instance checks before it sends them
/// at the root of the feature-extraction / TEI <c>/embed</c> body (next to <c>inputs</c>, not under <c>parameters</c>). Other
/// keys are sent as they are; <c>inputs</c> may not be set (the texts are the call's argument).
/// </summary>
public static class HuggingFaceEmbeddingProperties
{
    /// <summary>
    /// <c>"normalize"</c> (a <see cref="bool"/>): whether vectors are L2-normalized. TEI's default is true. The OpenAI-compatible
    /// route (<see cref="HuggingFaceApi.TeiOpenAI"/>) always normalizes, so false is refused there before the call.
    /// </summary>
    public const string Normalize = "normalize";

    /// <summary>
    /// <c>"truncate"</c> (a <see cref="bool"/>): whether inputs longer than the model's limit are cut (true) or refused with a
    /// 422 validation error (false). The default is the server's <c>--auto-truncate</c> (false up to TEI 1.8, true from 1.9).
    /// Refused for <see cref="HuggingFaceApi.TeiOpenAI"/>, whose route ignores it.
    /// </summary>
    public const string Truncate = "truncate";

    /// <summary>
    /// <c>"truncation_direction"</c> (a <see cref="string"/>, <c>"right"</c> or <c>"left"</c>): which end is cut when
    /// truncating. The default is <c>"right"</c>. Refused for <see cref="HuggingFaceApi.TeiOpenAI"/>.
    /// </summary>
    public const string TruncationDirection = "truncation_direction";

    /// <summary>
    /// <c>"prompt_name"</c> (a non-empty <see cref="string"/>): a key of the model's sentence-transformers <c>prompts</c>
    /// (for example <c>"query"</c>), whose prompt is put before every input; the server answers 422 for an unknown name.
    /// Refused for <see cref="HuggingFaceApi.TeiOpenAI"/>, whose route only uses the server's default prompt.
    /// </summary>
    public const string PromptName = "prompt_name";
}
