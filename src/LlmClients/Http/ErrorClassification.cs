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

    /// <summary>
    /// Says whether an error is a context-length overflow named by its type, code or message, whatever its status:
    /// OpenAI's <c>context_length_exceeded</c>, llama.cpp's <c>exceed_context_size_error</c> (also inside an HTTP 200 stream
    /// or as "Context size has been exceeded" at HTTP 500), and the usual wordings of vLLM and others.
    /// </summary>
    /// <param name="error">The parsed error, if any.</param>
    /// <returns>True for a context-length overflow.</returns>
    public static bool IsContextOverflow(VendorError? error)
    {
        if (error is null)
        {
            return false;
        }

        if (Names(error.Type) || Names(error.Code))
        {
            return true;
        }

        var message = error.Message;
        return message is not null
               && (message.Contains("exceeds the available context size", StringComparison.OrdinalIgnoreCase)
                   || message.Contains("context size has been exceeded", StringComparison.OrdinalIgnoreCase)
                   || message.Contains("maximum context length", StringComparison.OrdinalIgnoreCase)
                   || message.Contains("context length exceeded", StringComparison.OrdinalIgnoreCase)
                   || message.Contains("context window exceeded", StringComparison.OrdinalIgnoreCase));

        static bool Names(string? value)
            => value is not null
               && (value.Equals("exceed_context_size_error", StringComparison.OrdinalIgnoreCase)
                   || value.Equals("context_length_exceeded", StringComparison.OrdinalIgnoreCase)
                   || value.Equals("context_window_exceeded", StringComparison.OrdinalIgnoreCase));
    }
}
