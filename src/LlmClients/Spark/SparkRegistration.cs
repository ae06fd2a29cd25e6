
namespace LlmClients.Spark;

/// <summary>Registers Spark instances: chat and embedding clients and <see cref="SparkAuthHandler"/> (bearer or signed URL, per attempt).</summary>
internal sealed class SparkRegistration() : ProviderRegistration<SparkRegistration, SparkOptions>(SparkErrorMapper.Provider, SparkOptions.DefaultBaseUrl)
{
    internal static SparkSettings Settings(SparkOptions o, string name)
    {
        var chat = new OpenAICompatibleSettings
        {
            ProviderName = SparkErrorMapper.Provider,
            InstanceName = name,
            BaseUrl = BaseUrls.WithTrailingSlash(o.BaseUrl ?? SparkOptions.DefaultBaseUrl),
            DefaultModel = o.DefaultModel,
            DefaultEmbeddingModel = o.DefaultEmbeddingModel,
            Headers = o.RequestHeaders(),
            MaxEmbeddingBatchSize = 1,
            EmbeddingParallelism = o.EmbeddingParallelism,
            Vendor = "Spark",

            // Spark's HTTP chat takes text only, and only X1 has a reasoning switch (below).
            Reasoning = ReasoningDialect.None,
            Media = MediaInput.None,
        };
        return new SparkSettings
        {
            Chat = chat,
            // X1 takes thinking {"type": "enabled"|"disabled"}, as GLM does.
            X1 = chat with { BaseUrl = BaseUrls.WithTrailingSlash(o.X1BaseUrl ?? SparkOptions.DefaultX1BaseUrl), Reasoning = ReasoningDialect.ThinkingType },
            X1Models = new HashSet<string>(o.X1Models ?? [], StringComparer.OrdinalIgnoreCase),
            EmbeddingUrl = o.EmbeddingUrl ?? SparkOptions.DefaultEmbeddingUrl,
            AppId = o.AppId,
            HasChatCredentials = !string.IsNullOrWhiteSpace(o.ApiKey),
            HasEmbeddingCredentials = HasEmbeddingCredentials(o),
        };
    }

    protected override void Bind(OptionsBuilder<SparkOptions> options, IConfigurationSection section) => options.Bind(section);

    protected override VendorErrorMapper Errors(SparkOptions options) => SparkErrorMapper.Instance;

    protected override IChatClient CreateChatClient(IServiceProvider services, string name, SparkOptions options)
        => new SparkChatClient(Transport(services, name, options), Settings(options, name));

    protected override IEmbeddingClient CreateEmbeddingClient(IServiceProvider services, string name, SparkOptions options)
        => new SparkEmbeddingClient(Transport(services, name, options), Settings(options, name));

    protected override void AddAuthHandlers(IHttpClientBuilder http, string name)
        => http.AddHttpMessageHandler(sp => new SparkAuthHandler(() => Get(sp, name), sp.GetService<TimeProvider>() ?? TimeProvider.System));

    protected override void ApplyEnvironment(SparkOptions options, EnvironmentVariableReader environment)
    {
        options.BaseUrl ??= environment.GetAbsoluteUri("SPARK_BASE_URL");
        if (string.IsNullOrWhiteSpace(options.ApiKey))
        {
            options.ApiKey = environment.Get("SPARK_API_PASSWORD");
        }

        if (string.IsNullOrWhiteSpace(options.AppId))
        {
            options.AppId = environment.Get("SPARK_APP_ID");
        }

        if (string.IsNullOrWhiteSpace(options.AppKey))
        {
            options.AppKey = environment.Get("SPARK_API_KEY");
        }

        if (string.IsNullOrWhiteSpace(options.AppSecret))
        {
            options.AppSecret = environment.Get("SPARK_API_SECRET");
        }
    }

    protected override void Validate(SparkOptions options, OptionsFailures failures)
    {
        string?[] signing = [options.AppId, options.AppKey, options.AppSecret];
        int set = signing.Count(s => !string.IsNullOrWhiteSpace(s));
        if (string.IsNullOrWhiteSpace(options.ApiKey) && set == 0)
        {
            failures.Add(
                $"no credentials are set. For chat set {failures.Key("ApiKey")} to the console's APIPassword (or SPARK_API_PASSWORD); for embeddings set {failures.Key("AppId")}, {failures.Key("AppKey")} and {failures.Key("AppSecret")} (or SPARK_APP_ID, SPARK_API_KEY and SPARK_API_SECRET).");
        }
        else if (set is > 0 and < 3)
        {
            var missing = new[] { ("AppId", "SPARK_APP_ID"), ("AppKey", "SPARK_API_KEY"), ("AppSecret", "SPARK_API_SECRET") }
                .Where((_, i) => string.IsNullOrWhiteSpace(signing[i]))
                .Select(m => $"{failures.Key(m.Item1)} (or {m.Item2})");
            failures.Add($"embeddings need AppId, AppKey and AppSecret together; set {string.Join(" and ", missing)}.");
        }

        failures.RequireAbsoluteUrl("X1BaseUrl", options.X1BaseUrl, SparkOptions.DefaultX1BaseUrl);
        failures.RequireAbsoluteUrl("EmbeddingUrl", options.EmbeddingUrl, SparkOptions.DefaultEmbeddingUrl);
        if (options.MaxEmbeddingBatchSize is > 1)
        {
            failures.Add($"MaxEmbeddingBatchSize is {options.MaxEmbeddingBatchSize}, but Spark embeds one text per request; remove {failures.Key("MaxEmbeddingBatchSize")} (texts are sent one per request, EmbeddingParallelism at a time).");
        }

        if (options.X1Models is null)
        {
            failures.Add($"X1Models is null. Remove the null value of {failures.Key("X1Models")}.");
        }
    }

    private static bool HasEmbeddingCredentials(SparkOptions o)
        => !string.IsNullOrWhiteSpace(o.AppId) && !string.IsNullOrWhiteSpace(o.AppKey) && !string.IsNullOrWhiteSpace(o.AppSecret);
}
