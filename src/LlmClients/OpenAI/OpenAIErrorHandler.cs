using System.Text.Json;
using LlmClients.Http;

namespace LlmClients.OpenAI;

/// <summary>Errors of OpenAI and OpenAI-compatible servers: <c>{"error":{"message","type","param","code"}}</c>.</summary>
/// <param name="providerName">The provider name to report (<c>"openai"</c>, or the vendor behind a compatible endpoint).</param>
internal class OpenAIErrorHandler(string providerName) : VendorErrorHandler
{
    /// <inheritdoc />
    public override string ProviderName { get; } = providerName;

    /// <inheritdoc />
    public override IReadOnlyList<string> RequestIdHeaders { get; } = ["x-request-id", "X-Request-Id", "x-dashscope-request-id"];

    /// <inheritdoc />
    public override VendorError? ParseError(int statusCode, ReadOnlySpan<byte> body)
    {
        if (body.IsEmpty || body.TrimStart((byte)' ')[0] != (byte)'{')
        {
            return statusCode >= 400 ? new VendorError(null, null) : null;
        }

        OpenAIErrorEnvelope? envelope;
        try
        {
            envelope = JsonSerializer.Deserialize(body, OpenAIJsonContext.Default.OpenAIErrorEnvelope);
        }
        catch (JsonException)
        {
            return statusCode >= 400 ? new VendorError(null, null) : null;
        }

        if (envelope?.Error is { } error)
        {
            return new VendorError(CodeText(error.Code) ?? error.Type, error.Message, envelope.RequestId ?? envelope.Id, error.Type);
        }

        if (envelope?.Code is { } code && CodeText(code) is { } flat)
        {
            return new VendorError(flat, envelope.Message, envelope.RequestId ?? envelope.Id);
        }

        return statusCode >= 400 ? new VendorError(null, envelope?.Message, envelope?.RequestId) : null;
    }

    /// <inheritdoc />
    public override LlmErrorKind Classify(int statusCode, VendorError? error)
    {
        var code = error?.Code?.ToUpperInvariant() ?? string.Empty;
        var type = error?.Type?.ToUpperInvariant() ?? string.Empty;
        if (code is "INSUFFICIENT_QUOTA" or "ARREARAGE" || type is "INSUFFICIENT_QUOTA" or "ARREARAGE")
        {
            return LlmErrorKind.QuotaExhausted;
        }

        if (code is "INVALID_API_KEY" or "INVALID_IAM_TOKEN" || type == "AUTHENTICATION_ERROR")
        {
            return LlmErrorKind.Authentication;
        }

        if (code.Contains("CONTEXT_LENGTH", StringComparison.Ordinal) || code is "TOKENS_TOO_LONG" or "CHARACTERS_TOO_LONG")
        {
            return LlmErrorKind.ContextTooLong;
        }

        if (code.Contains("DATA_INSPECTION", StringComparison.Ordinal) || code.Contains("CONTENT_FILTER", StringComparison.Ordinal) || code is "UNSAFE_REQUEST" or "IMAGE_URL_UNSAFE" or "DATAINSPECTIONFAILED")
        {
            return LlmErrorKind.ContentFiltered;
        }

        if (code is "LIMIT_REQUESTS" or "RATE_LIMIT_EXCEEDED" or "RPM_RATE_LIMIT_EXCEEDED" or "TPM_RATE_LIMIT_EXCEEDED")
        {
            return LlmErrorKind.RateLimited;
        }

        if (code is "MODEL_NOT_FOUND" or "INVALID_MODEL")
        {
            return LlmErrorKind.NotFound;
        }

        if (statusCode is >= 200 and < 300)
        {
            // An error inside a 200 stream has no status of its own: the type says what it is.
            return type switch
            {
                "SERVER_ERROR" or "API_ERROR" => LlmErrorKind.ServerError,
                "RATE_LIMIT_ERROR" or "REQUESTS" or "TOKENS" => LlmErrorKind.RateLimited,
                "INVALID_REQUEST_ERROR" => LlmErrorKind.InvalidRequest,
                _ => code is "SERVER_ERROR" or "INTERNAL_ERROR" ? LlmErrorKind.ServerError : LlmErrorKind.Unknown,
            };
        }

        return base.Classify(statusCode, error);
    }

    /// <inheritdoc />
    public override bool IsTransient(int statusCode, LlmErrorKind kind, VendorError? error)
        => kind != LlmErrorKind.QuotaExhausted && kind != LlmErrorKind.ContentFiltered && kind != LlmErrorKind.Authentication
           && base.IsTransient(statusCode, kind, error);

    private static string? CodeText(JsonElement? code) => code?.ValueKind switch
    {
        JsonValueKind.String => code.Value.GetString(),
        JsonValueKind.Number => code.Value.GetRawText(),
        _ => null,
    };
}
