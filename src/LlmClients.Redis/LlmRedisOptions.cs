namespace LlmClients.Redis;

/// <summary>Settings of <c>UseRedis(...)</c>.</summary>
public sealed class LlmRedisOptions
{
    /// <summary>
    /// Gets or sets the StackExchange.Redis configuration string, for example <c>"redis.internal:6379,password=..."</c>.
    /// Required. <c>abortConnect=false</c> and fail-fast commands are forced, so an unreachable Redis never blocks startup or
    /// a call: the stores fall back to per-process state (logged) and return to Redis when it answers again.
    /// </summary>
    public string? Configuration { get; set; }

    /// <summary>Gets or sets a prefix put before every key (to share one Redis among applications). The default is none; keys start with <c>llmclients:</c>.</summary>
    public string KeyPrefix { get; set; } = string.Empty;

    /// <summary>Gets or sets how long the stores keep to per-process state after Redis failed, before trying it again. The default is 5 seconds; 0 to 1 day.</summary>
    public TimeSpan RetryInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Gets or sets how long one process may hold the lock of a token exchange (single flight across the fleet); the other
    /// processes wait for its token that long at most, then exchange on their own. The default is 10 seconds; more than 0 and at most 1 day.
    /// </summary>
    public TimeSpan TokenLockTimeout { get; set; } = TimeSpan.FromSeconds(10);
}
