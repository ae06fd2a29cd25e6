namespace LlmClients;

/// <summary>The model's reasoning ("thinking") text, as sent by thinking models in <c>reasoning_content</c>.</summary>
/// <param name="text">The reasoning text.</param>
public sealed class TextReasoningContent(string? text) : AIContent
{
    /// <summary>Gets or sets the reasoning text.</summary>
    public string Text { get; set; } = text ?? string.Empty;

    /// <inheritdoc />
    public override string ToString() => Text;
}
