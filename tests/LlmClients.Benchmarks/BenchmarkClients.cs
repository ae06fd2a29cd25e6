using System.ClientModel;
using System.ClientModel.Primitives;
using Microsoft.Extensions.DependencyInjection;
using OpenAI;
using OpenAI.Embeddings;
using SdkChatClient = OpenAI.Chat.ChatClient;

namespace LlmClients.Benchmarks;

/// <summary>The three clients under test, all on one <see cref="CannedHandler"/>.</summary>
public sealed class BenchmarkClients : IDisposable
{
    public const string ApiKey = "sk-bench";
    public const string ChatModel = "gpt-4o-mini";
    public const string EmbeddingModel = "text-embedding-3-small";
    public const string InstanceName = "bench";

    /// <summary>The base URL every client is pointed at (the handler ignores the host).</summary>
    public static readonly Uri BaseUrl = new("http://bench.invalid/v1/");

    private readonly ServiceProvider _services;

    public BenchmarkClients()
    {
        Handler = new CannedHandler();

        // The raw floor: one long-lived HttpClient straight on the handler.
        Raw = new HttpClient(Handler, disposeHandler: false) { BaseAddress = BaseUrl };

        // Our adapter, built as users build it: DI, named HttpClient with the retry and auth handlers, default budgets.
        var services = new ServiceCollection();
        services.AddLlmProviders(b => b.AddOpenAI(InstanceName, o =>
        {
            o.ApiKey = ApiKey;
            o.BaseUrl = BaseUrl;
            o.DefaultModel = ChatModel;
            o.DefaultEmbeddingModel = EmbeddingModel;
        }));
        services.AddHttpClient(LlmProvidersBuilder.GetHttpClientName(InstanceName)).ConfigurePrimaryHttpMessageHandler(() => Handler);
        _services = services.BuildServiceProvider();
        Chat = _services.GetRequiredKeyedService<IChatClient>(InstanceName);
        Embeddings = _services.GetRequiredKeyedService<IEmbeddingClient>(InstanceName);

        // The official SDK with its default pipeline (retry, user agent...), on the same handler.
        var sdkOptions = new OpenAIClientOptions
        {
            Endpoint = BaseUrl,
            Transport = new HttpClientPipelineTransport(new HttpClient(Handler, disposeHandler: false)),
        };
        SdkChat = new SdkChatClient(ChatModel, new ApiKeyCredential(ApiKey), sdkOptions);
        SdkEmbeddings = new EmbeddingClient(EmbeddingModel, new ApiKeyCredential(ApiKey), sdkOptions);
    }

    public CannedHandler Handler { get; }

    public HttpClient Raw { get; }

    public IChatClient Chat { get; }

    public IEmbeddingClient Embeddings { get; }

    public SdkChatClient SdkChat { get; }

    public EmbeddingClient SdkEmbeddings { get; }

    public void Dispose()
    {
        Raw.Dispose();
        _services.Dispose();
    }

    /// <summary>Throws unless <paramref name="actual"/> equals <paramref name="expected"/>: a benchmark that parsed the wrong thing measures nothing.</summary>
    public static void Check<T>(T actual, T expected, string what)
    {
        if (!EqualityComparer<T>.Default.Equals(actual, expected))
        {
            throw new InvalidOperationException($"{what}: expected {expected}, got {actual}");
        }
    }
}
