namespace LlmClients.Http;

/// <summary>A parsed non-streaming vendor response, with the request id from its headers.</summary>
/// <typeparam name="T">The wire type.</typeparam>
/// <param name="Value">The parsed body.</param>
/// <param name="HeaderRequestId">The request id from the response headers, if any.</param>
internal readonly record struct VendorResponse<T>(T Value, string? HeaderRequestId);
