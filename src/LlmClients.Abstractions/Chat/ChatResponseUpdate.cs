namespace LlmClients;

/// <summary>
/// One streaming update, one per vendor event. Text is always a delta; tool calls arrive complete;
/// usage arrives once, in the last update.
/// </summary>
public sealed class ChatResponseUpdate
{
    /// <summary>Gets or sets the author role, when the vendor sent one.</summary>
    public ChatRole? Role { get; set; }

    /// <summary>Gets or sets the contents of this update.</summary>
    public IList<AIContent> Contents { get; set; } = [];

    /// <summary>Gets the text delta of this update.</summary>
    public string Text => ChatMessage.Concat<TextContent>(Contents, static c => c.Text);

    /// <summary>Gets the reasoning delta of this update.</summary>
    public string ReasoningText => ChatMessage.Concat<TextReasoningContent>(Contents, static c => c.Text);

    /// <summary>Gets or sets the vendor's response id.</summary>
    public string? ResponseId { get; set; }

    /// <summary>Gets or sets the vendor's request id.</summary>
    public string? RequestId { get; set; }

    /// <summary>Gets or sets the model that answered.</summary>
    public string? ModelId { get; set; }

    /// <summary>Gets or sets when the update was created.</summary>
    public DateTimeOffset? CreatedAt { get; set; }

    /// <summary>Gets or sets the finish reason; set on the last update only.</summary>
    public ChatFinishReason? FinishReason { get; set; }

    /// <summary>Gets or sets the vendor event this update was mapped from.</summary>
    public object? RawRepresentation { get; set; }

    /// <summary>Gets or sets vendor extras.</summary>
    public AdditionalPropertiesDictionary? AdditionalProperties { get; set; }

    /// <inheritdoc />
    public override string ToString() => Text;
}
