namespace LlmClients;

/// <summary>Describes who authored a <see cref="ChatMessage"/>. Vendors may add roles; unknown values are preserved.</summary>
public readonly struct ChatRole : IEquatable<ChatRole>
{
    /// <summary>Gets the role of instructions that steer the model.</summary>
    public static ChatRole System { get; } = new("system");

    /// <summary>Gets the role of the human user.</summary>
    public static ChatRole User { get; } = new("user");

    /// <summary>Gets the role of the model.</summary>
    public static ChatRole Assistant { get; } = new("assistant");

    /// <summary>Gets the role of a tool result sent back to the model.</summary>
    public static ChatRole Tool { get; } = new("tool");

    /// <summary>Initializes a new role with the given wire value.</summary>
    /// <param name="value">The role name, for example <c>"developer"</c>.</param>
    /// <exception cref="ArgumentException"><paramref name="value"/> is null or white space.</exception>
    public ChatRole(string value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(value);
        Value = value;
    }

    /// <summary>Gets the role name as sent on the wire.</summary>
    public string Value => field ?? "user";

    /// <inheritdoc />
    public bool Equals(ChatRole other) => string.Equals(Value, other.Value, StringComparison.OrdinalIgnoreCase);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is ChatRole other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => StringComparer.OrdinalIgnoreCase.GetHashCode(Value);

    /// <inheritdoc />
    public override string ToString() => Value;

    /// <summary>Compares two roles, ignoring case.</summary>
    public static bool operator ==(ChatRole left, ChatRole right) => left.Equals(right);

    /// <summary>Compares two roles, ignoring case.</summary>
    public static bool operator !=(ChatRole left, ChatRole right) => !left.Equals(right);
}
