using System.Collections.Concurrent;
using System.Text.Json;
using LlmClients.OpenAI;
using LlmClients.OpenAICompatible;
using LlmClients.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LlmClients.IntegrationTests.OpenAI;

/// <summary>
/// The whole stack under test: a loopback emulator (real socket) and a service provider built with
/// <c>AddLlmProviders(b => b.AddOpenAI(...))</c>, so every call goes through DI, options, the named HttpClient,
/// the retry and bearer handlers, SSE parsing and the stream normalizer.
/// </summary>
internal sealed class OpenAIStack : IAsyncDisposable
{
    public const string ApiKey = "sk-e2e-0123456789abcdefSECRET";
    public const string ChatModel = "gpt-4o-mini";
    public const string EmbeddingModel = "text-embedding-3-small";

    private OpenAIStack(LlmEmulator emulator, ServiceProvider services, InMemoryLoggerProvider logs)
    {
        Emulator = emulator;
        Services = services;
        Logs = logs;
    }

    public LlmEmulator Emulator { get; }

    public ServiceProvider Services { get; }

    public InMemoryLoggerProvider Logs { get; }

    public IChatClient Chat => Services.GetRequiredService<IChatClient>();

    public IEmbeddingClient Embeddings => Services.GetRequiredService<IEmbeddingClient>();

    /// <summary>Starts an emulator and a provider named "openai" pointed at it, with fast retries (10 ms base delay).</summary>
    public static async Task<OpenAIStack> StartAsync(Action<OpenAIOptions>? configure = null, LlmEmulatorOptions? emulatorOptions = null, Action<IServiceCollection>? services = null)
    {
        var emulator = await LlmEmulator.StartAsync(emulatorOptions);
        var logs = new InMemoryLoggerProvider();
        var collection = new ServiceCollection();
        collection.AddLogging(b => b.SetMinimumLevel(LogLevel.Debug).AddProvider(logs));
        collection.AddLlmProviders(b => b.AddOpenAI("openai", o =>
        {
            Configure(o, emulator);
            configure?.Invoke(o);
        }));
        services?.Invoke(collection);
        return new OpenAIStack(emulator, collection.BuildServiceProvider(), logs);
    }

    /// <summary>Points options at the emulator with the test key, default models and fast retries.</summary>
    public static void Configure(OpenAIOptions o, LlmEmulator emulator, string defaultModel = ChatModel)
    {
        o.ApiKey = ApiKey;
        o.BaseUrl = emulator.OpenAI.BaseUri;
        o.DefaultModel = defaultModel;
        o.DefaultEmbeddingModel = EmbeddingModel;
        o.Resilience.BaseDelay = TimeSpan.FromMilliseconds(10);
        o.Resilience.MaxDelay = TimeSpan.FromMilliseconds(50);
    }

    public static List<ChatMessage> Messages(string prompt) => [new(ChatRole.System, "Be brief."), new(ChatRole.User, prompt)];

    /// <summary>Returns the body of the only chat request the emulator received, parsed.</summary>
    public JsonElement SingleRequestBody(string pathContains)
    {
        var request = Assert.Single(Emulator.Requests.Snapshot(), r => r.Path.Contains(pathContains, StringComparison.Ordinal));
        return JsonDocument.Parse(request.Body).RootElement.Clone();
    }

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        await Emulator.DisposeAsync();
    }
}

/// <summary>A console-like logger provider that keeps every formatted line (with the exception, as the console prints it).</summary>
internal sealed class InMemoryLoggerProvider : ILoggerProvider
{
    private readonly ConcurrentQueue<string> _lines = new();

    public IReadOnlyList<string> Lines => [.. _lines];

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, _lines);

    public void Dispose()
    {
    }

    private sealed class Logger(string category, ConcurrentQueue<string> lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var structured = state is IEnumerable<KeyValuePair<string, object?>> pairs ? string.Join(", ", pairs.Select(p => $"{p.Key}={p.Value}")) : string.Empty;
            lines.Enqueue($"{logLevel}: {category}[{eventId.Id}] {formatter(state, exception)} | {structured}{(exception is null ? string.Empty : Environment.NewLine + exception)}");
        }
    }
}
