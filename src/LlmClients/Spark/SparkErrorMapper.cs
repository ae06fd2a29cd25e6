using System.Globalization;
using System.Text.Json;

namespace LlmClients.Spark;

/// <summary>
/// Spark errors. Chat bodies and stream chunks carry <c>{code, message, sid}</c> whatever the HTTP status, success being
/// <c>code: 0</c>, so 2xx bodies are checked too; embeddings put the same fields in <c>header</c>; the gateway answers
/// auth failures with OpenAI's <c>{"error":{...}}</c> or, for signed URLs, a bare <c>{"message": "..."}</c>. The
/// <c>sid</c> is the request id iFlytek support asks for. Codes are classified by iFlytek's HTTP code table first and the
/// status second.
/// </summary>
internal sealed class SparkErrorMapper() : OpenAIErrorMapper(Provider)
{
    /// <summary>The provider name in metadata and errors.</summary>
    public const string Provider = "spark";

    /// <summary>Gets the shared instance (the handler is stateless).</summary>
    public static SparkErrorMapper Instance { get; } = new();

    /// <inheritdoc />
    public override bool ErrorsInSuccessBodies => true;

    /// <summary>Maps a Spark code (websdk-java <c>sparkchat.md</c> code tables) to a kind, or null to fall back on the status.</summary>
    /// <param name="code">The numeric code as text.</param>
    /// <returns>The kind, or null.</returns>
    public static LlmErrorKind? FromCode(string? code)
    {
        if (!int.TryParse(code, NumberStyles.None, CultureInfo.InvariantCulture, out var n))
        {
            return null;
        }

        return n switch
        {
            // 10007: the user's previous answer is still running (flow-limited); 11202/11203: per-second and concurrency control.
            10007 or 11202 or 11203 => LlmErrorKind.RateLimited,

            // 11200: the appId is not authorised for the feature, or its token quota is spent (AppIdNoAuthError: tokens.total);
            // 11201: the daily limit. Neither clears by retrying.
            11200 or 11201 => LlmErrorKind.QuotaExhausted,

            // Input, output and session content-safety rejections: final.
            10013 or 10014 or 10019 => LlmErrorKind.ContentFiltered,
            10907 => LlmErrorKind.ContextTooLong,

            // Message, schema and parameter errors (10003-10005), and 10163 (request parameter check failed).
            10003 or 10004 or 10005 or 10163 => LlmErrorKind.InvalidRequest,

            // 10110: the service is busy; 10222: the engine's network failed.
            10110 or 10222 => LlmErrorKind.ServerError,
            _ => null,
        };
    }

    /// <inheritdoc />
    public override VendorError? ParseError(int statusCode, ReadOnlySpan<byte> body)
    {
        if (!TryReadEnvelope(body, SparkJsonContext.Default.SparkErrorEnvelope, out var envelope))
        {
            return Unreadable(statusCode);
        }

        if (envelope.Error is { } error)
        {
            return new VendorError(CodeText(error.Code) ?? error.Type, error.Message, envelope.Sid, error.Type);
        }

        // Quirk: success is code 0; any other code is an error even at HTTP 200.
        var (code, message, sid) = envelope.Header is { } header ? (header.Code, header.Message, header.Sid) : (envelope.Code, envelope.Message, envelope.Sid);
        var codeText = CodeText(code);
        if (codeText is not null && codeText != "0")
        {
            return new VendorError(codeText, message, sid);
        }

        return statusCode >= 400 ? new VendorError(null, message ?? envelope.Message, sid) : null;
    }

    /// <inheritdoc />
    public override LlmErrorKind Classify(int statusCode, VendorError? error)
        => FromCode(error?.Code) ?? base.Classify(statusCode, error);

    /// <inheritdoc />
    public override bool IsTransient(int statusCode, LlmErrorKind kind, VendorError? error)
        => FromCode(error?.Code) is { } known
            ? known == LlmErrorKind.RateLimited || known == LlmErrorKind.ServerError
            : base.IsTransient(statusCode, kind, error);

    private static string? CodeText(JsonElement? code) => code?.ValueKind switch
    {
        JsonValueKind.String => code.Value.GetString(),
        JsonValueKind.Number => code.Value.GetRawText(),
        _ => null,
    };
}
