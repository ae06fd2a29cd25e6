namespace LlmClients;

/// <summary>A tool the model may call. Today every vendor understands functions; see <see cref="FunctionTool"/>.</summary>
public abstract class ChatTool
{
    private protected ChatTool()
    {
    }

    /// <summary>Gets the tool name.</summary>
    public abstract string Name { get; }

    /// <summary>Gets or sets vendor extras for this tool.</summary>
    public AdditionalPropertiesDictionary? AdditionalProperties { get; set; }
}
