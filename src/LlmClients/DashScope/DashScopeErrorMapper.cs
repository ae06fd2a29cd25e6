using System.Globalization;
using System.Text.Json;

namespace LlmClients.DashScope;

/// <summary>
/// DashScope errors: native <c>{"code","message"|"msg","request_id"}</c> bodies and stream events, and compatible-mode
/// OpenAI-shaped <c>{"error":{...},"request_id"}</c> bodies (parsed by the composed <see cref="OpenAIErrorMapper"/>).
/// </summary>
internal sealed class DashScopeErrorMapper : VendorErrorMapper
{
    private readonly OpenAIErrorMapper _compatible = new(DashScopeSettings.ProviderName);

    /// <summary>Gets the shared instance (the handler is stateless).</summary>
    public static DashScopeErrorMapper Instance { get; } = new();

    /// <inheritdoc />
    public override string ProviderName => DashScopeSettings.ProviderName;

    /// <inheritdoc />
    public override IReadOnlyList<string> RequestIdHeaders { get; } = ["X-Request-ID", "x-dashscope-request-id"];

    /// <inheritdoc />
    public override VendorError? ParseError(int statusCode, ReadOnlySpan<byte> body)
    {
        if (!TryReadEnvelope(body, DashScopeJsonContext.Default.DashScopeErrorBody, out var parsed))
        {
            return Unreadable(statusCode);
        }

        if (parsed.Error is { ValueKind: JsonValueKind.Object } || parsed.Code is { ValueKind: JsonValueKind.Number })
        {
            return _compatible.ParseError(statusCode, body);
        }

        // Quirk: the Python SDK also accepts "msg" in place of "message".
        var message = parsed.Message ?? parsed.Msg;
        var code = parsed.Code is { ValueKind: JsonValueKind.String } text ? text.GetString() : null;
        if (!string.IsNullOrEmpty(code))
        {
            return new VendorError(code, message, parsed.RequestId);
        }

        return statusCode >= 400 ? new VendorError(null, message, parsed.RequestId) : null;
    }

    /// <inheritdoc />
    public override LlmErrorKind Classify(int statusCode, VendorError? error)
    {
        var code = error?.Code ?? string.Empty;
        if (code.Length == 0)
        {
            return base.Classify(statusCode, error);
        }

        if (code.StartsWith("Throttling", StringComparison.OrdinalIgnoreCase))
        {
            return LlmErrorKind.RateLimited;
        }

        if (code.Equals("Arrearage", StringComparison.OrdinalIgnoreCase) || code.Contains("Quota", StringComparison.OrdinalIgnoreCase))
        {
            return LlmErrorKind.QuotaExhausted;
        }

        if (code.Contains("DataInspection", StringComparison.OrdinalIgnoreCase) || code.Contains("data_inspection", StringComparison.OrdinalIgnoreCase))
        {
            return LlmErrorKind.ContentFiltered;
        }

        if (code.Equals("InvalidApiKey", StringComparison.OrdinalIgnoreCase))
        {
            return LlmErrorKind.Authentication;
        }

        if (code.StartsWith("AccessDenied", StringComparison.OrdinalIgnoreCase))
        {
            return LlmErrorKind.PermissionDenied;
        }

        if (code.Equals("ModelNotFound", StringComparison.OrdinalIgnoreCase))
        {
            return LlmErrorKind.NotFound;
        }

        if (code.Equals("RequestTimeOut", StringComparison.OrdinalIgnoreCase))
        {
            return LlmErrorKind.Timeout;
        }

        if (code.StartsWith("InternalError", StringComparison.OrdinalIgnoreCase) || code.Equals("ModelUnavailable", StringComparison.OrdinalIgnoreCase) || code.Equals("ModelServingError", StringComparison.OrdinalIgnoreCase))
        {
            return LlmErrorKind.ServerError;
        }

        if (code.StartsWith("InvalidParameter", StringComparison.OrdinalIgnoreCase) || code.StartsWith("BadRequest", StringComparison.OrdinalIgnoreCase)
            || code is "InvalidURL" or "UnsupportedOperation")
        {
            // "Range of input length should be [1, 30000]" is how the native API says the prompt is too long.
            return error?.Message?.Contains("input length", StringComparison.OrdinalIgnoreCase) == true ? LlmErrorKind.ContextTooLong : LlmErrorKind.InvalidRequest;
        }

        // Compatible-mode codes: DashScope's own in snake case, then the OpenAI ones (invalid_api_key, ...).
        if (code.Equals("limit_requests", StringComparison.OrdinalIgnoreCase))
        {
            return LlmErrorKind.RateLimited;
        }

        if (code.Equals("IMAGE_URL_UNSAFE", StringComparison.OrdinalIgnoreCase))
        {
            return LlmErrorKind.ContentFiltered;
        }

        return _compatible.Classify(statusCode, error);
    }

    /// <inheritdoc />
    public override bool IsTransient(int statusCode, LlmErrorKind kind, VendorError? error)
        => kind != LlmErrorKind.QuotaExhausted && kind != LlmErrorKind.ContentFiltered && kind != LlmErrorKind.Authentication
           && kind != LlmErrorKind.InvalidRequest && kind != LlmErrorKind.ContextTooLong && kind != LlmErrorKind.PermissionDenied
           && base.IsTransient(statusCode, kind, error);

    /// <summary>Reads the status DashScope puts in the SSE comment line <c>:HTTP_STATUS/400</c>.</summary>
    /// <param name="comment">The last comment line, without its colon.</param>
    /// <returns>The status, or null when the comment is not a status.</returns>
    public static int? StatusFromComment(string? comment)
    {
        const string Prefix = "HTTP_STATUS/";
        var text = comment?.Trim();
        return text is not null && text.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase)
               && int.TryParse(text.AsSpan(Prefix.Length), NumberStyles.Integer, CultureInfo.InvariantCulture, out var status) && status is >= 100 and <= 599
            ? status
            : null;
    }

    /// <summary>The HTTP status DashScope uses for a code, for stream errors that arrive without a status comment.</summary>
    /// <param name="code">The vendor code.</param>
    /// <returns>The status.</returns>
    public static int StatusForCode(string? code) => code switch
    {
        null or "" => 500,
        "InvalidApiKey" => 401,
        _ when code.StartsWith("Throttling", StringComparison.OrdinalIgnoreCase) => 429,
        _ when code.StartsWith("AccessDenied", StringComparison.OrdinalIgnoreCase) => 403,
        "ModelNotFound" => 404,
        "RequestTimeOut" => 408,
        "BadRequest.TooLarge" => 413,
        "ModelUnavailable" => 503,
        _ when code.StartsWith("InternalError", StringComparison.OrdinalIgnoreCase) => 500,
        _ => 400,
    };

    /// <summary>Parses an <c>event:error</c> frame of a 200 stream (or a JSON error body in place of the stream).</summary>
    /// <param name="item">The event.</param>
    /// <returns>The status the error stands for and the error.</returns>
    public (int Status, VendorError Error) ParseStreamError(SseEvent item)
    {
        var error = ParseError(500, item.Utf8Data.Span) ?? new VendorError(null, null);

        // The comment is this event's own (SseEvent.LastComment is per event); a success status on an error event says
        // nothing about the failure, so the code table decides then.
        int status = StatusFromComment(item.LastComment) is int s and >= 400 ? s : StatusForCode(error.Code);
        return (status, error);
    }

    /// <summary>Builds the exception for an <c>event:error</c> frame of a 200 stream.</summary>
    /// <param name="item">The event.</param>
    /// <param name="headerRequestId">The request id from the response headers.</param>
    /// <returns>The exception.</returns>
    public LlmRequestException StreamError(SseEvent item, string? headerRequestId)
    {
        var (status, error) = ParseStreamError(item);
        return CreateException(status, error with { RequestId = error.RequestId ?? headerRequestId });
    }
}
