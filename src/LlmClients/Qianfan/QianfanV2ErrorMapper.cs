
namespace LlmClients.Qianfan;

/// <summary>
/// Qianfan v2 errors: the OpenAI envelope, with Baidu's own codes (IAM token, per-minute request and token limits,
/// input too long, unsafe input) classified before the OpenAI ones.
/// </summary>
internal sealed class QianfanV2ErrorMapper() : OpenAIErrorMapper(QianfanRegistration.Vendor)
{
    /// <summary>Gets the shared instance (the handler is stateless).</summary>
    public static QianfanV2ErrorMapper Instance { get; } = new();

    /// <inheritdoc />
    /// <remarks>Quirk: v2 answers carry the request id in <c>X-Baidu-Request-Id</c>, as v1 does; <c>X-Request-Id</c> only echoes one the client sent.</remarks>
    public override IReadOnlyList<string> RequestIdHeaders { get; } = ["X-Baidu-Request-Id", "X-Request-Id"];

    /// <inheritdoc />
    public override LlmErrorKind Classify(int statusCode, VendorError? error)
    {
        var code = error?.Code?.ToUpperInvariant() ?? string.Empty;
        return code switch
        {
            "INVALID_IAM_TOKEN" => LlmErrorKind.Authentication,
            "TOKENS_TOO_LONG" or "CHARACTERS_TOO_LONG" => LlmErrorKind.ContextTooLong,
            "UNSAFE_REQUEST" => LlmErrorKind.ContentFiltered,
            "RPM_RATE_LIMIT_EXCEEDED" or "TPM_RATE_LIMIT_EXCEEDED" => LlmErrorKind.RateLimited,
            _ => base.Classify(statusCode, error),
        };
    }
}
