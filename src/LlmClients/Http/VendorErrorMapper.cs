using System.Net.Http.Headers;

namespace LlmClients.Http;

/// <summary>
/// What the shared plumbing asks of a vendor about errors: how to find an error envelope in a body,
/// how to classify it, and whether it is worth retrying. The plumbing itself never names a vendor.
/// </summary>
internal abstract class VendorErrorMapper
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

    /// <summary>
    /// Decides status, kind and retryability of an error, the same way for the retry handler and for the exception:
    /// at a 2xx status the status a server wrote in the body wins (vLLM's flat <c>{"object":"error","code":404}</c>,
    /// a gateway's <c>{"error":{"code":502}}</c> after it committed the 200); a context-length overflow named by its
    /// type or message (llama.cpp's <c>exceed_context_size_error</c>, "Context size has been exceeded" at 500) is
    /// <see cref="LlmErrorKind.ContextTooLong"/> and never transient, whatever the status.
    /// </summary>
    /// <param name="httpStatus">The HTTP status of the response.</param>
    /// <param name="error">The parsed error, if any.</param>
    /// <returns>The status to report, the kind, and whether retrying may help.</returns>
    public (int Status, LlmErrorKind Kind, bool Transient) Evaluate(int httpStatus, VendorError? error)
    {
        int status = httpStatus is >= 200 and < 300 && error?.Status is int inBody ? inBody : httpStatus;
        var kind = ErrorClassification.IsContextOverflow(error) ? LlmErrorKind.ContextTooLong : Classify(status, error);
        return (status, kind, kind != LlmErrorKind.ContextTooLong && IsTransient(status, kind, error));
    }

    /// <summary>Builds the typed exception for an error.</summary>
    /// <param name="statusCode">The HTTP status.</param>
    /// <param name="error">The parsed error, if any.</param>
    /// <param name="headers">The response headers, for the request id.</param>
    /// <param name="retryAfter">The delay the vendor asked for in a header, if any; otherwise the body's (<see cref="VendorError.RetryAfter"/>).</param>
    /// <param name="innerException">The cause, if any.</param>
    /// <param name="advice">Our own note (what happened to the body, what to change), appended to the message; never the vendor's words.</param>
    /// <returns>The exception.</returns>
    public LlmRequestException CreateException(int statusCode, VendorError? error, HttpResponseHeaders? headers = null, TimeSpan? retryAfter = null, Exception? innerException = null, string? advice = null)
    {
        var (status, kind, transient) = Evaluate(statusCode, error);
        var requestId = error?.RequestId ?? FindRequestId(headers);
        return new LlmRequestException(
            ProviderName,
            kind,
            status,
            Redaction.RedactMessage(error?.Code),
            Redaction.RedactMessage(error?.Message),
            requestId,
            transient,
            retryAfter ?? error?.RetryAfter,
            innerException,
            Redaction.RedactMessage(advice));
    }

    /// <summary>
    /// Reads an error envelope from a 2xx body: null for anything that is not a JSON object naming an error, so a
    /// success is parsed as usual. A quick byte scan first: only bodies with an <c>"error</c> or <c>"code"</c> key are parsed twice.
    /// </summary>
    /// <param name="statusCode">The 2xx status.</param>
    /// <param name="body">The body.</param>
    /// <returns>The error, or null.</returns>
    public virtual VendorError? ParseSuccessBodyError(int statusCode, ReadOnlySpan<byte> body)
        => body.IndexOf("\"error"u8) >= 0 || body.IndexOf("\"code\""u8) >= 0 ? ParseError(statusCode, body) : null;

    /// <summary>
    /// Reads an error body as <typeparamref name="T"/>: false when the body is not a JSON object (after leading white space)
    /// or does not parse, which <see cref="Unreadable"/> then answers.
    /// </summary>
    /// <typeparam name="T">The vendor's error envelope.</typeparam>
    /// <param name="body">The body, however broken.</param>
    /// <param name="typeInfo">The envelope's JSON metadata.</param>
    /// <param name="value">The envelope, when the result is true.</param>
    /// <returns>True when the body parsed into an envelope.</returns>
    protected static bool TryReadEnvelope<T>(ReadOnlySpan<byte> body, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> typeInfo, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out T? value)
        where T : class
    {
        value = null;
        var json = JsonObjectStart(body);
        if (json.IsEmpty)
        {
            return false;
        }

        try
        {
            value = System.Text.Json.JsonSerializer.Deserialize(json, typeInfo);
        }
        catch (System.Text.Json.JsonException)
        {
            return false;
        }

        return value is not null;
    }

    /// <summary>The error of a body nothing could be read from: an error with no code or message for an error status, none for a success.</summary>
    /// <param name="statusCode">The HTTP status.</param>
    /// <returns>The error, or null.</returns>
    protected static VendorError? Unreadable(int statusCode) => statusCode >= 400 ? new VendorError(null, null) : null;

    /// <summary>Returns the body without leading JSON white space when it starts a JSON object, else an empty span.</summary>
    /// <param name="body">The body, however broken (empty, white space only, not JSON, truncated).</param>
    /// <returns>The body from its <c>{</c>, or empty.</returns>
    protected static ReadOnlySpan<byte> JsonObjectStart(ReadOnlySpan<byte> body)
    {
        // Quirk: some servers (DeepSeek while a request waits) send blank lines before the JSON body.
        var trimmed = body.TrimStart(" \t\r\n"u8);
        return !trimmed.IsEmpty && trimmed[0] == (byte)'{' ? trimmed : default;
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

        // The raw values: no parsed copy of the header store per call (request ids are opaque tokens).
        // By index: a foreach over the IReadOnlyList would box an enumerator per call.
        var names = RequestIdHeaders;
        for (int i = 0; i < names.Count; i++)
        {
            if (headers.NonValidated.TryGetValues(names[i], out var values))
            {
                foreach (var raw in values)
                {
                    if (raw?.Trim() is { Length: > 0 } value)
                    {
                        return value;
                    }
                }
            }
        }

        return null;
    }
}
