using System.Text;
using System.Text.Json;

namespace LlmClients.HuggingFace;

/// <summary>
/// Hugging Face errors. TEI answers <c>{"error": "...", "error_type": "Validation"}</c> (PascalCase types; an over-size batch is
/// 422, an exhausted permit pool 429 <c>Overloaded</c>, a model mismatch 424 <c>Backend</c>); its OpenAI-compatible route
/// answers <c>{"message", "code", "type"}</c>; the serverless API answers <c>{"error": "..."}</c> or <c>{"error": ["..."]}</c>, and a
/// model that is still loading 503 with <c>"estimated_time"</c> in seconds, which becomes <see cref="VendorError.RetryAfter"/>
/// so the retry handler waits that long (up to its cap). axum answers 413/415/400/422 in plain text and a wrong TEI
/// <c>--api-key</c> 401 with an empty body: the text (or the status) is the message.
/// </summary>
internal sealed class HuggingFaceErrorMapper : VendorErrorMapper
{
    private const int MaxTextMessage = 300;

    /// <summary>Gets the shared instance (the handler is stateless).</summary>
    public static HuggingFaceErrorMapper Instance { get; } = new();

    /// <inheritdoc />
    public override string ProviderName => HuggingFaceSettings.ProviderName;

    /// <inheritdoc />
    /// <remarks>huggingface_hub reads <c>X-Request-Id</c>, then the AWS trace ids the router's front sets. TEI sends none.</remarks>
    public override IReadOnlyList<string> RequestIdHeaders { get; } = ["x-request-id", "x-amzn-trace-id", "x-amz-cf-id"];

    /// <inheritdoc />
    public override VendorError? ParseError(int statusCode, ReadOnlySpan<byte> body)
    {
        // A JSON object that is not an envelope (or does not parse) is read as text below, like any other body.
        if (TryReadEnvelope(body, HuggingFaceJsonContext.Default.HuggingFaceErrorBody, out var envelope) && FromEnvelope(envelope) is { } parsed)
        {
            return parsed;
        }

        var trimmed = body.Trim(" \t\r\n"u8);
        if (statusCode < 400)
        {
            return null;
        }

        // Quirk: axum's rejections (413 payload too large, 415 missing content type, 400/422 bad JSON) are plain text.
        var text = trimmed.IsEmpty ? null : Encoding.UTF8.GetString(trimmed[..Math.Min(trimmed.Length, MaxTextMessage * 4)]);
        return new VendorError(null, text is { Length: > MaxTextMessage } ? text[..MaxTextMessage] + "..." : text);
    }

    /// <inheritdoc />
    public override LlmErrorKind Classify(int statusCode, VendorError? error) => error?.Code switch
    {
        "Overloaded" => LlmErrorKind.RateLimited,
        "Validation" when IsTooManyTokens(error.Message) => LlmErrorKind.ContextTooLong,
        "Validation" or "Tokenizer" or "Empty" => LlmErrorKind.InvalidRequest,
        "Backend" or "Unhealthy" => LlmErrorKind.ServerError,

        // The credit-based billing of Inference Providers; the exact status for exhausted credits is not documented.
        _ when statusCode == 402 => LlmErrorKind.QuotaExhausted,
        _ => base.Classify(statusCode, error),
    };

    /// <inheritdoc />
    public override bool IsTransient(int statusCode, LlmErrorKind kind, VendorError? error)
        => error?.Code != "Backend" && kind != LlmErrorKind.QuotaExhausted && kind != LlmErrorKind.Authentication && kind != LlmErrorKind.ContextTooLong
           && base.IsTransient(statusCode, kind, error);

    /// <summary>Reads the message, type and wait of any of the envelopes; null when it holds none of them.</summary>
    private static VendorError? FromEnvelope(HuggingFaceErrorBody envelope)
    {
        var message = envelope.Error switch
        {
            { ValueKind: JsonValueKind.String } e => e.GetString(),

            // Quirk: the serverless API sends a list of messages for validation errors.
            { ValueKind: JsonValueKind.Array } e => string.Join("; ", e.EnumerateArray().Select(item => item.ValueKind == JsonValueKind.String ? item.GetString() : item.GetRawText())),
            { ValueKind: JsonValueKind.Object } e => e.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString() : e.GetRawText(),
            _ => null,
        } ?? envelope.Message ?? envelope.ErrorDescription
          ?? (envelope.Errors is { Count: > 0 } errors ? string.Join("; ", errors.Select(e => e.Message).Where(m => !string.IsNullOrEmpty(m))) : null);

        // estimated_time is in (fractional) seconds; absurd values are ignored rather than overflowing TimeSpan.
        TimeSpan? wait = envelope.EstimatedTime is double seconds && double.IsFinite(seconds) && seconds >= 0 && seconds < 1e7 ? TimeSpan.FromSeconds(seconds) : null;
        var code = envelope.ErrorType ?? envelope.Type;
        return message is null && code is null && wait is null ? null : new VendorError(code, message, RetryAfter: wait);
    }

    // TEI: "Input validation error: `inputs` must have less than 512 tokens. Given: 600".
    private static bool IsTooManyTokens(string? message)
        => message is not null && message.Contains("must have less than", StringComparison.Ordinal) && message.Contains("tokens", StringComparison.Ordinal);
}
