using System.Net;
using System.Text;
using LlmClients.Tests.Contract;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace LlmClients.Tests.TestSupport;

/// <summary>
/// Builds one flavour (see <see cref="ContractHarness.Flavours"/>) through AddLlmProviders over a scripted primary handler:
/// every request is logged and answered by <see cref="Respond"/> (the Qianfan v1 token exchange by <see cref="RespondToken"/>).
/// </summary>
internal sealed class FlavourHost : IDisposable
{
    private readonly ServiceProvider _services;

    private FlavourHost(string flavour, ServiceProvider services, Handler handler)
    {
        Flavour = flavour;
        _services = services;
        Log = handler.Log;
        handler.Host = this;
    }

    public string Flavour { get; }

    public List<HttpRequestMessage> Log { get; }

    public List<HttpRequestMessage> Calls => [.. Log.Where(r => !r.RequestUri!.AbsolutePath.Contains("oauth/2.0/token", StringComparison.Ordinal))];

    public Func<HttpRequestMessage, HttpResponseMessage> Respond { get; set; } = _ => Json(HttpStatusCode.OK, "{}");

    /// <summary>Gets or sets an asynchronous responder that sees the request's token; it wins over <see cref="Respond"/> when set.</summary>
    public Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>>? RespondAsync { get; set; }

    public Func<HttpRequestMessage, HttpResponseMessage> RespondToken { get; set; } = _ => Json(HttpStatusCode.OK, """{"access_token":"24.test-token-value","expires_in":2592000}""");

    public IServiceProvider Services => _services;

    public IChatClient Chat => _services.GetRequiredKeyedService<IChatClient>(Flavour);

    public IEmbeddingClient Embeddings => _services.GetRequiredKeyedService<IEmbeddingClient>(Flavour);

    /// <summary>Creates the host; <paramref name="config"/> overrides or adds settings of the instance (a null value removes one).</summary>
    public static FlavourHost Create(string flavour, Dictionary<string, string?>? config = null, Action<IServiceCollection>? services = null, bool primaryHandler = true, Action<IServiceCollection>? after = null)
    {
        var settings = new Dictionary<string, string?>(ContractHarness.Flavours[flavour]) { ["Resilience:MaxRetries"] = "0" };
        foreach (var (key, value) in config ?? [])
        {
            settings[key] = value;
        }

        var root = new Dictionary<string, string?>();
        foreach (var (key, value) in settings)
        {
            if (value is not null)
            {
                root[$"LlmProviders:{flavour}:{key}"] = value;
            }
        }

        var collection = new ServiceCollection();
        services?.Invoke(collection);
        collection.AddLlmProviders(new ConfigurationBuilder().AddInMemoryCollection(root).Build().GetSection("LlmProviders"));
        var handler = new Handler();
        if (primaryHandler)
        {
            collection.AddHttpClient(LlmProvidersBuilder.GetHttpClientName(flavour)).ConfigurePrimaryHttpMessageHandler(() => handler);
            collection.AddHttpClient(LlmProvidersBuilder.GetHttpClientName(flavour) + ".OAuth").ConfigurePrimaryHttpMessageHandler(() => handler);
        }

        after?.Invoke(collection);
        return new FlavourHost(flavour, collection.BuildServiceProvider(), handler);
    }

    /// <summary>Creates the host with default settings and extra services.</summary>
    public static FlavourHost CreateWith(string flavour, Action<IServiceCollection> services) => Create(flavour, null, services);

    public static HttpResponseMessage Json(HttpStatusCode status, string body, string mediaType = "application/json")
        => new(status) { Content = new StringContent(body, Encoding.UTF8, mediaType) };

    public Task<ChatResponse> AskAsync(ChatOptions? options = null) => Chat.GetResponseAsync([new ChatMessage(ChatRole.User, "hi")], options);

    public async Task<List<ChatResponseUpdate>> StreamAsync()
    {
        var updates = new List<ChatResponseUpdate>();
        await foreach (var update in Chat.GetStreamingResponseAsync([new ChatMessage(ChatRole.User, "hi")]))
        {
            updates.Add(update);
        }

        return updates;
    }

    public void Dispose() => _services.Dispose();

    private sealed class Handler : HttpMessageHandler
    {
        public List<HttpRequestMessage> Log { get; } = [];

        public FlavourHost? Host { get; set; }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            lock (Log)
            {
                Log.Add(request);
            }

            var response = request.RequestUri!.AbsolutePath.Contains("oauth/2.0/token", StringComparison.Ordinal) ? Host!.RespondToken(request)
                : Host!.RespondAsync is { } respond ? await respond(request, cancellationToken)
                : Host.Respond(request);
            response.RequestMessage = request;
            return response;
        }
    }
}
