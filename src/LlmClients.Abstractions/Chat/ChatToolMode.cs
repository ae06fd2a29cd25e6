namespace LlmClients;

/// <summary>Says whether and which tools the model must call (the wire's <c>tool_choice</c>).</summary>
public sealed class ChatToolMode : IEquatable<ChatToolMode>
{
    private ChatToolMode(string kind, string? functionName)
    {
        Kind = kind;
        RequiredFunctionName = functionName;
    }

    /// <summary>Gets the mode in which the model decides (<c>"auto"</c>).</summary>
    public static ChatToolMode Auto { get; } = new("auto", null);

    /// <summary>Gets the mode in which the model must not call tools (<c>"none"</c>).</summary>
    public static ChatToolMode None { get; } = new("none", null);

    /// <summary>Gets the mode in which the model must call some tool (<c>"required"</c>).</summary>
    public static ChatToolMode RequireAny { get; } = new("required", null);

    /// <summary>Creates the mode in which the model must call the named function.</summary>
    /// <param name="functionName">The function to call.</param>
    /// <returns>The mode.</returns>
    /// <exception cref="ArgumentException"><paramref name="functionName"/> is null or white space.</exception>
    public static ChatToolMode RequireSpecific(string functionName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(functionName);
        return new("function", functionName);
    }

    /// <summary>Gets the kind: <c>auto</c>, <c>none</c>, <c>required</c> or <c>function</c>.</summary>
    public string Kind { get; }

    /// <summary>Gets the required function name when <see cref="Kind"/> is <c>function</c>.</summary>
    public string? RequiredFunctionName { get; }

    /// <inheritdoc />
    public bool Equals(ChatToolMode? other) => other is not null && Kind == other.Kind && RequiredFunctionName == other.RequiredFunctionName;

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as ChatToolMode);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Kind, RequiredFunctionName);

    /// <inheritdoc />
    public override string ToString() => RequiredFunctionName is null ? Kind : $"{Kind}:{RequiredFunctionName}";
}
