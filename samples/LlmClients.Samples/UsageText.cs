using System.Globalization;

namespace LlmClients.Samples;

/// <summary>Prints token usage the way the samples show it: only the counts the vendor reported.</summary>
internal static class UsageText
{
    /// <summary>Formats usage as <c>input=12 output=34 total=46</c> (plus <c>reasoning=</c> and <c>cached=</c> when reported).</summary>
    /// <param name="usage">The usage, or null.</param>
    /// <returns>The counts, or <c>none reported</c>.</returns>
    public static string Describe(this UsageDetails? usage)
    {
        var parts = new List<string>(5);
        Append(parts, "input", usage?.InputTokenCount);
        Append(parts, "output", usage?.OutputTokenCount);
        Append(parts, "total", usage?.TotalTokenCount);
        Append(parts, "reasoning", usage?.ReasoningTokenCount);
        Append(parts, "cached", usage?.CachedInputTokenCount);
        return parts.Count == 0 ? "none reported" : string.Join(' ', parts);
    }

    private static void Append(List<string> parts, string name, long? count)
    {
        if (count is long value)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"{name}={value}"));
        }
    }
}
