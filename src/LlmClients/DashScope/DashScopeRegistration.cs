using LlmClients.OpenAICompatible.Batches;

namespace LlmClients.DashScope;

/// <summary>Registers DashScope instances: chat and embeddings (native or compatible mode) and the keyed file client.</summary>
internal sealed class DashScopeRegistration() : ProviderRegistration<DashScopeRegistration, DashScopeOptions>(Vendor, DashScopeOptions.CnBaseUrl)
{
    public const string Vendor = "dashscope";

    public const string ApiKeyVariable = "DASHSCOPE_API_KEY";

    protected override void Bind(OptionsBuilder<DashScopeOptions> options, IConfigurationSection section) => options.Bind(section);

    protected override VendorErrorMapper Errors(DashScopeOptions options) => DashScopeErrorMapper.Instance;

    protected override void AddServices(LlmProvidersBuilder builder, string name)
    {
        builder.Services.AddKeyedSingleton<IDashScopeFileClient>(name, (sp, _) =>
        {
            var o = Get(sp, name);
            return new DashScopeFileClient(Transport(sp, name, o), DashScopeSettings.From(o, name));
        });
        builder.Services.AddKeyedSingleton<IDashScopeNativeFileClient>(name, (sp, _) =>
        {
            var o = Get(sp, name);
            return new DashScopeNativeFileClient(Transport(sp, name, o), DashScopeSettings.From(o, name));
        });
        builder.Services.AddKeyedSingleton<IDashScopeTaskClient>(name, (sp, _) =>
        {
            var o = Get(sp, name);
            return new DashScopeTaskClient(Transport(sp, name, o), DashScopeSettings.From(o, name));
        });
        builder.Services.AddKeyedSingleton<IDashScopeBatchEmbeddingClient>(name, (sp, _) =>
            new DashScopeBatchEmbeddingClient((DashScopeTaskClient)sp.GetRequiredKeyedService<IDashScopeTaskClient>(name)));
        builder.Services.AddKeyedSingleton<IBatchClient>(name, (sp, _) => CreateBatchClient(sp, name));
    }

    /// <summary>The Batch API lives in compatible mode whatever the instance's mode: its files and batches routes, its chat and embedding bodies.</summary>
    private OpenAIBatchClient CreateBatchClient(IServiceProvider sp, string name)
    {
        var o = Get(sp, name);
        var transport = Transport(sp, name, o);
        var settings = DashScopeSettings.From(o, name);
        var compatible = settings.ToCompatible();
        var chat = new DashScopeCompatibleChatClient(new OpenAIChatClient(transport, compatible), settings);
        return new OpenAIBatchClient(transport, compatible, new BatchDialect
        {
            // DashScope: at most 50,000 requests and 500 MB per file, 6 MB per line.
            MaxBytesPerFile = 500L * 1024 * 1024,
            MaxLineBytes = 6L * 1024 * 1024,
            ChatBody = chat.BuildBody,
            EmbeddingBodies = (values, options) =>
            {
                var (list, model) = RequestValidation.Embeddings(values, options, settings.DefaultEmbeddingModel, settings.InstanceName);

                // Each line holds one text, so the per-request text cap does not bind; the per-text and dimension checks do.
                var (_, sendDimensions) = DashScopeEmbeddingModels.Check(model, list, options?.Dimensions, settings.MaxEmbeddingBatchSize);
                var sent = new EmbeddingGenerationOptions { ModelId = model, Dimensions = sendDimensions ? options?.Dimensions : null, AdditionalProperties = options?.AdditionalProperties };
                return text => OpenAIEmbeddingClient.BuildBody([text], model, sent);
            },
        });
    }

    protected override IChatClient CreateChatClient(IServiceProvider services, string name, DashScopeOptions options)
    {
        var settings = DashScopeSettings.From(options, name);
        var files = services.GetRequiredKeyedService<IDashScopeFileClient>(name);
        return settings.Mode == DashScopeMode.Compatible
            ? new DashScopeCompatibleChatClient(new OpenAIChatClient(Transport(services, name, options), settings.ToCompatible()), settings, files)
            : new DashScopeChatClient(Transport(services, name, options), settings, files);
    }

    protected override IEmbeddingClient CreateEmbeddingClient(IServiceProvider services, string name, DashScopeOptions options)
    {
        var settings = DashScopeSettings.From(options, name);
        return settings.Mode == DashScopeMode.Compatible
            ? new DashScopeCompatibleEmbeddingClient(Transport(services, name, options), settings)
            : new DashScopeEmbeddingClient(Transport(services, name, options), settings);
    }

    protected override void AddAuthHandlers(IHttpClientBuilder http, string name)
        => http.AddHttpMessageHandler(sp =>
        {
            var monitor = sp.GetRequiredService<IOptionsMonitor<DashScopeOptions>>();
            return new Auth.BearerTokenHandler(_ => ValueTask.FromResult(monitor.Get(name).ApiKey ?? string.Empty));
        });

    protected override void ApplyEnvironment(DashScopeOptions options, EnvironmentVariableReader environment)
    {
        if (string.IsNullOrWhiteSpace(options.ApiKey))
        {
            options.ApiKey = environment.Get(ApiKeyVariable);
        }
    }

    protected override void Validate(DashScopeOptions options, OptionsFailures failures)
    {
        failures.RequireApiKey(options.ApiKey, ApiKeyVariable);
        failures.RequireAbsoluteUrl("CompatibleBaseUrl", options.CompatibleBaseUrl, DashScopeOptions.CnBaseUrl);
        try
        {
            (options.Polling ?? throw new ArgumentException("Polling is null.")).Validate("Polling");
        }
        catch (ArgumentException ex)
        {
            failures.Add($"{ex.Message} ({failures.Key("Polling")})");
        }

        if (!Enum.IsDefined(options.Region) || !Enum.IsDefined(options.Mode))
        {
            failures.Add($"Region must be Cn or Intl and Mode must be Native or Compatible ({failures.Key("Region")}, {failures.Key("Mode")}).");
        }
    }
}
