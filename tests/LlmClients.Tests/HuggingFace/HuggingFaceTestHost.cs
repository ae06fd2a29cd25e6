using System.Net;
using System.Text;
using LlmClients.DependencyInjection;
using LlmClients.HuggingFace;
using Microsoft.Extensions.DependencyInjection;
using RichardSzalay.MockHttp;

namespace LlmClients.Tests.HuggingFace;

/// <summary>A Hugging Face instance registered through DI over MockHttp, with a fake environment and no retries.</summary>
internal sealed class HuggingFaceTestHost : IDisposable
{
    public const string Token = "hf_testtokenABCDEFGH12345";
    public const string Router = "https://router.huggingface.co/hf-inference/";
    public const string Tei = "http://tei.internal:8080/";

    private int _unmatched;

    private HuggingFaceTestHost(Action<HuggingFaceOptions>? configure, Dictionary<string, string>? environment)
    {
        Mock.Fallback.Respond(_ =>
        {
            Interlocked.Increment(ref _unmatched);
            return new HttpResponseMessage(HttpStatusCode.NotFound);
        });
        var services = new ServiceCollection();
        services.AddSingleton<EnvironmentVariableReader>(new FakeEnvironment(environment ?? []));
        services.AddLlmProviders(b => b.AddHuggingFace(configure: o =>
        {
            o.Resilience.MaxRetries = 0;
            o.Resilience.FirstByteTimeout = Timeout.InfiniteTimeSpan;
            o.Resilience.RequestTimeout = Timeout.InfiniteTimeSpan;
            configure?.Invoke(o);
        }));
        services.AddHttpClient(LlmProvidersBuilder.GetHttpClientName("huggingface")).ConfigurePrimaryHttpMessageHandler(() => Mock);
        Services = services.BuildServiceProvider();
    }

    public MockHttpMessageHandler Mock { get; } = new();

    public ServiceProvider Services { get; }

    /// <summary>Gets how many requests reached the mock without matching an expectation.</summary>
    public int UnmatchedRequests => Volatile.Read(ref _unmatched);

    public IEmbeddingClient Embeddings => Services.GetRequiredKeyedService<IEmbeddingClient>("huggingface");

    public static HuggingFaceTestHost Create(Action<HuggingFaceOptions>? configure = null, Dictionary<string, string>? environment = null) => new(configure, environment);

    public static HttpResponseMessage Json(string body, HttpStatusCode status = HttpStatusCode.OK) =>
        new(status) { Content = new StringContent(body, Encoding.UTF8, "application/json") };

    /// <summary>Answers the next request to <paramref name="url"/> and records it.</summary>
    public Captured Expect(HttpMethod method, string url, Func<HttpResponseMessage> respond)
    {
        var captured = new Captured();
        Mock.Expect(method, url).Respond(request =>
        {
            captured.Count++;
            captured.Body = request.Content is null ? null : request.Content.ReadAsStringAsync().GetAwaiter().GetResult();
            captured.ContentType = request.Content?.Headers.ContentType?.MediaType;
            captured.Authorization = request.Headers.Authorization?.ToString();
            captured.HasAuthorization = request.Headers.Contains("Authorization");
            return respond();
        });
        return captured;
    }

    public void Dispose()
    {
        Services.Dispose();
        Mock.Dispose();
    }

    public sealed class Captured
    {
        public int Count { get; set; }

        public string? Body { get; set; }

        public string? ContentType { get; set; }

        public string? Authorization { get; set; }

        public bool HasAuthorization { get; set; }
    }

    private sealed class FakeEnvironment(Dictionary<string, string> values) : EnvironmentVariableReader
    {
        public override string? Get(string name) => values.TryGetValue(name, out var value) ? value : null;
    }
}
