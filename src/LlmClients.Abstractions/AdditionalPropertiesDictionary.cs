namespace LlmClients;

/// <summary>
/// Vendor extras passed through to the wire (on options) or read from it (on responses).
/// Values may be strings, numbers, booleans, <see cref="System.Text.Json.JsonElement"/>,
/// <see cref="System.Text.Json.Nodes.JsonNode"/>, string lists, nested dictionaries, or null.
/// </summary>
public sealed class AdditionalPropertiesDictionary : Dictionary<string, object?>
{
    /// <summary>Initializes an empty dictionary with ordinal keys.</summary>
    public AdditionalPropertiesDictionary()
        : base(StringComparer.Ordinal)
    {
    }

    /// <summary>Initializes a copy of <paramref name="source"/>.</summary>
    /// <param name="source">The entries to copy.</param>
    public AdditionalPropertiesDictionary(IEnumerable<KeyValuePair<string, object?>> source)
        : base(source, StringComparer.Ordinal)
    {
    }
}
