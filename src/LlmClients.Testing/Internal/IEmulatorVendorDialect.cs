namespace LlmClients.Testing;

/// <summary>
/// How one vendor spells the things the vendor-neutral fault machinery has to send. A route module attaches its dialect
/// to its endpoints as metadata (<c>group.WithMetadata(dialect)</c>); the middleware and the SSE writer read it from there.
/// </summary>
internal interface IEmulatorVendorDialect
{
    /// <summary>Gets the response header that carries the request id. Defaults to OpenAI's <c>x-request-id</c>.</summary>
    string RequestIdHeader => "x-request-id";

    /// <summary>Gets what starts each <c>data</c> line of a stream: <c>"data: "</c> unless the vendor writes it without the space.</summary>
    string DataPrefix => "data: ";

    /// <summary>Gets the SSE frame that ends a successful stream (with its trailing blank line), or null when the vendor sends none.</summary>
    /// <remarks>Defaults to OpenAI's <c>data: [DONE]</c>.</remarks>
    string? StreamTerminator => "data: [DONE]\n\n";

    /// <summary>Returns the vendor's error body for an HTTP error.</summary>
    /// <param name="status">The HTTP status code.</param>
    /// <param name="code">The vendor error code, or null for the vendor's default for <paramref name="status"/>.</param>
    /// <param name="message">The error message.</param>
    string ErrorBody(int status, string? code, string message);

    /// <summary>Returns the complete SSE frame (with its trailing blank line) the vendor sends for a failure inside a stream.</summary>
    /// <param name="code">The vendor error code, or null for the vendor's default server error code.</param>
    /// <param name="message">The error message.</param>
    string StreamError(string? code, string message);
}
