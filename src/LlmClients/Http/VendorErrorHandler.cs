using System.Net.Http.Headers;

namespace LlmClients.Http;

/// <summary>
/// What the shared plumbing asks of a vendor about errors: how to find an error envelope in a body,
/// how to classify it, and whether it is worth retrying. The plumbing itself never names a vendor.
/// </summary>
internal abstract class VendorErrorHandler
{
    /// <summary>Gets the provider name used in exceptions, for example <c>"dashscope"</c>.</summary>
    public abstract string ProviderName { get; }

    /// <summary>Gets the response headers that may carry the request id, in order of preference.</summary>
    public virtual IReadOnlyList<string> RequestIdHeaders { get; } = ["x-request-id"];

    /// <summary>
    /// Gets whether a 2xx JSON body may hide an error envelope (Qianfan v1 answers business errors with HTTP 200).
    /// When true the plumbing buffers 2xx non-streaming bodies and calls <see cref="ParseError"/> on them.
    /// </summary>
    public virtual bool ErrorsInSuccessBodies => false;

    /// <summary>Parses an error envelope from a body; returns null when the body is not an error (or not JSON).</summary>
    /// <param name="statusCode">The HTTP status.</param>
    /// <param name="body">The raw body.</param>
    /// <returns>The error, or null.</returns>
    public abstract VendorError? ParseError(int statusCode, ReadOnlySpan<byte> body);

    /// <summary>Classifies an error. The default maps the HTTP status; vendors refine it with their codes.</summary>
    /// <param name="statusCode">The HTTP status (or the status a vendor reported inside a 200 body or stream).</param>
    /// <param name="error">The parsed error, if any.</param>
    /// <returns>The neutral kind.</returns>
    public virtual LlmErrorKind Classify(int statusCode, VendorError? error) => ErrorClassification.FromStatus(statusCode);

    /// <summary>Says whether retrying may help. The default: rate limits, server errors, timeouts and network failures.</summary>
    /// <param name="statusCode">The HTTP status.</param>
    /// <param name="kind">The kind from <see cref="Classify"/>.</param>
    /// <param name="error">The parsed error, if any.</param>
    /// <returns>True when the error is transient.</returns>
    public virtual bool IsTransient(int statusCode, LlmErrorKind kind, VendorError? error)
        => kind == LlmErrorKind.RateLimited || kind == LlmErrorKind.ServerError || kind == LlmErrorKind.Timeout || kind == LlmErrorKind.Network
           || statusCode is 408 or 429 or 500 or 502 or 503 or 504;

    /// <summary>Builds the typed exception for an error.</summary>
    /// <param name="statusCode">The HTTP status.</param>
    /// <param name="error">The parsed error, if any.</param>
    /// <param name="headers">The response headers, for the request id.</param>
    /// <param name="retryAfter">The delay the vendor asked for in a header, if any; otherwise the body's (<see cref="VendorError.RetryAfter"/>).</param>
    /// <param name="innerException">The cause, if any.</param>
    /// <returns>The exception.</returns>
    public LlmRequestException CreateException(int statusCode, VendorError? error, HttpResponseHeaders? headers = null, TimeSpan? retryAfter = null, Exception? innerException = null)
    {
        var kind = Classify(statusCode, error);
        var requestId = error?.RequestId ?? FindRequestId(headers);
        return new LlmRequestException(
            ProviderName,
            kind,
            statusCode,
            error?.Code,
            Redaction.RedactMessage(error?.Message),
            requestId,
            IsTransient(statusCode, kind, error),
            retryAfter ?? error?.RetryAfter,
            innerException);
    }

    /// <summary>Finds the request id in the headers named by <see cref="RequestIdHeaders"/>.</summary>
    /// <param name="headers">The headers.</param>
    /// <returns>The request id, or null.</returns>
    public string? FindRequestId(HttpResponseHeaders? headers)
    {
        if (headers is null)
        {
            return null;
        }

        foreach (var name in RequestIdHeaders)
        {
            if (headers.TryGetValues(name, out var values))
            {
                foreach (var value in values)
                {
                    if (!string.IsNullOrEmpty(value))
                    {
                        return value;
                    }
                }
            }
        }

        return null;
    }
}
