namespace LlmClients.DashScope;

/// <summary>
/// Options of one DashScope (Alibaba Cloud Model Studio, 通义千问 / Qwen) instance. When <see cref="LlmProviderOptions.ApiKey"/> is not set,
/// the <c>DASHSCOPE_API_KEY</c> environment variable is read, as the official Python SDK does.
/// </summary>
/// <remarks>
/// <para>
/// How neutral <see cref="ChatOptions"/> reach the native API (<see cref="DashScopeMode.Native"/>): <c>Temperature</c>,
/// <c>TopP</c>, <c>TopK</c>, <c>MaxOutputTokens</c> (<c>max_tokens</c>), <c>Seed</c>, <c>StopSequences</c> (<c>stop</c>, always
/// an array of strings), <c>PresencePenalty</c>, <c>Tools</c>, <c>ToolMode</c>, <c>AllowMultipleToolCalls</c> and
/// <c>ResponseFormat</c> go into <c>parameters</c>. <c>FrequencyPenalty</c> and <c>EndUserId</c> are <b>not sent</b>: the native
/// API has no such parameters. <c>repetition_penalty</c> is not an equivalent (it is multiplicative, 1.0 means none, where
/// the neutral frequency penalty is additive and 0 means none), so nothing is converted; pass
/// <c>AdditionalProperties["repetition_penalty"]</c> yourself if you want it. Compatible mode sends both as OpenAI's
/// <c>frequency_penalty</c> and <c>user</c>, and the service decides what it honours.
/// </para>
/// <para>
/// Any other vendor parameter goes through <c>AdditionalProperties</c> into <c>parameters</c> as it is, and wins over a
/// neutral option of the same wire name: <c>result_format</c> (<c>"text"</c> sends a lone user turn as <c>input.prompt</c>),
/// <c>incremental_output</c>, <c>enable_search</c> with <c>search_options</c>, <c>enable_thinking</c>, <c>thinking_budget</c>,
/// <c>repetition_penalty</c>, or <c>stop</c> as token-id arrays.
/// </para>
/// </remarks>
public sealed class DashScopeOptions : LlmProviderOptions
{
    /// <summary>
    /// Initializes a new instance of the <see cref="DashScopeOptions"/> class. <see cref="LlmProviderOptions.MaxEmbeddingBatchSize"/>
    /// defaults to null, the per-model cap (25 for text-embedding-v1/v2, 10 for v3/v4 and unknown models).
    /// </summary>
    public DashScopeOptions()
    {
    }

    /// <summary>The native API base of the China region.</summary>
    public static readonly Uri CnBaseUrl = new("https://dashscope.aliyuncs.com/api/v1/");

    /// <summary>The native API base of the international region.</summary>
    public static readonly Uri IntlBaseUrl = new("https://dashscope-intl.aliyuncs.com/api/v1/");

    /// <summary>The compatible-mode base of the China region.</summary>
    public static readonly Uri CnCompatibleBaseUrl = new("https://dashscope.aliyuncs.com/compatible-mode/v1/");

    /// <summary>The compatible-mode base of the international region.</summary>
    public static readonly Uri IntlCompatibleBaseUrl = new("https://dashscope-intl.aliyuncs.com/compatible-mode/v1/");

    /// <summary>Gets or sets the region whose endpoints are used when no base URL is configured. The default is <see cref="DashScopeRegion.Cn"/>.</summary>
    public DashScopeRegion Region { get; set; } = DashScopeRegion.Cn;

    /// <summary>Gets or sets the compatible-mode base URL (chat and embeddings in <see cref="DashScopeMode.Compatible"/>, and files). The default is derived from <see cref="LlmProviderOptions.BaseUrl"/> or the region.</summary>
    public Uri? CompatibleBaseUrl { get; set; }

    /// <summary>Gets or sets which API chat and embeddings use. The default is <see cref="DashScopeMode.Native"/>.</summary>
    public DashScopeMode Mode { get; set; } = DashScopeMode.Native;

    /// <summary>Gets or sets the workspace id, sent as <c>X-DashScope-WorkSpace</c>. The default is none (the key's default workspace).</summary>
    public string? WorkspaceId { get; set; }

    /// <summary>
    /// Gets or sets whether an assistant message's <see cref="TextReasoningContent"/> is sent back as
    /// <c>reasoning_content</c> (a native message field). The default is false: Qwen does not need
    /// earlier reasoning to continue a conversation, and sending it costs input tokens.
    /// </summary>
    public bool SendReasoningContent { get; set; }

    /// <summary>
    /// Gets or sets how waits for async tasks poll (<see cref="IDashScopeTaskClient.WaitForCompletionAsync"/> and batch embeddings).
    /// The default starts at 1 second, grows by 1.5 up to 15 seconds, and gives up after 30 minutes (batch embeddings of large files
    /// take minutes; DashScope allows 20 task queries per second per account).
    /// </summary>
    public LlmPollingOptions Polling { get; set; } = new() { MaxInterval = TimeSpan.FromSeconds(15), Timeout = TimeSpan.FromMinutes(30) };
}
