namespace LlmClients;

/// <summary>A complete (non-streaming) chat response.</summary>
public sealed class ChatResponse
{
    /// <summary>Initializes an empty response.</summary>
    public ChatResponse()
    {
    }

    /// <summary>Initializes a response holding one message.</summary>
    /// <param name="message">The assistant message.</param>
    /// <exception cref="ArgumentNullException"><paramref name="message"/> is null.</exception>
    public ChatResponse(ChatMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        Messages.Add(message);
    }

    /// <summary>Gets or sets the messages the model produced (usually one assistant message).</summary>
    public IList<ChatMessage> Messages { get; set; } = [];

    /// <summary>Gets the concatenated text of all messages.</summary>
    public string Text => string.Concat(Messages.Select(m => m.Text));

    /// <summary>Gets the concatenated reasoning text of all messages (thinking models), or an empty string.</summary>
    public string ReasoningText => string.Concat(Messages.Select(m => ChatMessage.Concat<TextReasoningContent>(m.Contents, static c => c.Text)));

    /// <summary>Gets the tool calls the model asked for, in order.</summary>
    public IReadOnlyList<FunctionCallContent> ToolCalls => [.. Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>()];

    /// <summary>Gets or sets the vendor's response id (for example <c>chatcmpl-...</c>).</summary>
    public string? ResponseId { get; set; }

    /// <summary>Gets or sets the vendor's request id, for support tickets.</summary>
    public string? RequestId { get; set; }

    /// <summary>Gets or sets the model that answered.</summary>
    public string? ModelId { get; set; }

    /// <summary>Gets or sets when the response was created.</summary>
    public DateTimeOffset? CreatedAt { get; set; }

    /// <summary>Gets or sets why the model stopped.</summary>
    public ChatFinishReason? FinishReason { get; set; }

    /// <summary>Gets or sets the token usage.</summary>
    public UsageDetails? Usage { get; set; }

    /// <summary>Gets or sets the vendor response object this was mapped from.</summary>
    public object? RawRepresentation { get; set; }

    /// <summary>Gets or sets vendor extras (for example Qianfan <c>need_clear_history</c>).</summary>
    public AdditionalPropertiesDictionary? AdditionalProperties { get; set; }

    /// <inheritdoc />
    public override string ToString() => Text;
}
