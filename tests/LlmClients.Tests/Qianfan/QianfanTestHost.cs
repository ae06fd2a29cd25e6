using System.Text.Json;
using System.Text.Json.Nodes;
using LlmClients.DependencyInjection;
using LlmClients.Qianfan;
using LlmClients.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using RichardSzalay.MockHttp;

namespace LlmClients.Tests.Qianfan;

/// <summary>Builds a Qianfan instance through DI (retry, auth and token handlers included) over a MockHttp primary handler.</summary>
internal static class QianfanTestHost
{
    public const string Name = "qianfan";
    public const string TokenUrl = "https://aip.baidubce.com/oauth/2.0/token";
    public const string ChatBase = "https://aip.baidubce.com/rpc/2.0/ai_custom/v1/wenxinworkshop/chat/";
    public const string EmbeddingsBase = "https://aip.baidubce.com/rpc/2.0/ai_custom/v1/wenxinworkshop/embeddings/";
    public const string FixtureToken = "24.6c5e1ff107f0e8bcef8c46d3424a0e78.2592000.1485516651.282335-8574074";

    public static string Fixture(string name) => TestSupport.Fixture.Read(Path.Combine("Qianfan", name));

    public static ServiceProvider Build(
        MockHttpMessageHandler mock,
        Action<QianfanOptions>? configure = null,
        TimeProvider? time = null,
        ILoggerProvider? logs = null,
        Dictionary<string, string>? environment = null,
        Action<IServiceCollection>? configureServices = null)
    {
        var services = new ServiceCollection();
        services.AddSingleton<EnvironmentVariableReader>(new FakeEnvironment(environment ?? []));
        if (time is not null)
        {
            services.AddSingleton(time);
        }

        if (logs is not null)
        {
            services.AddLogging(b => b.SetMinimumLevel(LogLevel.Trace).AddProvider(logs));
        }

        services.AddLlmProviders(b => b.AddQianfan(Name, o =>
        {
            if (environment is null)
            {
                o.ApiKey = "test-ak";
                o.SecretKey = "test-sk";
            }

            o.Resilience.BaseDelay = TimeSpan.Zero;
            o.Resilience.FirstByteTimeout = Timeout.InfiniteTimeSpan;
            configure?.Invoke(o);
        }));
        services.AddHttpClient(LlmProvidersBuilder.GetHttpClientName(Name)).ConfigurePrimaryHttpMessageHandler(() => mock);
        services.AddHttpClient(QianfanRegistration.OAuthClientName(Name)).ConfigurePrimaryHttpMessageHandler(() => mock);
        configureServices?.Invoke(services);
        return services.BuildServiceProvider();
    }

    public static IChatClient Chat(this ServiceProvider services) => services.GetRequiredKeyedService<IChatClient>(Name);

    public static IEmbeddingClient Embeddings(this ServiceProvider services) => services.GetRequiredKeyedService<IEmbeddingClient>(Name);

    /// <summary>Answers the token exchange with the verbatim fixture.</summary>
    public static MockedRequest ExpectTokenExchange(this MockHttpMessageHandler mock)
    {
        // A backend definition: create the handler with BackendDefinitionBehavior.Always so it answers while ordered expectations are outstanding.
        return mock.When(HttpMethod.Post, TokenUrl)
            .WithExactQueryString(new Dictionary<string, string> { ["grant_type"] = "client_credentials", ["client_id"] = "test-ak", ["client_secret"] = "test-sk" })
            .Respond("application/json", Fixture("token-success.json"));
    }

    public static void AssertJsonEqual(string expected, string actual) =>
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected), JsonNode.Parse(actual)), $"Expected {expected}\nActual   {actual}");

    public static string Normalize(string json) => JsonSerializer.Serialize(JsonNode.Parse(json));

    private sealed class FakeEnvironment(Dictionary<string, string> values) : EnvironmentVariableReader
    {
        public override string? Get(string name) => values.TryGetValue(name, out var value) ? value : null;
    }
}

/// <summary>Collects every log line of every category, with its category.</summary>
internal sealed class CategoryLoggerProvider : ILoggerProvider
{
    private readonly InMemoryLogger _all = new();
    private readonly System.Collections.Concurrent.ConcurrentBag<string> _categories = [];

    public IReadOnlyList<(LogLevel Level, string Message)> Entries => _all.Entries;

    /// <summary>Gets the categories that wrote at least one entry.</summary>
    public IReadOnlyCollection<string> Categories => [.. _categories.Distinct()];

    public ILogger CreateLogger(string categoryName) => new Tagged(categoryName, this);

    public void Dispose()
    {
    }

    private sealed class Tagged(string category, CategoryLoggerProvider owner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            owner._categories.Add(category);
            owner._all.Log(logLevel, eventId, state, exception, (s, e) => category + ": " + formatter(s, e));
        }
    }
}

/// <summary>Collects every log line of every category.</summary>
internal sealed class InMemoryLoggerProvider : ILoggerProvider
{
    public InMemoryLogger Logger { get; } = new();

    public ILogger CreateLogger(string categoryName) => Logger;

    public void Dispose()
    {
    }
}
