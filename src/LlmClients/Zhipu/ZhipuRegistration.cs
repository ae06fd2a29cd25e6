using LlmClients.Auth;
using LlmClients.OpenAICompatible.Batches;

namespace LlmClients.Zhipu;

/// <summary>Registers Zhipu instances: chat and embedding clients, the async-task and CogView clients, and the auth handler.</summary>
internal sealed class ZhipuRegistration() : ProviderRegistration<ZhipuRegistration, ZhipuOptions>(Vendor, ZhipuOptions.DefaultBaseUrl)
{
    public const string Vendor = "zhipu";

    internal static OpenAICompatibleSettings Settings(ZhipuOptions o, string name) => new()
    {
        ProviderName = Vendor,
        InstanceName = name,
        BaseUrl = BaseUrls.WithTrailingSlash(o.BaseUrl ?? ZhipuOptions.DefaultBaseUrl),
        DefaultModel = o.DefaultModel,
        DefaultEmbeddingModel = o.DefaultEmbeddingModel,
        Headers = o.RequestHeaders(),
        MaxEmbeddingBatchSize = o.MaxEmbeddingBatchSize ?? 64,
        EmbeddingParallelism = o.EmbeddingParallelism,
        Vendor = "Zhipu",
        Reasoning = ReasoningDialect.ThinkingType,
        SendReasoningContent = o.SendReasoningContent,

        // GLM vision models (glm-4v*) take image_url parts; no Zhipu chat model in our reference takes input_audio.
        Media = MediaInput.Image,
    };

    protected override void Bind(OptionsBuilder<ZhipuOptions> options, IConfigurationSection section) => options.Bind(section);

    protected override VendorErrorMapper Errors(ZhipuOptions options) => ZhipuErrorMapper.Instance;

    protected override void AddServices(LlmProvidersBuilder builder, string name)
    {
        // One token provider per instance, so the JWT cache outlives the pooled HTTP handlers.
        builder.Services.AddKeyedSingleton(name, (sp, _) =>
        {
            var o = Get(sp, name);
            return new ZhipuTokenProvider(o.ApiKey, o.AuthMode, o.JwtTimeToLive, sp.GetService<TimeProvider>() ?? TimeProvider.System, sp.GetService<LlmTokenStore>());
        });
        builder.Services.AddKeyedSingleton<IZhipuAsyncChatClient>(name, (sp, _) => GetChat(sp, name).AsyncTasks);
        builder.Services.AddKeyedSingleton<IZhipuImageClient>(name, (sp, _) => GetChat(sp, name).Images);
        builder.Services.AddKeyedSingleton<IBatchClient>(name, (sp, _) =>
        {
            var o = Get(sp, name);
            var transport = Transport(sp, name, o);
            var settings = Settings(o, name);
            var chat = new ZhipuChatClient(transport, settings, o.Polling);
            return new OpenAIBatchClient(transport, settings, new BatchDialect
            {
                // Zhipu: at most 50,000 requests and 100 MB per file, and 10,000 requests per file for embedding models.
                MaxBytesPerFile = 100L * 1024 * 1024,
                MaxEmbeddingRequestsPerFile = 10_000,
                ChatBody = (messages, options) => chat.BuildBody(messages, options, stream: false),
                EmbeddingBodies = (values, options) =>
                {
                    var (_, model) = RequestValidation.Embeddings(values, options, settings.DefaultEmbeddingModel, settings.InstanceName);
                    var dimensions = ZhipuEmbeddingClient.ResolveDimensions(model, options?.Dimensions);
                    return text => ZhipuEmbeddingClient.BuildBody([text], model, dimensions, options);
                },
            });
        });
    }

    protected override IChatClient CreateChatClient(IServiceProvider services, string name, ZhipuOptions options)
        => new ZhipuChatClient(
            Transport(services, name, options),
            Settings(options, name),
            options.Polling,
            services.GetService<Microsoft.Extensions.Logging.ILoggerFactory>()?.CreateLogger(Telemetry.Log.ZhipuCategory));

    protected override IEmbeddingClient CreateEmbeddingClient(IServiceProvider services, string name, ZhipuOptions options)
        => new ZhipuEmbeddingClient(Transport(services, name, options), Settings(options, name));

    protected override void AddAuthHandlers(IHttpClientBuilder http, string name)
        => http.AddHttpMessageHandler(sp => new BearerTokenHandler(sp.GetRequiredKeyedService<ZhipuTokenProvider>(name).GetTokenAsync));

    protected override void ApplyEnvironment(ZhipuOptions options, EnvironmentVariableReader environment)
    {
        options.BaseUrl ??= environment.GetAbsoluteUri("ZHIPUAI_BASE_URL");
        if (string.IsNullOrWhiteSpace(options.ApiKey))
        {
            options.ApiKey = environment.Get("ZHIPUAI_API_KEY");
        }
    }

    // Quirk: the key is {id}.{secret}; a server may echo either the whole key or the secret half (the JWT signing key).
    protected override IEnumerable<string?> Secrets(ZhipuOptions options)
        => [.. base.Secrets(options), options.ApiKey is { } key && key.IndexOf('.', StringComparison.Ordinal) is var dot and > 0 ? key[(dot + 1)..] : null];

    protected override void Validate(ZhipuOptions options, OptionsFailures failures)
    {
        failures.RequireApiKey(options.ApiKey, "ZHIPUAI_API_KEY");
        if (!string.IsNullOrWhiteSpace(options.ApiKey) && options.AuthMode == ZhipuAuthMode.Jwt && !ZhipuJwt.IsValidKey(options.ApiKey))
        {
            failures.Add($"{ZhipuJwt.KeyFormatMessage} ({failures.Key("ApiKey")}, {failures.Key("AuthMode")})");
        }

        if (options.AuthMode == ZhipuAuthMode.Jwt && options.JwtTimeToLive < TimeSpan.FromSeconds(10))
        {
            failures.Add($"JwtTimeToLive must be at least 10 seconds; the default is 210 seconds ({failures.Key("JwtTimeToLive")}).");
        }

        try
        {
            (options.Polling ?? throw new ArgumentException("Polling is null.")).Validate("Polling");
        }
        catch (ArgumentException ex)
        {
            failures.Add($"{ex.Message} ({failures.Key("Polling")})");
        }
    }

    private static ZhipuChatClient GetChat(IServiceProvider sp, string name) => sp.GetRequiredKeyedService<IChatClient>(name).GetService<ZhipuChatClient>()
        ?? throw new InvalidOperationException($"The chat client of Zhipu instance '{name}' is not a Zhipu client.");
}
