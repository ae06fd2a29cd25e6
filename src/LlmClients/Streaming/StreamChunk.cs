namespace LlmClients.Streaming;

/// <summary>What a vendor mapper extracted from one stream event, before normalization.</summary>
internal sealed class StreamChunk
{
    /// <summary>Gets or sets the response id.</summary>
    public string? ResponseId { get; set; }

    /// <summary>Gets or sets the request id.</summary>
    public string? RequestId { get; set; }

    /// <summary>Gets or sets the model id.</summary>
    public string? ModelId { get; set; }

    /// <summary>Gets or sets the creation time.</summary>
    public DateTimeOffset? CreatedAt { get; set; }

    /// <summary>Gets or sets the role.</summary>
    public ChatRole? Role { get; set; }

    /// <summary>Gets or sets the text (a delta, or the text so far in a cumulative stream).</summary>
    public string? Text { get; set; }

    /// <summary>Gets or sets the reasoning text (a delta, or the reasoning so far in a cumulative stream).</summary>
    public string? Reasoning { get; set; }

    /// <summary>Gets or sets tool-call fragments.</summary>
    public List<ToolCallFragment>? ToolCalls { get; set; }

    /// <summary>Gets or sets the usage reported by this event (repeated or final; the normalizer reports the last one once).</summary>
    public UsageDetails? Usage { get; set; }

    /// <summary>Gets or sets the finish reason; null while unfinished (mappers turn DashScope's <c>"null"</c> into null).</summary>
    public ChatFinishReason? FinishReason { get; set; }

    /// <summary>Gets or sets the raw vendor event.</summary>
    public object? RawRepresentation { get; set; }

    /// <summary>Gets or sets vendor extras.</summary>
    public AdditionalPropertiesDictionary? AdditionalProperties { get; set; }
}
