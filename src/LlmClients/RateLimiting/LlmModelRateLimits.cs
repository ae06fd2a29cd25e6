namespace LlmClients.RateLimiting;

/// <summary>The limits of one model of an instance (<c>LlmProviders:&lt;name&gt;:Limits:Models:&lt;model&gt;</c>); see <see cref="LlmRateLimitOptions"/>.</summary>
public sealed class LlmModelRateLimits
{
    /// <summary>Gets or sets the most requests to the model in any 60-second window. Null (the default) is no limit; must be at least 1 when set.</summary>
    public int? RequestsPerMinute { get; set; }

    /// <summary>Gets or sets the most tokens spent on the model in any 60-second window. Null (the default) is no limit; must be at least 1 when set.</summary>
    public int? TokensPerMinute { get; set; }

    /// <summary>Gets or sets the most requests to the model in flight at once in this process. Null (the default) is no limit; must be at least 1 when set.</summary>
    public int? MaxConcurrency { get; set; }

    internal bool Any => RequestsPerMinute is not null || TokensPerMinute is not null || MaxConcurrency is not null;
}
