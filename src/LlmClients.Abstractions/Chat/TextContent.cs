namespace LlmClients;

/// <summary>Plain text content.</summary>
/// <param name="text">The text.</param>
public sealed class TextContent(string? text) : AIContent
{
    /// <summary>Gets or sets the text.</summary>
    public string Text { get; set; } = text ?? string.Empty;

    /// <inheritdoc />
    public override string ToString() => Text;
}
