namespace LlmClients;

/// <summary>Per-request embedding options. Anything left null is not sent.</summary>
public sealed class EmbeddingOptions
{
    /// <summary>Gets or sets the model id; the provider's default embedding model is used when null.</summary>
    public string? ModelId { get; set; }

    /// <summary>Gets or sets the number of dimensions, for models that support several.</summary>
    public int? Dimensions { get; set; }

    /// <summary>Gets or sets whether the texts are queries or documents, for vendors that distinguish them.</summary>
    public EmbeddingInputType? InputType { get; set; }

    /// <summary>Gets or sets vendor parameters passed through to the wire as they are.</summary>
    public AdditionalPropertiesDictionary? AdditionalProperties { get; set; }
}
