namespace LlmClients.Tests.TestSupport;

/// <summary>Our one fake <see cref="IHttpClientFactory"/>: every name gets a client over the same handler (MockHttp or a stub).</summary>
internal sealed class TestHttpClientFactory(HttpMessageHandler handler) : IHttpClientFactory
{
    /// <summary>A client over the handler, which it does not dispose; no client-side timeout (the transport owns budgets).</summary>
    public HttpClient CreateClient(string name) => new(handler, disposeHandler: false) { Timeout = Timeout.InfiniteTimeSpan };
}
