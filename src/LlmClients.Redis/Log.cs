using Microsoft.Extensions.Logging;

namespace LlmClients.Redis;

/// <summary>The log lines of the Redis stores (category <c>LlmClients.Redis</c>); none holds a key, a token or a configuration string.</summary>
internal static partial class Log
{
    /// <summary>The category.</summary>
    public const string Category = "LlmClients.Redis";

    [LoggerMessage(EventId = 1301, EventName = "RedisUnavailable", Level = LogLevel.Warning,
        Message = "Redis is unreachable ({Operation}: {ExceptionType}): limits are per process and tokens are exchanged locally; trying Redis again in {RetrySeconds:F0} s")]
    public static partial void RedisUnavailable(ILogger logger, string operation, string exceptionType, double retrySeconds);

    [LoggerMessage(EventId = 1302, EventName = "RedisRecovered", Level = LogLevel.Information,
        Message = "Redis answers again: limits and tokens are shared by the fleet again")]
    public static partial void RedisRecovered(ILogger logger);
}
