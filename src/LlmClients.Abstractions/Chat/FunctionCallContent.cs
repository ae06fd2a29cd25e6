namespace LlmClients;

/// <summary>A request from the model to call a tool.</summary>
/// <param name="callId">The vendor's call id, echoed back in the <see cref="FunctionResultContent"/>.</param>
/// <param name="name">The function name.</param>
/// <param name="arguments">The arguments as the raw JSON text the model produced (it may not be valid JSON).</param>
public sealed class FunctionCallContent(string callId, string name, string? arguments) : AIContent
{
    /// <summary>Gets the call id.</summary>
    public string CallId { get; } = callId ?? string.Empty;

    /// <summary>Gets the function name.</summary>
    public string Name { get; } = name ?? string.Empty;

    /// <summary>Gets the arguments as raw JSON text; empty when the model sent none.</summary>
    public string Arguments { get; } = arguments ?? string.Empty;

    /// <inheritdoc />
    public override string ToString() => $"{Name}({Arguments})";
}
