namespace LlmClients;

/// <summary>Token counts reported by the vendor. A count the vendor did not report is <see langword="null"/>.</summary>
public sealed class UsageDetails
{
    /// <summary>Gets or sets the number of input (prompt) tokens.</summary>
    public long? InputTokenCount { get; set; }

    /// <summary>Gets or sets the number of output (completion) tokens.</summary>
    public long? OutputTokenCount { get; set; }

    /// <summary>Gets or sets the total number of tokens.</summary>
    public long? TotalTokenCount { get; set; }

    /// <summary>Gets or sets the number of output tokens spent on reasoning, when reported.</summary>
    public long? ReasoningTokenCount { get; set; }

    /// <summary>Gets or sets the number of input tokens served from the vendor's cache, when reported.</summary>
    public long? CachedInputTokenCount { get; set; }

    /// <summary>Adds another usage to this one (used when a call is split into several requests).</summary>
    /// <param name="other">The usage to add.</param>
    public void Add(UsageDetails? other)
    {
        if (other is null)
        {
            return;
        }

        InputTokenCount = Sum(InputTokenCount, other.InputTokenCount);
        OutputTokenCount = Sum(OutputTokenCount, other.OutputTokenCount);
        TotalTokenCount = Sum(TotalTokenCount, other.TotalTokenCount);
        ReasoningTokenCount = Sum(ReasoningTokenCount, other.ReasoningTokenCount);
        CachedInputTokenCount = Sum(CachedInputTokenCount, other.CachedInputTokenCount);
    }

    /// <inheritdoc />
    public override string ToString()
    {
        var parts = new List<string>(5);
        Append(parts, "input", InputTokenCount);
        Append(parts, "output", OutputTokenCount);
        Append(parts, "total", TotalTokenCount);
        Append(parts, "reasoning", ReasoningTokenCount);
        Append(parts, "cached", CachedInputTokenCount);
        return parts.Count == 0 ? "none reported" : string.Join(' ', parts);
    }

    private static void Append(List<string> parts, string name, long? count)
    {
        if (count is long value)
        {
            parts.Add(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{name}={value}"));
        }
    }

    private static long? Sum(long? a, long? b) => a is null && b is null ? null : (a ?? 0) + (b ?? 0);
}
