namespace LlmClients;

/// <summary>Says why the model stopped. Unknown vendor values (Zhipu's <c>network_error</c>, ...) are preserved, never thrown on.</summary>
public readonly struct ChatFinishReason : IEquatable<ChatFinishReason>
{
    /// <summary>Gets the reason for a natural stop or a stop sequence.</summary>
    public static ChatFinishReason Stop { get; } = new("stop");

    /// <summary>Gets the reason for hitting the output token limit.</summary>
    public static ChatFinishReason Length { get; } = new("length");

    /// <summary>Gets the reason for stopping to call tools.</summary>
    public static ChatFinishReason ToolCalls { get; } = new("tool_calls");

    /// <summary>Gets the reason for output blocked by content moderation.</summary>
    public static ChatFinishReason ContentFilter { get; } = new("content_filter");

    /// <summary>Initializes a finish reason with the given value.</summary>
    /// <param name="value">The reason, as the vendor reported it.</param>
    /// <exception cref="ArgumentException"><paramref name="value"/> is null or white space.</exception>
    public ChatFinishReason(string value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(value);
        Value = value;
    }

    /// <summary>Gets the reason value.</summary>
    public string Value => field ?? "stop";

    /// <inheritdoc />
    public bool Equals(ChatFinishReason other) => string.Equals(Value, other.Value, StringComparison.OrdinalIgnoreCase);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is ChatFinishReason other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => StringComparer.OrdinalIgnoreCase.GetHashCode(Value);

    /// <inheritdoc />
    public override string ToString() => Value;

    /// <summary>Compares two reasons, ignoring case.</summary>
    public static bool operator ==(ChatFinishReason left, ChatFinishReason right) => left.Equals(right);

    /// <summary>Compares two reasons, ignoring case.</summary>
    public static bool operator !=(ChatFinishReason left, ChatFinishReason right) => !left.Equals(right);
}
