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
    /// <param name="vendorMessage">The vendor's message, redacted.</param>
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

    /// <summary>Gets the vendor name.</summary>
    public string Provider { get; }

    /// <summary>Gets the neutral error kind.</summary>
    public LlmErrorKind Kind { get; }

    /// <summary>Gets the HTTP status, when there was a response.</summary>
    public int? StatusCode { get; }

    /// <summary>Gets the vendor's error code.</summary>
    public string? ErrorCode { get; }

    /// <summary>Gets the vendor's error message.</summary>
    public string? VendorMessage { get; }

    /// <summary>Gets the vendor's request id, for support tickets.</summary>
    public string? RequestId { get; }

    /// <summary>Gets whether retrying the same request may succeed.</summary>
    public bool IsTransient { get; }

    /// <summary>Gets how long the vendor asked us to wait before retrying, if it said.</summary>
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
