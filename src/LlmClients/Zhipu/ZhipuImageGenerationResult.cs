namespace LlmClients.Zhipu;

/// <summary>The images CogView generated. Their URLs are temporary (about 30 days).</summary>
public sealed class ZhipuImageGenerationResult
{
    /// <summary>Gets or sets the image URLs, in order.</summary>
    public IReadOnlyList<Uri> ImageUrls { get; init; } = [];

    /// <summary>Gets or sets when the images were created.</summary>
    public DateTimeOffset? CreatedAt { get; init; }

    /// <summary>Gets or sets the content-filter verdicts, if any (level 0 is the most severe, 3 the mildest).</summary>
    public IReadOnlyList<ZhipuContentFilterResult> ContentFilter { get; init; } = [];

    /// <summary>Gets or sets the vendor's request id, if it sent one.</summary>
    public string? RequestId { get; init; }

    /// <summary>Gets or sets the vendor object this was mapped from.</summary>
    public object? RawRepresentation { get; init; }
}
