namespace LlmClients;

/// <summary>Per-request options. Anything left null is not sent, so the vendor's default applies.</summary>
public sealed class ChatOptions
{
    /// <summary>Gets or sets the model id; the provider's default model is used when null.</summary>
    public string? ModelId { get; set; }

    /// <summary>Gets or sets the sampling temperature.</summary>
    public float? Temperature { get; set; }

    /// <summary>Gets or sets nucleus sampling (<c>top_p</c>).</summary>
    public float? TopP { get; set; }

    /// <summary>Gets or sets top-k sampling, for vendors that support it (DashScope).</summary>
    public int? TopK { get; set; }

    /// <summary>Gets or sets the maximum number of output tokens. Must not be negative.</summary>
    public int? MaxOutputTokens { get; set; }

    /// <summary>Gets or sets the stop sequences.</summary>
    public IList<string>? StopSequences { get; set; }

    /// <summary>Gets or sets the random seed.</summary>
    public long? Seed { get; set; }

    /// <summary>Gets or sets the frequency penalty (OpenAI semantics: 0 means none).</summary>
    public float? FrequencyPenalty { get; set; }

    /// <summary>Gets or sets the presence penalty (OpenAI semantics: 0 means none).</summary>
    public float? PresencePenalty { get; set; }

    /// <summary>Gets or sets the tools the model may call.</summary>
    public IList<ChatTool>? Tools { get; set; }

    /// <summary>Gets or sets whether and which tools the model must call.</summary>
    public ChatToolMode? ToolMode { get; set; }

    /// <summary>Gets or sets whether the model may call several tools at once.</summary>
    public bool? AllowMultipleToolCalls { get; set; }

    /// <summary>Gets or sets the response format.</summary>
    public ChatResponseFormat? ResponseFormat { get; set; }

    /// <summary>Gets or sets an end-user id, for vendors that take one (<c>user</c>, <c>user_id</c>).</summary>
    public string? EndUserId { get; set; }

    /// <summary>
    /// Gets or sets vendor parameters passed through to the wire as they are (for example DashScope
    /// <c>enable_search</c>, Zhipu <c>do_sample</c>). They override a neutral option of the same wire name.
    /// </summary>
    public AdditionalPropertiesDictionary? AdditionalProperties { get; set; }

    /// <summary>Creates a shallow copy whose lists and dictionaries are copied too.</summary>
    /// <returns>The copy.</returns>
    public ChatOptions Clone() => new()
    {
        ModelId = ModelId,
        Temperature = Temperature,
        TopP = TopP,
        TopK = TopK,
        MaxOutputTokens = MaxOutputTokens,
        StopSequences = StopSequences is null ? null : [.. StopSequences],
        Seed = Seed,
        FrequencyPenalty = FrequencyPenalty,
        PresencePenalty = PresencePenalty,
        Tools = Tools is null ? null : [.. Tools],
        ToolMode = ToolMode,
        AllowMultipleToolCalls = AllowMultipleToolCalls,
        ResponseFormat = ResponseFormat,
        EndUserId = EndUserId,
        AdditionalProperties = AdditionalProperties is null ? null : new(AdditionalProperties),
    };
}
