using System.Text;

namespace LlmClients.Http;

/// <summary>Builds the query of a list call (<c>files?after=...&amp;limit=...</c>, <c>tasks?page_no=...</c>).</summary>
internal static class QueryString
{
    /// <summary>Appends <c>?name=value&amp;name=value</c> to a relative path, leaving out parameters whose value is null or blank.</summary>
    /// <param name="path">The relative path, without a query.</param>
    /// <param name="parameters">The parameters in order; values are URL-escaped (numbers: pass them formatted with the invariant culture).</param>
    /// <returns>The path, with a query when any value is set.</returns>
    public static string Append(string path, params ReadOnlySpan<(string Name, string? Value)> parameters)
    {
        var builder = new StringBuilder(path);
        var separator = '?';
        foreach (var (name, value) in parameters)
        {
            if (!string.IsNullOrWhiteSpace(value))
            {
                builder.Append(separator).Append(name).Append('=').Append(Uri.EscapeDataString(value));
                separator = '&';
            }
        }

        return builder.ToString();
    }
}
