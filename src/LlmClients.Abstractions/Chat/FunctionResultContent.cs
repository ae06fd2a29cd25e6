namespace LlmClients;

/// <summary>The result of a tool call, sent back to the model in a <see cref="ChatRole.Tool"/> message.</summary>
/// <param name="callId">The id of the <see cref="FunctionCallContent"/> this answers.</param>
/// <param name="result">The result text, usually JSON.</param>
public sealed class FunctionResultContent(string callId, string? result) : AIContent
{
    /// <summary>Gets the id of the call this result answers.</summary>
    public string CallId { get; } = callId ?? string.Empty;

    /// <summary>Gets or sets the function name, for vendors that want it (Qianfan v1).</summary>
    public string? Name { get; set; }

    /// <summary>Gets the result text.</summary>
    public string Result { get; } = result ?? string.Empty;
}
