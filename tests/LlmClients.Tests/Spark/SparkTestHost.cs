using System.Net;
using System.Text;
using LlmClients.DependencyInjection;
using LlmClients.Spark;
using LlmClients.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LlmClients.Tests.Spark;

/// <summary>A Spark instance registered through DI over a recording handler that answers from a queue, with every log line captured.</summary>
internal sealed class SparkTestHost : IDisposable
{
    public const string Password = "spark-test-PASSWORD-0123";
    public const string AppId = "app-123";
    public const string AppKey = "key-456";
    public const string AppSecret = "secret-SECRET-789";

    private SparkTestHost(Action<SparkOptions>? configure, Dictionary<string, string>? environment)
    {
        var services = new ServiceCollection();
        services.AddLogging(b => b.AddProvider(new CapturingProvider(Logger)).SetMinimumLevel(LogLevel.Trace));
        services.AddSingleton<EnvironmentVariableReader>(new FakeEnvironment(environment ?? []));
        services.AddLlmProviders(b => b.AddSpark(configure: o =>
        {
            o.ApiKey = Password;
            o.AppId = AppId;
            o.AppKey = AppKey;
            o.AppSecret = AppSecret;
            o.Resilience.MaxRetries = 0;
            configure?.Invoke(o);
        }));
        services.AddHttpClient(LlmProvidersBuilder.GetHttpClientName("spark")).ConfigurePrimaryHttpMessageHandler(() => Handler);
        Services = services.BuildServiceProvider();
    }

    public RecordingHandler Handler { get; } = new();

    public InMemoryLogger Logger { get; } = new();

    public ServiceProvider Services { get; }

    public IChatClient Chat => Services.GetRequiredKeyedService<IChatClient>("spark");

    public IEmbeddingClient Embeddings => Services.GetRequiredKeyedService<IEmbeddingClient>("spark");

    public static SparkTestHost Create(Action<SparkOptions>? configure = null, Dictionary<string, string>? environment = null) => new(configure, environment);

    public static HttpResponseMessage Json(string body, HttpStatusCode status = HttpStatusCode.OK) =>
        new(status) { Content = new StringContent(body, Encoding.UTF8, "application/json") };

    public static HttpResponseMessage Sse(string body) =>
        new(HttpStatusCode.OK) { Content = new StringContent(body, Encoding.UTF8, "text/event-stream") };

    public void Dispose() => Services.Dispose();

    /// <summary>Records each request (URL, headers, body) and answers from <see cref="Responses"/>, the last one repeating.</summary>
    internal sealed class RecordingHandler : HttpMessageHandler
    {
        private readonly List<Recorded> _requests = [];
        private Func<HttpResponseMessage>? _last;

        public Queue<Func<HttpResponseMessage>> Responses { get; } = new();

        public IReadOnlyList<Recorded> Requests
        {
            get
            {
                lock (_requests)
                {
                    return [.. _requests];
                }
            }
        }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var body = request.Content is null ? string.Empty : await request.Content.ReadAsStringAsync(cancellationToken);
            Func<HttpResponseMessage> respond;
            lock (_requests)
            {
                _requests.Add(new Recorded(request.RequestUri!, request.Headers.Authorization?.ToString(), body));
                respond = _last = Responses.Count > 0 ? Responses.Dequeue() : _last ?? throw new InvalidOperationException("no reply queued");
            }

            return respond();
        }
    }

    internal sealed record Recorded(Uri Url, string? Authorization, string Body);

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
