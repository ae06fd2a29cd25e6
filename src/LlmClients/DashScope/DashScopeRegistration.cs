using LlmClients.DependencyInjection;
using LlmClients.Http;
using LlmClients.OpenAICompatible;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace LlmClients.DashScope;

/// <summary>Registers DashScope instances: chat and embeddings (native or compatible mode) and the keyed file client.</summary>
internal static class DashScopeRegistration
{
    public const string Vendor = "dashscope";

    public const string ApiKeyVariable = "DASHSCOPE_API_KEY";

    public static LlmProvidersBuilder Add(LlmProvidersBuilder builder, string name, IConfigurationSection? section, Action<DashScopeOptions>? configure)
    {
        builder.AddProviderOptions<DashScopeOptions>(
            name,
            section,
            configure,
            static (options, section) => options.Bind(section),
            configPath => new Validator(name, configPath),
            environment => new EnvironmentFallback(name, environment));
        builder.Services.AddKeyedSingleton<IDashScopeFileClient>(name, (sp, _) => new DashScopeFileClient(Transport(sp, name), Settings(sp, name)));

        builder.AddProvider(
                new ProviderDescriptor(name, Vendor, sp => CreateChatClient(sp, name), sp => CreateEmbeddingClient(sp, name)),
                sp => Get(sp, name).Resilience,
                _ => DashScopeErrorHandler.Instance)
            .AddHttpMessageHandler(sp =>
            {
                var monitor = sp.GetRequiredService<IOptionsMonitor<DashScopeOptions>>();
                return new Auth.BearerTokenHandler(_ => ValueTask.FromResult(monitor.Get(name).ApiKey ?? string.Empty));
            });
        return builder;
    }

    private static IChatClient CreateChatClient(IServiceProvider sp, string name)
    {
        var settings = Settings(sp, name);
        var files = sp.GetRequiredKeyedService<IDashScopeFileClient>(name);
        return settings.Mode == DashScopeMode.Compatible
            ? new DashScopeCompatibleChatClient(new OpenAIChatClient(Transport(sp, name), settings.ToCompatible()), settings, files)
            : new DashScopeChatClient(Transport(sp, name), settings, files);
    }

    private static IEmbeddingClient CreateEmbeddingClient(IServiceProvider sp, string name)
    {
        var settings = Settings(sp, name);
        return settings.Mode == DashScopeMode.Compatible
            ? new DashScopeCompatibleEmbeddingClient(Transport(sp, name), settings)
            : new DashScopeEmbeddingClient(Transport(sp, name), settings);
    }

    private static DashScopeOptions Get(IServiceProvider sp, string name) => sp.GetRequiredService<IOptionsMonitor<DashScopeOptions>>().Get(name);

    private static DashScopeSettings Settings(IServiceProvider sp, string name) => DashScopeSettings.From(Get(sp, name), name);

    private static LlmHttpTransport Transport(IServiceProvider sp, string name)
        => LlmProvidersBuilder.CreateTransport(sp, name, DashScopeErrorHandler.Instance, Get(sp, name).Resilience);

    private sealed class EnvironmentFallback(string name, EnvironmentVariableReader environment) : IPostConfigureOptions<DashScopeOptions>
    {
        public void PostConfigure(string? optionsName, DashScopeOptions options)
        {
            if (optionsName == name && string.IsNullOrWhiteSpace(options.ApiKey))
            {
                options.ApiKey = environment.Get(ApiKeyVariable);
            }
        }
    }

    private sealed class Validator(string name, string configPath) : IValidateOptions<DashScopeOptions>
    {
        public ValidateOptionsResult Validate(string? optionsName, DashScopeOptions options)
        {
            if (optionsName != name)
            {
                return ValidateOptionsResult.Skip;
            }

            var failures = new OptionsFailures(name, configPath);
            failures.RequireApiKey(options.ApiKey, ApiKeyVariable);
            failures.RequireAbsoluteUrl("BaseUrl", options.BaseUrl, DashScopeOptions.CnBaseUrl);
            failures.RequireAbsoluteUrl("CompatibleBaseUrl", options.CompatibleBaseUrl, DashScopeOptions.CnBaseUrl);

            if (!Enum.IsDefined(options.Region) || !Enum.IsDefined(options.Mode))
            {
                failures.Add($"Region must be Cn or Intl and Mode must be Native or Compatible ('{configPath}:Region', '{configPath}:Mode').");
            }

            failures.RequireAtLeastOne("MaxEmbeddingBatchSize", options.MaxEmbeddingBatchSize);
            failures.RequireAtLeastOne("EmbeddingParallelism", options.EmbeddingParallelism);

            return failures.Result;
        }
    }
}
