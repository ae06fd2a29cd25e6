using LlmClients.Auth;

namespace LlmClients.HuggingFace;

/// <summary>
/// Registers Hugging Face instances: the embedding client of the configured API and the bearer handler. No chat client is
/// registered (<see cref="HasChatClient"/>): these services embed only, and an instance without one is already understood by
/// the registry (a clear "has no chat client"), the default chat client (skips it) and pipeline validation.
/// </summary>
internal sealed class HuggingFaceRegistration() : ProviderRegistration<HuggingFaceRegistration, HuggingFaceOptions>(HuggingFaceSettings.ProviderName, "http://localhost:8080/ (a TEI server)")
{
    internal static HuggingFaceSettings Settings(HuggingFaceOptions o, string name)
    {
        var api = HuggingFaceOptions.Resolve(o.Api, o.BaseUrl);
        var baseUrl = o.BaseUrl ?? HuggingFaceOptions.DefaultBaseUrl;
        return new HuggingFaceSettings
        {
            InstanceName = name,
            Api = api,

            // An endpoint URL is the request target as given; the others are bases that paths are appended to.
            BaseUrl = api == HuggingFaceApi.Endpoint ? baseUrl : BaseUrls.WithTrailingSlash(baseUrl),
            DefaultEmbeddingModel = string.IsNullOrWhiteSpace(o.DefaultEmbeddingModel) ? null : o.DefaultEmbeddingModel,
            Headers = o.RequestHeaders(),
            MaxEmbeddingBatchSize = o.MaxEmbeddingBatchSize,
            EmbeddingParallelism = o.EmbeddingParallelism,
            MeanPoolTokenEmbeddings = o.MeanPoolTokenEmbeddings,
        };
    }

    protected override bool HasChatClient => false;

    protected override void Bind(OptionsBuilder<HuggingFaceOptions> options, IConfigurationSection section) => options.Bind(section);

    protected override VendorErrorMapper Errors(HuggingFaceOptions options) => HuggingFaceErrorMapper.Instance;

    protected override IChatClient CreateChatClient(IServiceProvider services, string name, HuggingFaceOptions options)
        => throw new NotSupportedException($"Hugging Face instance '{name}' serves embeddings only; register a chat provider for chat.");

    protected override IEmbeddingClient CreateEmbeddingClient(IServiceProvider services, string name, HuggingFaceOptions options)
    {
        var settings = Settings(options, name);
        var transport = Transport(services, name, options);
        return settings.Api switch
        {
            HuggingFaceApi.TeiOpenAI => new HuggingFaceTeiOpenAIEmbeddingClient(transport, settings, new HuggingFaceTeiInfoCache(transport, settings)),
            HuggingFaceApi.Tei => new HuggingFaceEmbeddingClient(transport, settings, new HuggingFaceTeiInfoCache(transport, settings)),
            _ => new HuggingFaceEmbeddingClient(transport, settings, info: null),
        };
    }

    protected override void AddAuthHandlers(IHttpClientBuilder http, string name)
        => http.AddHttpMessageHandler(sp =>
        {
            // No key (a TEI server without --api-key): no Authorization header at all.
            var monitor = sp.GetRequiredService<IOptionsMonitor<HuggingFaceOptions>>();
            return new BearerTokenHandler(_ => ValueTask.FromResult(monitor.Get(name).ApiKey ?? string.Empty));
        });

    protected override void ApplyEnvironment(HuggingFaceOptions options, EnvironmentVariableReader environment)
    {
        // A Hugging Face token goes to Hugging Face only, never to a self-hosted TEI server.
        if (string.IsNullOrWhiteSpace(options.ApiKey) && NeedsToken(options))
        {
            options.ApiKey = environment.Get("HF_TOKEN") ?? environment.Get("HUGGING_FACE_HUB_TOKEN");
        }
    }

    protected override void Validate(HuggingFaceOptions options, OptionsFailures failures)
    {
        if (NeedsToken(options))
        {
            failures.RequireApiKey(options.ApiKey, "HF_TOKEN");
        }

        if (options.Api is { } api && !Enum.IsDefined(api))
        {
            failures.Add($"Api '{api}' is not a Hugging Face API: use Serverless, Endpoint, Tei or TeiOpenAI, or leave it unset to infer it from BaseUrl ({failures.Key("Api")}).");
        }
        else if (options.Api is HuggingFaceApi.Endpoint or HuggingFaceApi.Tei or HuggingFaceApi.TeiOpenAI && options.BaseUrl is null)
        {
            failures.Add($"Api is {options.Api}, which has no public default URL: set {failures.Key("BaseUrl")} to the {(options.Api == HuggingFaceApi.Endpoint ? "endpoint URL (https://<id>.<region>.<cloud>.endpoints.huggingface.cloud)" : "TEI server, for example http://localhost:8080/")}.");
        }
    }

    private static bool NeedsToken(HuggingFaceOptions options)
        => (options.BaseUrl is null || options.BaseUrl.IsAbsoluteUri) && HuggingFaceOptions.Resolve(options.Api, options.BaseUrl) is HuggingFaceApi.Serverless or HuggingFaceApi.Endpoint;
}
