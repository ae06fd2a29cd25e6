using LlmClients.OpenAICompatible.Batches;

namespace LlmClients.OpenAI;

/// <summary>Registers OpenAI-compatible instances.</summary>
internal sealed class OpenAIRegistration() : ProviderRegistration<OpenAIRegistration, OpenAIOptions>(Vendor, "https://api.deepseek.com/v1")
{
    public const string Vendor = "openai";

    /// <summary>The host of <see cref="OpenAIOptions.DefaultBaseUrl"/>.</summary>
    private const string OpenAIHost = "api.openai.com";

    private static readonly OpenAIErrorMapper SharedErrors = new(Vendor);

    internal static OpenAICompatibleSettings Settings(OpenAIOptions o, string name)
    {
        var baseUrl = BaseUrls.WithTrailingSlash(o.BaseUrl ?? DefaultBaseUrl());
        var provider = ResolveProviderName(o, baseUrl);
        return new OpenAICompatibleSettings
        {
            ProviderName = provider,
            SendReasoningContent = o.SendReasoningContent ?? provider == "deepseek",
            InstanceName = name,
            BaseUrl = baseUrl,
            DefaultModel = o.DefaultModel,
            DefaultEmbeddingModel = o.DefaultEmbeddingModel,
            Headers = o.RequestHeaders(("OpenAI-Organization", o.Organization), ("OpenAI-Project", o.Project)),
            UseMaxCompletionTokens = o.UseMaxCompletionTokens ?? baseUrl.Host.Equals(OpenAIHost, StringComparison.OrdinalIgnoreCase),
            MaxEmbeddingBatchSize = o.MaxEmbeddingBatchSize ?? 2048,
            EmbeddingParallelism = o.EmbeddingParallelism,
        };
    }

    protected override string ProviderName(OpenAIOptions options) => ResolveProviderName(options, options.BaseUrl ?? DefaultBaseUrl());

    // A method, not a field read in the callers: jitting them then does not run OpenAIOptions' static constructor (a Uri
    // parse an instance with its own base URL never needs).
    private static Uri DefaultBaseUrl() => OpenAIOptions.DefaultBaseUrl;

    private static string ResolveProviderName(OpenAIOptions o, Uri baseUrl)
        => !string.IsNullOrWhiteSpace(o.ProviderName) ? o.ProviderName.Trim().ToLowerInvariant()
            : baseUrl.IsAbsoluteUri && baseUrl.Host.EndsWith("deepseek.com", StringComparison.OrdinalIgnoreCase) ? "deepseek"
            : Vendor;

    protected override void Bind(OptionsBuilder<OpenAIOptions> options, IConfigurationSection section) => options.Bind(section);

    protected override VendorErrorMapper Errors(OpenAIOptions options) => SharedErrors;

    protected override void AddServices(LlmProvidersBuilder builder, string name)
        => builder.Services.AddKeyedSingleton<IBatchClient>(name, (sp, _) =>
        {
            // Any OpenAI-compatible server with /files and /batches; one that has none answers 404 (NotFound).
            var o = Get(sp, name);
            var transport = Transport(sp, name, o);
            var settings = Settings(o, name);
            return new OpenAIBatchClient(transport, settings, BatchDialect.ForCompatible(new OpenAIChatClient(transport, settings), settings));
        });

    protected override IChatClient CreateChatClient(IServiceProvider services, string name, OpenAIOptions options)
        => new OpenAIChatClient(Transport(services, name, options), Settings(options, name));

    protected override IEmbeddingClient CreateEmbeddingClient(IServiceProvider services, string name, OpenAIOptions options)
        => new OpenAIEmbeddingClient(Transport(services, name, options), Settings(options, name));

    protected override void AddAuthHandlers(IHttpClientBuilder http, string name)
        => http.AddHttpMessageHandler(sp =>
        {
            var monitor = sp.GetRequiredService<IOptionsMonitor<OpenAIOptions>>();
            return new Auth.BearerTokenHandler(_ => ValueTask.FromResult(monitor.Get(name).ApiKey ?? string.Empty));
        });

    protected override void ApplyEnvironment(OpenAIOptions options, EnvironmentVariableReader environment)
    {
        if (options.BaseUrl is not null && (!options.BaseUrl.IsAbsoluteUri || !string.Equals(options.BaseUrl.Host, OpenAIHost, StringComparison.OrdinalIgnoreCase)))
        {
            return;
        }

        options.BaseUrl ??= environment.GetAbsoluteUri("OPENAI_BASE_URL");
        if (string.IsNullOrWhiteSpace(options.ApiKey))
        {
            options.ApiKey = environment.Get("OPENAI_API_KEY");
        }
    }

    protected override void Validate(OpenAIOptions options, OptionsFailures failures)
        => failures.RequireApiKey(options.ApiKey, options.BaseUrl is null ? "OPENAI_API_KEY" : null);
}
