using Microsoft.Extensions.Logging;

namespace LlmClients.Telemetry;

/// <summary>
/// Every log line LlmClients writes, source-generated, with stable event ids (the README lists them). Fields are
/// structured; none holds a key, a token, a URL query (URLs are logged without it) or message content.
/// </summary>
internal static partial class Log
{
    /// <summary>Category of the per-call failure line.</summary>
    public const string CallCategory = "LlmClients";

    /// <summary>Category of the per-request lines of the transport.</summary>
    public const string HttpCategory = "LlmClients.Http";

    /// <summary>Category of the retry lines.</summary>
    public const string RetryCategory = "LlmClients.Retry";

    /// <summary>Category of the Qianfan token lines.</summary>
    public const string QianfanCategory = "LlmClients.Qianfan";

    /// <summary>Category of the Zhipu async-task lines.</summary>
    public const string ZhipuCategory = "LlmClients.Zhipu";

    [LoggerMessage(EventId = 1001, EventName = "HttpResponse", Level = LogLevel.Debug,
        Message = "{Instance} ({Provider}) {Method} {Url} model {Model} -> {Status} in {ElapsedMs:F0} ms (request id {RequestId})")]
    public static partial void HttpResponse(ILogger logger, string instance, string provider, string method, string url, string? model, int status, string? requestId, double elapsedMs);

    [LoggerMessage(EventId = 1002, EventName = "RetryAfterStatus", Level = LogLevel.Information,
        Message = "{Instance} ({Provider}) {Method} {Url} model {Model}: attempt {Attempt} returned {Status} {VendorCode} (request id {RequestId}); retrying in {DelayMs:F0} ms")]
    public static partial void RetryAfterStatus(ILogger logger, string instance, string provider, string method, string url, string? model, int attempt, int status, string? vendorCode, string? requestId, double delayMs);

    [LoggerMessage(EventId = 1003, EventName = "RetryAfterException", Level = LogLevel.Information,
        Message = "{Instance} ({Provider}) {Method} {Url} model {Model}: attempt {Attempt} failed with {ExceptionType}; retrying in {DelayMs:F0} ms")]
    public static partial void RetryAfterException(ILogger logger, string instance, string provider, string method, string url, string? model, int attempt, string exceptionType, double delayMs);

    [LoggerMessage(EventId = 1004, EventName = "CallFailed", Level = LogLevel.Information,
        Message = "{Instance} ({Provider}) {Operation} model {Model} failed after {ElapsedMs:F0} ms: {Kind}, status {Status}, vendor code {VendorCode}, request id {RequestId}, transient {IsTransient}")]
    public static partial void CallFailed(ILogger logger, string instance, string provider, string operation, string? model, double elapsedMs, string kind, int? status, string? vendorCode, string? requestId, bool isTransient);

    [LoggerMessage(EventId = 1005, EventName = "RateLimitRefused", Level = LogLevel.Information,
        Message = "{Instance} ({Provider}) model {Model}: client-side limit {Setting} = {Limit} refused a request: {Reason}")]
    public static partial void RateLimitRefused(ILogger logger, string instance, string provider, string? model, string setting, int limit, string reason);

    [LoggerMessage(EventId = 1101, EventName = "TokenExchanged", Level = LogLevel.Debug,
        Message = "{Instance} (qianfan): access-token exchange POST {Url} -> {Status} in {ElapsedMs:F0} ms")]
    public static partial void TokenExchanged(ILogger logger, string instance, string url, int status, double elapsedMs);

    [LoggerMessage(EventId = 1102, EventName = "TokenExchangeRetry", Level = LogLevel.Information,
        Message = "{Instance} (qianfan): access-token exchange POST {Url} failed with {ExceptionType}; retrying once")]
    public static partial void TokenExchangeRetry(ILogger logger, string instance, string url, string exceptionType);

    [LoggerMessage(EventId = 1103, EventName = "TokenRejected", Level = LogLevel.Information,
        Message = "(qianfan) POST {Url} answered error_code {VendorCode}: refreshing the access token and resending once")]
    public static partial void TokenRejected(ILogger logger, string url, string? vendorCode);

    [LoggerMessage(EventId = 1201, EventName = "AsyncTaskPolled", Level = LogLevel.Debug,
        Message = "{Instance} ({Provider}): poll {Poll} of async task {TaskId} -> {TaskStatus} in {ElapsedMs:F0} ms")]
    public static partial void AsyncTaskPolled(ILogger logger, string instance, string provider, string taskId, int poll, string taskStatus, double elapsedMs);
}
