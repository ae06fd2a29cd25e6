namespace LlmClients.Testing.DashScope;

internal static partial class DashScopeEmulatorRoutes
{
    /// <summary>
    /// Checks the documents by URL of a chat request, native or compatible mode alike: a <c>{"type":"doc_url","doc_url":[url..]}</c>
    /// part is read only by qwen-doc models (qwen-doc-turbo), and its <c>doc_url</c> must be a non-empty list of http(s) URLs. On
    /// success the URLs are recorded in <see cref="DashScopeEmulator.DocumentUrls"/>.
    /// </summary>
    /// <param name="state">The emulator's state.</param>
    /// <param name="model">The requested model.</param>
    /// <param name="messages">The messages (<c>messages</c>, or native <c>input.messages</c>).</param>
    /// <returns>The error message for a 400 <c>InvalidParameter</c>, or null when the request may go on.</returns>
    private static string? CheckDocuments(EmulatorState state, string model, JsonNode? messages)
    {
        var urls = new List<string>();
        foreach (var message in (messages as JsonArray ?? []).OfType<JsonObject>())
        {
            foreach (var part in (message["content"] as JsonArray ?? []).OfType<JsonObject>())
            {
                if (EmulatorJson.GetString(part, "type") != "doc_url")
                {
                    continue;
                }

                if (!model.StartsWith("qwen-doc", StringComparison.OrdinalIgnoreCase))
                {
                    return $"Model {model} does not support doc_url content; use qwen-doc-turbo.";
                }

                if (part["doc_url"] is not JsonArray { Count: > 0 } list)
                {
                    return "doc_url must be a non-empty list of document URLs.";
                }

                foreach (var item in list)
                {
                    if (EmulatorJson.AsString(item) is not { } url
                        || !Uri.TryCreate(url, UriKind.Absolute, out var uri)
                        || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
                    {
                        return $"doc_url holds '{item?.ToJsonString()}', which is not an http(s) URL.";
                    }

                    urls.Add(url);
                }
            }
        }

        DashScopeEmulator.Of(state).RecordDocuments(urls);
        return null;
    }
}
