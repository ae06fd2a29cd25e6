using System.Text.Json;

namespace LlmClients.OpenAICompatible;

/// <summary>
/// Errors of OpenAI and OpenAI-compatible servers: <c>{"error":{"message","type","param","code"}}</c> (or a flat
/// <c>{"code","message"}</c>), classified by OpenAI's own codes and types. Vendors speaking this wire derive from it to add
/// their codes and request-id headers.
/// </summary>
/// <param name="providerName">The provider name to report (<c>"openai"</c>, or the vendor behind a compatible endpoint).</param>
internal class OpenAIErrorMapper(string providerName) : VendorErrorMapper
{
    /// <inheritdoc />
    public override string ProviderName { get; } = providerName;

    /// <inheritdoc />
    public override IReadOnlyList<string> RequestIdHeaders { get; } = ["x-request-id"];

    /// <inheritdoc />
    public override VendorError? ParseError(int statusCode, ReadOnlySpan<byte> body)
    {
        if (!TryReadEnvelope(body, OpenAIJsonContext.Default.OpenAIErrorEnvelope, out var envelope))
        {
            return Unreadable(statusCode);
        }

        if (envelope.Error is { } error)
        {
            // Quirk: gateways that committed a 200 (OpenRouter) and llama.cpp put the real HTTP status in error.code.
            return new VendorError(CodeText(error.Code) ?? error.Type, error.Message, envelope.RequestId ?? envelope.Id, error.Type, StatusIn(error.Code));
        }

        // Quirk: vLLM (behind RunPod) answers {"object":"error","code":404,"message":...,"type":"NotFoundError"}, even at HTTP 200.
        if (envelope.Code is { } code && CodeText(code) is { } flat)
        {
            return new VendorError(flat, envelope.Message, envelope.RequestId ?? envelope.Id, envelope.Type, StatusIn(code));
        }

        if (string.Equals(envelope.Object, "error", StringComparison.Ordinal))
        {
            return new VendorError(envelope.Type, envelope.Message, envelope.RequestId ?? envelope.Id, envelope.Type);
        }

        return statusCode >= 400 ? new VendorError(null, envelope.Message, envelope.RequestId) : null;
    }

    /// <inheritdoc />
    public override LlmErrorKind Classify(int statusCode, VendorError? error)
    {
        var code = error?.Code?.ToUpperInvariant() ?? string.Empty;
        var type = error?.Type?.ToUpperInvariant() ?? string.Empty;
        if (code == "INSUFFICIENT_QUOTA" || type == "INSUFFICIENT_QUOTA")
        {
            return LlmErrorKind.QuotaExhausted;
        }

        if (code == "INVALID_API_KEY" || type == "AUTHENTICATION_ERROR")
        {
            return LlmErrorKind.Authentication;
        }

        if (code.Contains("CONTEXT_LENGTH", StringComparison.Ordinal))
        {
            return LlmErrorKind.ContextTooLong;
        }

        if (code.Contains("CONTENT_FILTER", StringComparison.Ordinal))
        {
            return LlmErrorKind.ContentFiltered;
        }

        if (code == "RATE_LIMIT_EXCEEDED")
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

    private static int? StatusIn(JsonElement? code)
        => code is { ValueKind: JsonValueKind.Number } number && number.TryGetInt32(out var status) && status is >= 100 and <= 599 ? status : null;

    private static string? CodeText(JsonElement? code) => code?.ValueKind switch
    {
        JsonValueKind.String => code.Value.GetString(),
        JsonValueKind.Number => code.Value.GetRawText(),
        _ => null,
    };
}
