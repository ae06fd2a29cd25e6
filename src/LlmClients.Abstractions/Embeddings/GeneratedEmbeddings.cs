using System.Collections.ObjectModel;

namespace LlmClients;

/// <summary>The embeddings of a batch of texts, in input order, with the usage.</summary>
public sealed class GeneratedEmbeddings : Collection<Embedding>
{
    /// <summary>Initializes an empty result.</summary>
    public GeneratedEmbeddings()
    {
    }

    /// <summary>Initializes a result holding <paramref name="embeddings"/>.</summary>
    /// <param name="embeddings">The embeddings, in input order.</param>
    public GeneratedEmbeddings(IList<Embedding> embeddings)
        : base(embeddings)
    {
    }

    /// <summary>Gets or sets the token usage (summed when the batch was split into several requests).</summary>
    public UsageDetails? Usage { get; set; }

    /// <summary>Gets or sets the vendor's request id (the first one when the batch was split).</summary>
    public string? RequestId { get; set; }

    /// <summary>Gets or sets vendor extras.</summary>
    public AdditionalPropertiesDictionary? AdditionalProperties { get; set; }
}
