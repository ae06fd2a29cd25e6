namespace LlmClients;

/// <summary>Token usage carried inside a streaming update; a stream reports it exactly once, at the end.</summary>
/// <param name="details">The usage.</param>
public sealed class UsageContent(UsageDetails details) : AIContent
{
    /// <summary>Gets the usage.</summary>
    public UsageDetails Details { get; } = details ?? throw new ArgumentNullException(nameof(details));
}
