namespace LlmClients.Streaming;

/// <summary>
/// What a vendor mapper extracted from one stream event, before normalization. The stream loop keeps one per stream and
/// refills it for each event (<see cref="Reset"/>), so the chunk is valid until the next event is read; it also remembers
/// the strings that repeat across a stream's chunks (<see cref="ChunkJson.Repeated"/>) and lends one usage object per stream.
/// </summary>
internal sealed class StreamChunk
{
    private string? _lastResponseId;
    private string? _lastModelId;
    private string? _lastRequestId;
    private UsageDetails? _usage;

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

    /// <summary>Clears what one event set, keeping the per-stream strings and usage object.</summary>
    /// <returns>This chunk.</returns>
    public StreamChunk Reset()
    {
        ResponseId = RequestId = ModelId = Text = Reasoning = null;
        CreatedAt = null;
        Role = null;
        ToolCalls = null;
        Usage = null;
        FinishReason = null;
        RawRepresentation = null;
        AdditionalProperties = null;
        return this;
    }

    /// <summary>Gets the stream's last response id, for <see cref="ChunkJson.Repeated"/> (ids repeat on every chunk).</summary>
    public ref string? LastResponseId => ref _lastResponseId;

    /// <summary>Gets the stream's last model id, for <see cref="ChunkJson.Repeated"/>.</summary>
    public ref string? LastModelId => ref _lastModelId;

    /// <summary>Gets the stream's last body request id, for <see cref="ChunkJson.Repeated"/>.</summary>
    public ref string? LastRequestId => ref _lastRequestId;

    /// <summary>
    /// Gets the stream's usage object, cleared, to fill from this event. The normalizer reports only the last usage, once,
    /// at the end, so a stream that repeats its usage on every event (DashScope native) refills one object.
    /// </summary>
    /// <returns>The usage to fill; also set as <see cref="Usage"/>.</returns>
    public UsageDetails NewUsage()
    {
        var usage = _usage ??= new UsageDetails();
        usage.InputTokenCount = usage.OutputTokenCount = usage.TotalTokenCount = usage.CachedInputTokenCount = usage.ReasoningTokenCount = null;
        usage.AdditionalCounts = null;
        return Usage = usage;
    }
}

