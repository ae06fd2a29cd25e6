namespace LlmClients.Shared;

/// <summary>How a wire spells <see cref="ChatOptions.Reasoning"/>.</summary>
internal enum ReasoningDialect
{
    /// <summary>OpenAI's <c>reasoning_effort</c> (<c>none|low|medium|high|xhigh</c>); <see cref="ReasoningOptions.Output"/> has no field.</summary>
    ReasoningEffort,

    /// <summary>Qwen's <c>enable_thinking</c> (DashScope native and compatible mode).</summary>
    EnableThinking,

    /// <summary>GLM's <c>thinking: {"type": "enabled"|"disabled"}</c>.</summary>
    ThinkingType,

    /// <summary>No reasoning control (Qianfan v1): a reasoning request other than off is rejected.</summary>
    None,
}

/// <summary>The media a user message may carry on a wire.</summary>
[Flags]
internal enum MediaInput
{
    /// <summary>Text only.</summary>
    None = 0,

    /// <summary>Images (<c>image_url</c> parts, or DashScope native <c>image</c>).</summary>
    Image = 1,

    /// <summary>Audio (<c>input_audio</c> parts, or DashScope native <c>audio</c>).</summary>
    Audio = 2,

    /// <summary>Video by URL (DashScope native <c>video</c>).</summary>
    Video = 4,

    /// <summary>Documents by URL (pdf, docx, txt...) as <c>{"type":"doc_url","doc_url":[url]}</c> parts (DashScope qwen-doc-turbo).</summary>
    Document = 8,
}
