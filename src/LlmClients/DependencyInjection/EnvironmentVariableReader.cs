namespace LlmClients.DependencyInjection;

/// <summary>Reads environment variables; replaceable in tests.</summary>
internal class EnvironmentVariableReader
{
    /// <summary>Gets a variable's value, or null when unset or empty.</summary>
    /// <param name="name">The variable name.</param>
    /// <returns>The value, or null.</returns>
    public virtual string? Get(string name)
    {
        var value = Environment.GetEnvironmentVariable(name);
        return string.IsNullOrWhiteSpace(value) ? null : value;
    }

    /// <summary>Gets a variable as an absolute URL, or null when unset or not an absolute URL.</summary>
    /// <param name="name">The variable name.</param>
    /// <returns>The URL, or null.</returns>
    public Uri? GetAbsoluteUri(string name)
        => Get(name) is { } value && Uri.TryCreate(value, UriKind.Absolute, out var uri) ? uri : null;
}
