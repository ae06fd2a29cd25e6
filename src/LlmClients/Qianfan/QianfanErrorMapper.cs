using System.Text.Json;

namespace LlmClients.Qianfan;

/// <summary>
/// Errors of Qianfan v1: <c>{"error_code":&lt;int&gt;,"error_msg":"...","id":"as-..."}</c>, usually at HTTP 200
/// (Baidu's v1 error-code table: <c>error_code</c>/<c>error_msg</c> at HTTP 200). The transient codes go through the shared retry; 110/111 are handled by <see cref="QianfanAuthHandler"/>.
/// </summary>
internal sealed class QianfanErrorMapper : VendorErrorMapper
{
    /// <summary>The provider name reported in metadata and errors.</summary>
    public const string Provider = "qianfan";

    /// <summary>Gets the shared instance (the handler is stateless).</summary>
    public static QianfanErrorMapper Instance { get; } = new();

    // [QF] DefaultValue.RetryErrCodes = {2, 336100, 18, 336501, 336502, 15}.
    private static readonly HashSet<string> TransientCodes = ["2", "15", "18", "336100", "336501", "336502"];

    /// <inheritdoc />
    public override string ProviderName => Provider;

    /// <inheritdoc />
    public override IReadOnlyList<string> RequestIdHeaders { get; } = ["X-Baidu-Request-Id", "X-Request-Id"];

    /// <inheritdoc />
    // Quirk: Qianfan v1 reports business errors (rate limits included) with HTTP 200 and an error_code body.
    public override bool ErrorsInSuccessBodies => true;

    /// <summary>Says whether an error means "the access token is invalid (110) or expired (111)": refresh and resend once.</summary>
    /// <param name="error">The error.</param>
    /// <returns>True for 110 and 111.</returns>
    public static bool IsTokenRejected(VendorError? error) => error?.Code is "110" or "111";

    /// <inheritdoc />
    public override VendorError? ParseError(int statusCode, ReadOnlySpan<byte> body)
    {
        if (body.IndexOf("\"error_"u8) < 0 || !TryReadEnvelope(body, QianfanJsonContext.Default.QianfanErrorBody, out var parsed))
        {
            return Unreadable(statusCode);
        }

        var code = parsed.ErrorCode is { } element
            ? element.ValueKind switch
            {
                JsonValueKind.Number => element.GetRawText(),
                JsonValueKind.String => element.GetString(),
                _ => null,
            }
            : null;
        if (code is null || code == "0")
        {
            return statusCode >= 400 ? new VendorError(null, parsed.ErrorMsg, parsed.Id) : null;
        }

        return new VendorError(code, parsed.ErrorMsg, parsed.Id);
    }

    /// <inheritdoc />
    public override LlmErrorKind Classify(int statusCode, VendorError? error) => error?.Code switch
    {
        "110" or "111" or "13" or "14" or "100" => LlmErrorKind.Authentication,
        "6" or "336004" => LlmErrorKind.PermissionDenied,
        "17" or "19" => LlmErrorKind.QuotaExhausted,
        "4" or "18" or "336501" or "336502" => LlmErrorKind.RateLimited,
        "1" or "2" or "15" or "336000" or "336100" => LlmErrorKind.ServerError,
        "3" or "336005" => LlmErrorKind.NotFound,
        "336007" or "336103" => LlmErrorKind.ContextTooLong,
        "336001" or "336002" or "336003" or "336101" or "336104" or "336105" => LlmErrorKind.InvalidRequest,
        _ => base.Classify(statusCode, error),
    };

    /// <inheritdoc />
    public override bool IsTransient(int statusCode, LlmErrorKind kind, VendorError? error)
        => error?.Code is { } code && IsBusinessCode(code)
            ? TransientCodes.Contains(code) // 4 (cluster limit), 17 (daily limit / arrears) and the rest: the SDK does not retry them.
              || (statusCode >= 500 && kind == LlmErrorKind.ServerError) // A server-error code (336000, 1) at HTTP 5xx: the status decides.
            : base.IsTransient(statusCode, kind, error);

    private static bool IsBusinessCode(string code) => code.Length > 0 && code.All(char.IsAsciiDigit);
}
