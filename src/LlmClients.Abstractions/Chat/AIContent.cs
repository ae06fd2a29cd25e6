namespace LlmClients;

/// <summary>A piece of message content: text, reasoning, a tool call, a tool result, usage or a file reference.</summary>
public abstract class AIContent
{
    /// <summary>Gets or sets the vendor object this content was mapped from, if any.</summary>
    public object? RawRepresentation { get; set; }

    /// <summary>Gets or sets vendor extras attached to this content.</summary>
    public AdditionalPropertiesDictionary? AdditionalProperties { get; set; }
}
