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
}
