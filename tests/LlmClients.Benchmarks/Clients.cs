using System.ClientModel;
using System.ClientModel.Primitives;
using LlmClients.DashScope;
using LlmClients.HuggingFace;
using LlmClients.Zhipu;
using Microsoft.Extensions.DependencyInjection;
using OpenAI;
using OpenAI.Embeddings;
using SdkChatClient = OpenAI.Chat.ChatClient;

namespace LlmClients.Benchmarks;

/// <summary>The clients under test, all pointed at one <see cref="ServerProcess"/>: the raw floor, LlmClients (through DI, every vendor) and the official SDK.</summary>
public sealed class Clients : IDisposable
{
    public const string ApiKey = "sk-bench";
    private readonly ServiceProvider _services;
    private readonly Dictionary<string, SdkChatClient> _sdkChat = [];
    private readonly Dictionary<string, EmbeddingClient> _sdkEmbeddings = [];
    private readonly OpenAIClientOptions _sdkOptions;
    private readonly HttpClient _sdkHttp;

    public Clients(Uri server)
    {
        Server = server;
        Raw = new HttpClient(new SocketsHttpHandler { UseCookies = false, UseProxy = false }) { BaseAddress = server };
        _services = Build(server);

        // The official SDK with its default pipeline (retry, user agent...), on its own HttpClient.
        _sdkHttp = new HttpClient(new SocketsHttpHandler { UseCookies = false, UseProxy = false });
        _sdkOptions = new OpenAIClientOptions { Endpoint = new Uri(server, "openai/v1/"), Transport = new HttpClientPipelineTransport(_sdkHttp) };
    }

    /// <summary>The server's base URL.</summary>
    public Uri Server { get; }

    /// <summary>The floor: one long-lived HttpClient.</summary>
    public HttpClient Raw { get; }

    /// <summary>Our chat client for a vendor format.</summary>
    public IChatClient Chat(WireFormat format) => _services.GetRequiredKeyedService<IChatClient>(Instance(format));

    /// <summary>Our embedding client for a vendor format.</summary>
    public IEmbeddingClient Embeddings(WireFormat format) => _services.GetRequiredKeyedService<IEmbeddingClient>(Instance(format));

    /// <summary>Our OpenAI embedding client with the batcher row's cap and parallelism.</summary>
    public IEmbeddingClient BatcherEmbeddings => _services.GetRequiredKeyedService<IEmbeddingClient>("batcher");

    /// <summary>The official SDK's chat client for a scenario model.</summary>
    public SdkChatClient SdkChat(string model)
    {
        if (!_sdkChat.TryGetValue(model, out var client))
        {
            client = new SdkChatClient(model, new ApiKeyCredential(ApiKey), _sdkOptions);
            _sdkChat[model] = client;
        }

        return client;
    }

    /// <summary>The official SDK's embedding client for a scenario model.</summary>
    public EmbeddingClient SdkEmbeddings(string model)
    {
        if (!_sdkEmbeddings.TryGetValue(model, out var client))
        {
            client = new EmbeddingClient(model, new ApiKeyCredential(ApiKey), _sdkOptions);
            _sdkEmbeddings[model] = client;
        }

        return client;
    }

    public void Dispose()
    {
        Raw.Dispose();
        _sdkHttp.Dispose();
        _services.Dispose();
    }

    /// <summary>Our clients as users build them: AddLlmProviders, named HttpClients with the retry and auth handlers, default budgets.</summary>
    public static ServiceProvider Build(Uri server)
    {
        var services = new ServiceCollection();
        services.AddLlmProviders(b => b
            .AddOpenAI("openai", o =>
            {
                o.ApiKey = ApiKey;
                o.BaseUrl = new Uri(server, "openai/v1/");
                o.DefaultModel = "chat";
            })
            .AddOpenAI("batcher", o =>
            {
                o.ApiKey = ApiKey;
                o.BaseUrl = new Uri(server, "openai/v1/");
                o.DefaultEmbeddingModel = "emb-slow";
                o.MaxEmbeddingBatchSize = Batcher.Cap;
                o.EmbeddingParallelism = Batcher.Parallelism;
            })
            .AddDashScope("dashscope", o =>
            {
                o.ApiKey = ApiKey;
                o.Mode = DashScopeMode.Native;
                o.BaseUrl = new Uri(server, "dashscope/api/v1/");
                o.CompatibleBaseUrl = new Uri(server, "dashscope/compatible-mode/v1/");
                o.DefaultModel = "stream";
            })
            .AddZhipu("zhipu", o =>
            {
                o.ApiKey = "bench-id.bench-secret";
                o.AuthMode = ZhipuAuthMode.Bearer;
                o.BaseUrl = new Uri(server, "zhipu/api/paas/v4/");
                o.DefaultModel = "stream";
            })
            .AddQianfan("qianfan", o =>
            {
                o.ApiKey = "ak";
                o.SecretKey = "sk";
                o.OAuthBaseUrl = new Uri(server, "qianfan-oauth/");
                o.BaseUrl = new Uri(server, "qianfan/wenxinworkshop/");
                o.DefaultModel = "stream";
                foreach (var mode in new[] { "chat", "stream", "stream-flush", "stream-hold" })
                {
                    o.CustomEndpoints[mode] = mode;
                }

                o.CustomEmbeddingEndpoints["emb"] = "emb";
            })
            .AddHuggingFace("tei", o =>
            {
                o.Api = HuggingFaceApi.Tei;
                o.BaseUrl = new Uri(server, "tei/");
                o.DefaultEmbeddingModel = "emb";
                o.MaxEmbeddingBatchSize = CannedResponses.VendorEmbeddingBatch;
            }));
        return services.BuildServiceProvider();
    }

    private static string Instance(WireFormat format) => format switch
    {
        WireFormat.OpenAI => "openai",
        WireFormat.DashScope => "dashscope",
        WireFormat.Zhipu => "zhipu",
        WireFormat.Qianfan => "qianfan",
        WireFormat.Tei => "tei",
        _ => throw new ArgumentOutOfRangeException(nameof(format)),
    };
}
