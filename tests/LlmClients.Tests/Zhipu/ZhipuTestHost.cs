using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using LlmClients.DependencyInjection;
using LlmClients.Tests.TestSupport;
using LlmClients.Zhipu;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using RichardSzalay.MockHttp;

namespace LlmClients.Tests.Zhipu;

/// <summary>A Zhipu instance registered through DI, over MockHttp, on a fake clock, with every log line captured.</summary>
internal sealed class ZhipuTestHost : IDisposable
{
    public const string Key = "test-id.test-secret";
    public const string Base = "https://open.bigmodel.cn/api/paas/v4/";

    private int _unmatched;

    private ZhipuTestHost(Action<ZhipuOptions>? configure, Dictionary<string, string>? environment)
    {
        // MockHttp's VerifyNoOutstandingRequest says nothing about requests that were sent (it is about AutoFlush = false),
        // so "before any network call" tests count what reached the handler without an expectation.
        Mock.Fallback.Respond(_ =>
        {
            Interlocked.Increment(ref _unmatched);
            return new HttpResponseMessage(HttpStatusCode.NotFound);
        });
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(Time);
        services.AddSingleton<EnvironmentVariableReader>(new FakeEnvironment(environment ?? []));
        services.AddLogging(b => b.AddProvider(new CapturingProvider(Logger)).SetMinimumLevel(LogLevel.Trace));
        services.AddLlmProviders(b => b.AddZhipu(configure: o =>
        {
            o.ApiKey = Key;
            o.Resilience.MaxRetries = 0;
            o.Resilience.FirstByteTimeout = Timeout.InfiniteTimeSpan;
            o.Resilience.RequestTimeout = Timeout.InfiniteTimeSpan;
            configure?.Invoke(o);
        }));
        services.AddHttpClient(LlmProvidersBuilder.GetHttpClientName("zhipu")).ConfigurePrimaryHttpMessageHandler(() => Mock);
        Services = services.BuildServiceProvider();
    }

    public MockHttpMessageHandler Mock { get; } = new();

    public FakeClock Time { get; } = new();

    public InMemoryLogger Logger { get; } = new();

    public ServiceProvider Services { get; }

    /// <summary>Gets how many requests reached the mock without matching an expectation.</summary>
    public int UnmatchedRequests => Volatile.Read(ref _unmatched);

    public IChatClient Chat => Services.GetRequiredKeyedService<IChatClient>("zhipu");

    public IEmbeddingClient Embeddings => Services.GetRequiredKeyedService<IEmbeddingClient>("zhipu");

    public IZhipuAsyncChatClient AsyncTasks => Services.GetRequiredKeyedService<IZhipuAsyncChatClient>("zhipu");

    public IZhipuImageClient Images => Services.GetRequiredKeyedService<IZhipuImageClient>("zhipu");

    public static ZhipuTestHost Create(Action<ZhipuOptions>? configure = null, Dictionary<string, string>? environment = null) => new(configure, environment);

    public static string Fixture(string name) => TestSupport.Fixture.Read(Path.Combine("Zhipu", name));

    public static HttpResponseMessage Json(HttpStatusCode status, string body) =>
        new(status) { Content = new StringContent(body, Encoding.UTF8, "application/json") };

    public static HttpResponseMessage Sse(string body) =>
        new(HttpStatusCode.OK) { Content = new StringContent(body, Encoding.UTF8, "text/event-stream") };

    /// <summary>Asserts two JSON texts are equal, ignoring formatting and property order.</summary>
    public static void AssertJsonEqual(string expected, string actual) =>
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected), JsonNode.Parse(actual)), $"Expected {Normalize(expected)}\nActual   {Normalize(actual)}");

    /// <summary>Answers the next request to <paramref name="path"/> and records its body.</summary>
    public Captured Expect(HttpMethod method, string path, Func<HttpResponseMessage> respond)
    {
        var captured = new Captured();
        Mock.Expect(method, Base + path).Respond(request =>
        {
            captured.Body = request.Content is null ? null : request.Content.ReadAsStringAsync().GetAwaiter().GetResult();
            captured.Authorization = request.Headers.Authorization?.ToString();
            return respond();
        });
        return captured;
    }

    public void Dispose()
    {
        Services.Dispose();
        Mock.Dispose();
    }

    private static string Normalize(string json) => JsonNode.Parse(json)?.ToJsonString() ?? "null";

    public sealed class Captured
    {
        public string? Body { get; set; }

        public string? Authorization { get; set; }
    }

    private sealed class FakeEnvironment(Dictionary<string, string> values) : EnvironmentVariableReader
    {
        public override string? Get(string name) => values.TryGetValue(name, out var value) ? value : null;
    }

    private sealed class CapturingProvider(InMemoryLogger logger) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => logger;

        public void Dispose()
        {
        }
    }
}
