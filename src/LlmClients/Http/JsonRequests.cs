namespace LlmClients.Http;

/// <summary>
/// Builds the requests every vendor sends: the instance's configured headers, and a JSON body labelled
/// <c>Content-Type: application/json</c> when there is one (TEI answers 415 to a body without it).
/// </summary>
internal static class JsonRequests
{
    /// <summary>Creates a request.</summary>
    /// <param name="method">The method.</param>
    /// <param name="uri">The absolute target.</param>
    /// <param name="json">The UTF-8 JSON body, or null for none.</param>
    /// <param name="headers">The instance's extra headers (sent as given, without validation).</param>
    /// <returns>The request.</returns>
    public static HttpRequestMessage Create(HttpMethod method, Uri uri, byte[]? json, IEnumerable<KeyValuePair<string, string>> headers)
    {
        var request = new HttpRequestMessage(method, uri);
        if (json is not null)
        {
            // The raw value: sent as is, parsed only if someone reads ContentType (no header object per request).
            request.Content = new ByteArrayContent(json);
            request.Content.Headers.TryAddWithoutValidation("Content-Type", "application/json");
        }

        if (headers is IReadOnlyCollection<KeyValuePair<string, string>> { Count: 0 })
        {
            return request; // No configured headers: no enumerator to box.
        }

        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        return request;
    }
}
