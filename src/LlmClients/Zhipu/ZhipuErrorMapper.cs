using System.Globalization;

namespace LlmClients.Zhipu;

/// <summary>
/// Zhipu errors: <c>{"error":{"code":"1301","message":"..."}}</c>, the OpenAI envelope with a numeric string code, so the
/// OpenAI parser reads it; classification follows Zhipu's code table first and the HTTP status second.
/// </summary>
internal sealed class ZhipuErrorMapper() : OpenAIErrorMapper(ZhipuRegistration.Vendor)
{
    /// <summary>Gets the shared instance (the handler is stateless).</summary>
    public static ZhipuErrorMapper Instance { get; } = new();

    /// <inheritdoc />
    /// <remarks>
    /// Quirk: a FAIL async-task result (<c>"task_status":"FAIL"</c> with an <c>error</c> object) is a task, not a failed call:
    /// the async client reports it with its task id.
    /// </remarks>
    public override VendorError? ParseSuccessBodyError(int statusCode, ReadOnlySpan<byte> body)
        => body.IndexOf("\"task_status\""u8) >= 0 ? null : base.ParseSuccessBodyError(statusCode, body);

    /// <summary>Maps a Zhipu code (docs.bigmodel.cn/cn/api/api-code) to a kind, or null to fall back on the status.</summary>
    /// <param name="code">The string code.</param>
    /// <returns>The kind, or null.</returns>
    public static LlmErrorKind? FromCode(string? code)
    {
        if (!int.TryParse(code, NumberStyles.None, CultureInfo.InvariantCulture, out var n))
        {
            return null;
        }

        return n switch
        {
            >= 1000 and <= 1004 => LlmErrorKind.Authentication,

            // Quirk: 1113 (arrears) arrives as HTTP 429 but is not a rate limit; never retried.
            1113 or 1304 or (>= 1308 and <= 1313) => LlmErrorKind.QuotaExhausted,
            (>= 1110 and <= 1121) or 1220 => LlmErrorKind.PermissionDenied,
            1211 or 1221 or 1222 => LlmErrorKind.NotFound,
            1261 => LlmErrorKind.ContextTooLong,
            1301 => LlmErrorKind.ContentFiltered,
            1302 or 1303 or 1305 => LlmErrorKind.RateLimited,
            500 or 1234 => LlmErrorKind.ServerError,
            _ => null,
        };
    }

    /// <inheritdoc />
    public override LlmErrorKind Classify(int statusCode, VendorError? error)
        => FromCode(error?.Code) ?? base.Classify(statusCode, error);
}
