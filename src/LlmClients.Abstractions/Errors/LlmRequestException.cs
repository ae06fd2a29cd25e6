using System.Globalization;
using System.Text;

namespace LlmClients;

/// <summary>
/// The one exception for vendor errors and our own timeouts: provider, HTTP status, vendor code and message,
/// request id, error kind, whether retrying may help, and how long the vendor asked us to wait.
/// Never carries URLs, query strings, keys or tokens. Cancellation is never wrapped in it.
/// </summary>
public sealed class LlmRequestException : Exception
{
    /// <summary>Initializes an empty exception (for serializers and tests).</summary>
    public LlmRequestException()
        : this("unknown", LlmErrorKind.Unknown, null, null, null, null, false)
    {
    }

    /// <summary>Initializes an exception with a message.</summary>
    /// <param name="message">The message.</param>
    public LlmRequestException(string message)
        : base(message)
    {
        Provider = "unknown";
        Kind = LlmErrorKind.Unknown;
    }

    /// <summary>Initializes an exception with a message and an inner exception.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public LlmRequestException(string message, Exception? innerException)
        : base(message, innerException)
    {
        Provider = "unknown";
        Kind = LlmErrorKind.Unknown;
    }

    /// <summary>Initializes an exception from what the vendor reported.</summary>
    /// <param name="provider">The vendor name, for example <c>"dashscope"</c>.</param>
    /// <param name="kind">The neutral error kind.</param>
    /// <param name="statusCode">The HTTP status (for errors inside HTTP 200 bodies or SSE events, the status the vendor reported, or 200).</param>
    /// <param name="errorCode">The vendor's error code, for example <c>"InvalidParameter"</c> or <c>"1301"</c>.</param>
    /// <param name="vendorMessage">
    /// Only what the vendor said (its error message), redacted; null when the vendor said nothing or the SDK raised the error
    /// itself (a timeout, a stream cut short, a body it cannot read): pass the SDK's own text as <paramref name="advice"/>.
    /// </param>
    /// <param name="requestId">The vendor's request id.</param>
    /// <param name="isTransient">Whether retrying the same request may succeed.</param>
    /// <param name="retryAfter">How long the vendor asked us to wait.</param>
    /// <param name="innerException">The cause.</param>
    /// <param name="advice">
    /// What the SDK adds of its own (what it did with the body, which setting to change), appended to <see cref="Exception.Message"/>
    /// after the vendor's words; <see cref="VendorMessage"/> stays exactly what the vendor said.
    /// </param>
    public LlmRequestException(
        string provider,
        LlmErrorKind kind,
        int? statusCode,
        string? errorCode,
        string? vendorMessage,
        string? requestId,
        bool isTransient,
        TimeSpan? retryAfter = null,
        Exception? innerException = null,
        string? advice = null)
        : base(FormatMessage(provider, statusCode, errorCode, vendorMessage, kind, requestId, advice), innerException)
    {
        Provider = provider;
        Kind = kind;
        StatusCode = statusCode;
        ErrorCode = errorCode;
        VendorMessage = vendorMessage;
        RequestId = requestId;
        IsTransient = isTransient;
        RetryAfter = retryAfter;
    }

    /// <summary>
    /// Gets the vendor, as the first word of <see cref="Exception.Message"/>: <c>"openai"</c> (also any OpenAI-compatible server),
    /// <c>"dashscope"</c>, <c>"zhipu"</c>, <c>"qianfan"</c>, <c>"spark"</c> or <c>"huggingface"</c>; the named instance is
    /// <see cref="InstanceName"/>.
    /// </summary>
    public string Provider { get; }

    /// <summary>
    /// Gets the name of the provider instance the failed call went through (the name given to <c>AddLlmProviders</c>, for
    /// example <c>deepseek</c>), or null when the exception did not leave an instance's client (a client built by hand,
    /// or an exception created by the caller). Set by LlmClients as the exception leaves the instance's chat or
    /// embedding client, its token exchange or its async-task client; the message does not change.
    /// </summary>
    public string? InstanceName { get; internal set; }

    /// <summary>
    /// Gets the neutral error kind, the same for every vendor (for example <see cref="LlmErrorKind.RateLimited"/> for HTTP 429,
    /// DashScope <c>Throttling</c>, Zhipu <c>1302</c> and Qianfan <c>18</c> alike), to branch on instead of vendor codes.
    /// </summary>
    public LlmErrorKind Kind { get; }

    /// <summary>
    /// Gets the HTTP status, or null when no response arrived (a connection failure, a timeout before the headers). An error
    /// inside an HTTP 200 body or stream event carries the status the vendor reported in it (DashScope's <c>:HTTP_STATUS/400</c>), else 200.
    /// </summary>
    public int? StatusCode { get; }

    /// <summary>
    /// Gets the vendor's error code as text (<c>"InvalidParameter"</c>, <c>"1301"</c>, <c>"rate_limit_exceeded"</c>), or a failure
    /// finish reason or task status the SDK turned into an error (<c>"network_error"</c>, <c>"FAIL"</c>, <c>"UNKNOWN"</c>); null when there was none.
    /// </summary>
    public string? ErrorCode { get; }

    /// <summary>
    /// Gets only what the vendor said (its error message, with keys and tokens redacted), or null when it said nothing or the
    /// SDK raised the error itself (timeouts, a stream cut short, a failure finish reason, a missing part of the answer): the
    /// SDK's own explanation is in <see cref="Exception.Message"/>, never here.
    /// </summary>
    public string? VendorMessage { get; }

    /// <summary>
    /// Gets the vendor's request id (its request-id header, else the body's <c>request_id</c> / <c>id</c>), to quote to the
    /// vendor's support; null when the vendor sent none or no response arrived.
    /// </summary>
    public string? RequestId { get; }

    /// <summary>
    /// Gets whether retrying the same request may succeed (rate limits, 5xx, timeouts, a stream cut short). By the time the
    /// caller sees it, the configured retries (<c>Resilience.MaxRetries</c>) have already been spent.
    /// </summary>
    public bool IsTransient { get; }

    /// <summary>
    /// Gets how long the vendor asked to wait before retrying (a <c>Retry-After</c> header in seconds or as a date, or a body
    /// field such as Hugging Face's <c>estimated_time</c>), or null when it said nothing.
    /// </summary>
    public TimeSpan? RetryAfter { get; }

    private static string FormatMessage(string provider, int? status, string? code, string? vendorMessage, LlmErrorKind kind, string? requestId, string? advice)
    {
        // "DashScope 400 InvalidParameter: Role must be user or assistant (request id 7671...)"
        var sb = new StringBuilder(provider);
        if (status is int s)
        {
            sb.Append(' ').Append(s.ToString(CultureInfo.InvariantCulture));
        }

        if (!string.IsNullOrEmpty(code))
        {
            sb.Append(' ').Append(code);
        }

        sb.Append(": ").Append(string.IsNullOrWhiteSpace(vendorMessage) ? kind.Value.Replace('_', ' ') : vendorMessage);
        if (!string.IsNullOrWhiteSpace(advice))
        {
            sb.Append(string.IsNullOrWhiteSpace(vendorMessage) ? " (" : ". ").Append(advice).Append(string.IsNullOrWhiteSpace(vendorMessage) ? ")" : string.Empty);
        }

        if (!string.IsNullOrEmpty(requestId))
        {
            sb.Append(" (request id ").Append(requestId).Append(')');
        }

        return sb.ToString();
    }
}
