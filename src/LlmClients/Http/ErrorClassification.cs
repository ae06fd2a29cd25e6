namespace LlmClients.Http;

/// <summary>Status-based defaults shared by every vendor's classifier.</summary>
internal static class ErrorClassification
{
    /// <summary>Maps an HTTP status to a neutral kind.</summary>
    /// <param name="statusCode">The status.</param>
    /// <returns>The kind.</returns>
    public static LlmErrorKind FromStatus(int statusCode) => statusCode switch
    {
        400 or 409 or 413 or 415 or 422 => LlmErrorKind.InvalidRequest,
        401 => LlmErrorKind.Authentication,
        403 => LlmErrorKind.PermissionDenied,
        404 => LlmErrorKind.NotFound,
        408 => LlmErrorKind.Timeout,
        429 => LlmErrorKind.RateLimited,
        >= 500 => LlmErrorKind.ServerError,
        _ => LlmErrorKind.Unknown,
    };
}
