namespace LlmClients.DashScope;

/// <summary>Options of one batch embedding (<see cref="IDashScopeBatchEmbeddingClient"/>).</summary>
public sealed class DashScopeBatchEmbeddingOptions
{
    /// <summary>The default model: <c>text-embedding-async-v2</c> (1536 dimensions).</summary>
    public const string DefaultModel = "text-embedding-async-v2";

    /// <summary>Gets or sets the model, <c>text-embedding-async-v1</c> or <c>text-embedding-async-v2</c>. The default is <see cref="DefaultModel"/>.</summary>
    public string ModelId { get; set; } = DefaultModel;

    /// <summary>Gets or sets whether the texts are queries or documents (<c>parameters.text_type</c>). The default is null: DashScope's default, document.</summary>
    public EmbeddingInputType? InputType { get; set; }

    /// <summary>
    /// Gets or sets how many lines the input file has. When set, a result with another count throws instead of returning;
    /// when null (the default) the result must still number its lines 0..n-1 without a gap.
    /// </summary>
    public int? ExpectedCount { get; set; }

    /// <summary>Gets or sets the polling, or null (the default) for the instance's <see cref="DashScopeOptions.Polling"/>.</summary>
    public LlmPollingOptions? Polling { get; set; }
}
