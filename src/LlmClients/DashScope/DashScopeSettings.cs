

namespace LlmClients.DashScope;

/// <summary>What the DashScope adapters need to know about one instance, resolved from <see cref="DashScopeOptions"/>.</summary>
internal sealed record DashScopeSettings
{
    /// <summary>The vendor name reported in metadata and errors.</summary>
    public const string ProviderName = "dashscope";

    /// <summary>Gets the instance name (the DI key).</summary>
    public required string InstanceName { get; init; }

    /// <summary>Gets the instance as the clients report it (<see cref="LlmInstanceMetadata"/>).</summary>
    public LlmInstanceMetadata Instance => new(InstanceName, ProviderName, "DashScope");

    /// <summary>Gets the native API base, ending with a slash.</summary>
    public required Uri NativeBaseUrl { get; init; }

    /// <summary>Gets the compatible-mode base, ending with a slash.</summary>
    public required Uri CompatibleBaseUrl { get; init; }

    /// <summary>Gets the mode.</summary>
    public DashScopeMode Mode { get; init; }

    /// <summary>Gets the default chat model.</summary>
    public string? DefaultModel { get; init; }

    /// <summary>Gets the default embedding model.</summary>
    public string? DefaultEmbeddingModel { get; init; }

    /// <summary>Gets the headers added to every request (workspace and extras).</summary>
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();

    /// <summary>Gets the configured embedding batch cap, or null for the per-model cap.</summary>
    public int? MaxEmbeddingBatchSize { get; init; }

    /// <summary>Gets how many parts of a split embedding input may be in flight at once.</summary>
    public int EmbeddingParallelism { get; init; } = 4;

    /// <summary>Gets how async-task waits poll (<see cref="DashScopeOptions.Polling"/>).</summary>
    public LlmPollingOptions Polling { get; init; } = new();

    /// <summary>Resolves the settings of an instance.</summary>
    /// <param name="options">The options.</param>
    /// <param name="name">The instance name.</param>
    /// <returns>The settings.</returns>
    public static DashScopeSettings From(DashScopeOptions options, string name)
    {
        var (native, compatible) = ResolveBaseUrls(options);
        return new DashScopeSettings
        {
            InstanceName = name,
            NativeBaseUrl = native,
            CompatibleBaseUrl = compatible,
            Mode = options.Mode,
            DefaultModel = options.DefaultModel,
            DefaultEmbeddingModel = options.DefaultEmbeddingModel,
            SendReasoningContent = options.SendReasoningContent,
            Headers = options.RequestHeaders(("X-DashScope-WorkSpace", options.WorkspaceId)),
            MaxEmbeddingBatchSize = options.MaxEmbeddingBatchSize,
            EmbeddingParallelism = options.EmbeddingParallelism,
            Polling = options.Polling ?? new(),
        };
    }

    /// <summary>Resolves the native and compatible-mode bases from the region and the overrides.</summary>
    /// <param name="options">The options.</param>
    /// <returns>Both bases, ending with a slash.</returns>
    public static (Uri Native, Uri Compatible) ResolveBaseUrls(DashScopeOptions options)
    {
        var intl = options.Region == DashScopeRegion.Intl;
        Uri? native = options.BaseUrl is null ? null : BaseUrls.WithTrailingSlash(options.BaseUrl);
        Uri? compatible = options.CompatibleBaseUrl is null ? null : BaseUrls.WithTrailingSlash(options.CompatibleBaseUrl);
        if (native is not null && native.AbsolutePath.Contains("/compatible-mode/", StringComparison.OrdinalIgnoreCase))
        {
            compatible ??= native;
            native = Swap(native, "/compatible-mode/v1/", "/api/v1/");
        }

        native ??= intl ? DashScopeOptions.IntlBaseUrl : DashScopeOptions.CnBaseUrl;
        compatible ??= options.BaseUrl is not null ? Swap(native, "/api/v1/", "/compatible-mode/v1/") : intl ? DashScopeOptions.IntlCompatibleBaseUrl : DashScopeOptions.CnCompatibleBaseUrl;
        return (native, compatible);
    }

    /// <summary>Builds the settings the OpenAI-compatible adapter needs for compatible mode.</summary>
    /// <returns>The settings.</returns>
    public OpenAICompatibleSettings ToCompatible() => new()
    {
        ProviderName = ProviderName,
        InstanceName = InstanceName,
        BaseUrl = CompatibleBaseUrl,
        DefaultModel = DefaultModel,
        DefaultEmbeddingModel = DefaultEmbeddingModel,
        Headers = Headers,
        UseMaxCompletionTokens = false,
        EmbeddingParallelism = EmbeddingParallelism,
        Vendor = "DashScope",
        Reasoning = ReasoningDialect.EnableThinking,
        SendReasoningContent = SendReasoningContent,
        Media = MediaInput.Image | MediaInput.Audio | MediaInput.Document,
    };

    /// <summary>Gets whether assistant reasoning is sent back as <c>reasoning_content</c> (<see cref="DashScopeOptions.SendReasoningContent"/>).</summary>
    public bool SendReasoningContent { get; init; }

    /// <summary>The wire profile of the native API (its messages are OpenAI's; images, audio and video go to multimodal-generation).</summary>
    /// <returns>The profile.</returns>
    public OpenAICompatibleSettings NativeProfile() => ToCompatible() with { BaseUrl = NativeBaseUrl, Media = MediaInput.Image | MediaInput.Audio | MediaInput.Video | MediaInput.Document };

    /// <summary>Creates a native API request with the configured headers.</summary>
    /// <param name="path">The path under the native base.</param>
    /// <param name="body">The JSON body.</param>
    /// <param name="stream">Whether to ask for SSE.</param>
    /// <returns>The request.</returns>
    public HttpRequestMessage CreateNativeRequest(string path, byte[] body, bool stream)
    {
        var request = JsonRequests.Create(HttpMethod.Post, BaseUrls.Combine(NativeBaseUrl, path), body, Headers);
        if (stream)
        {
            // Quirk: the native API switches SSE on with a header, not a body field; Accept is sent too, as both official SDKs do.
            request.Headers.TryAddWithoutValidation("X-DashScope-SSE", "enable");
            request.Headers.Accept.Add(new("text/event-stream"));
        }

        return request;
    }

    /// <summary>Creates a native API request (files, tasks) with the configured headers.</summary>
    /// <param name="method">The method.</param>
    /// <param name="path">The path (and query) under the native base.</param>
    /// <param name="content">The body, or null.</param>
    /// <returns>The request.</returns>
    public HttpRequestMessage CreateNativeRequest(HttpMethod method, string path, HttpContent? content = null)
    {
        var request = JsonRequests.Create(method, new Uri(NativeBaseUrl, path), null, Headers);
        request.Content = content;
        return request;
    }

    private static Uri Swap(Uri uri, string from, string to)
    {
        var text = uri.AbsoluteUri;
        int at = text.LastIndexOf(from, StringComparison.OrdinalIgnoreCase);
        return at < 0 ? new Uri(uri, to.TrimStart('/')) : new Uri(string.Concat(text.AsSpan(0, at), to, text.AsSpan(at + from.Length)));
    }
}
