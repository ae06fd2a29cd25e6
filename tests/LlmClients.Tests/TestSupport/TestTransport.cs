using LlmClients.Http;
using LlmClients.Resilience;

namespace LlmClients.Tests.TestSupport;

/// <summary>Builds an <see cref="LlmHttpTransport"/> over any handler (MockHttp, a stub), without DI.</summary>
internal static class TestTransport
{
    /// <summary>Options with retries off and infinite budgets, so a test sees exactly what it arranged.</summary>
    public static LlmResilienceOptions NoRetry() => new()
    {
        MaxRetries = 0,
        FirstByteTimeout = Timeout.InfiniteTimeSpan,
        RequestTimeout = Timeout.InfiniteTimeSpan,
        StreamIdleTimeout = Timeout.InfiniteTimeSpan,
    };

    public static LlmHttpTransport Create(HttpMessageHandler handler, VendorErrorMapper errors, LlmResilienceOptions? options = null, TimeProvider? time = null)
        => new(new TestHttpClientFactory(handler), "test", errors, options ?? NoRetry(), time);
}
