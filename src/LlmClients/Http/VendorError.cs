namespace LlmClients.Http;

/// <summary>An error envelope parsed from a vendor body or SSE event, before it becomes an <see cref="LlmRequestException"/>.</summary>
/// <param name="Code">The vendor code (<c>"InvalidParameter"</c>, <c>"1301"</c>, <c>"110"</c>).</param>
/// <param name="Message">The vendor message.</param>
/// <param name="RequestId">The request id found in the body, if any.</param>
/// <param name="Type">The vendor error type (OpenAI <c>type</c>), if any.</param>
/// <param name="Status">An HTTP status (100-599) the server wrote in the body as its numeric <c>code</c>, if any.</param>
/// <param name="RetryAfter">How long the body says to wait before retrying (a model still loading says so in its body), if it says; a header's <c>Retry-After</c> wins over it.</param>
internal sealed record VendorError(string? Code, string? Message, string? RequestId = null, string? Type = null, int? Status = null, TimeSpan? RetryAfter = null);
