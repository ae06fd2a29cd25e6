using LlmClients.DependencyInjection;
using LlmClients.Http;
using LlmClients.OpenAICompatible;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace LlmClients.OpenAI;

/// <summary>Registers OpenAI-compatible instances.</summary>
internal static class OpenAIRegistration
{
    public const string Vendor = "openai";

    public static LlmProvidersBuilder Add(LlmProvidersBuilder builder, string name, IConfigurationSection? section, Action<OpenAIOptions>? configure)
    {
        builder.AddProviderOptions<OpenAIOptions>(
            name,
            section,
            configure,
            static (options, section) => options.Bind(section),
            configPath => new Validator(name, configPath),
            environment => new EnvironmentFallback(name, environment));

        builder.AddProvider(
                new ProviderDescriptor(name, Vendor, sp => new OpenAIChatClient(Transport(sp, name), Settings(sp, name)), sp => new OpenAIEmbeddingClient(Transport(sp, name), Settings(sp, name))),
                sp => Get(sp, name).Resilience,
                _ => new OpenAIErrorHandler(Vendor))
            .AddHttpMessageHandler(sp =>
            {
                var monitor = sp.GetRequiredService<IOptionsMonitor<OpenAIOptions>>();
                return new Auth.BearerTokenHandler(_ => ValueTask.FromResult(monitor.Get(name).ApiKey ?? string.Empty));
            });
        return builder;
    }

    internal static OpenAICompatibleSettings Settings(OpenAIOptions o, string name)
    {
        var baseUrl = BaseUrls.WithTrailingSlash(o.BaseUrl ?? OpenAIOptions.DefaultBaseUrl);
        var headers = new Dictionary<string, string>(o.Headers, StringComparer.OrdinalIgnoreCase);
        if (!string.IsNullOrWhiteSpace(o.Organization))
        {
            headers["OpenAI-Organization"] = o.Organization;
        }

        if (!string.IsNullOrWhiteSpace(o.Project))
        {
            headers["OpenAI-Project"] = o.Project;
        }

        var provider = !string.IsNullOrWhiteSpace(o.ProviderName) ? o.ProviderName.Trim().ToLowerInvariant()
            : baseUrl.Host.EndsWith("deepseek.com", StringComparison.OrdinalIgnoreCase) ? "deepseek"
            : Vendor;
        return new OpenAICompatibleSettings
        {
            ProviderName = provider,
            SendReasoningContent = o.SendReasoningContent ?? provider == "deepseek",
            InstanceName = name,
            BaseUrl = baseUrl,
            DefaultModel = o.DefaultModel,
            DefaultEmbeddingModel = o.DefaultEmbeddingModel,
            Headers = headers,
            UseMaxCompletionTokens = o.UseMaxCompletionTokens ?? baseUrl.Host.Equals(OpenAIOptions.DefaultBaseUrl.Host, StringComparison.OrdinalIgnoreCase),
            MaxEmbeddingBatchSize = o.MaxEmbeddingBatchSize,
            EmbeddingParallelism = o.EmbeddingParallelism,
        };
    }

    private static OpenAIOptions Get(IServiceProvider sp, string name) => sp.GetRequiredService<IOptionsMonitor<OpenAIOptions>>().Get(name);

    private static OpenAICompatibleSettings Settings(IServiceProvider sp, string name) => Settings(Get(sp, name), name);

    private static LlmHttpTransport Transport(IServiceProvider sp, string name)
        => LlmProvidersBuilder.CreateTransport(sp, name, new OpenAIErrorHandler(Vendor), Get(sp, name).Resilience);

    private sealed class EnvironmentFallback(string name, EnvironmentVariableReader environment) : IPostConfigureOptions<OpenAIOptions>
    {
        public void PostConfigure(string? optionsName, OpenAIOptions options)
        {
            if (optionsName != name || options.BaseUrl is not null && (!options.BaseUrl.IsAbsoluteUri || !string.Equals(options.BaseUrl.Host, OpenAIOptions.DefaultBaseUrl.Host, StringComparison.OrdinalIgnoreCase)))
            {
                return;
            }

            options.BaseUrl ??= environment.GetAbsoluteUri("OPENAI_BASE_URL");

            if (string.IsNullOrWhiteSpace(options.ApiKey))
            {
                options.ApiKey = environment.Get("OPENAI_API_KEY");
            }
        }
    }

    private sealed class Validator(string name, string configPath) : IValidateOptions<OpenAIOptions>
    {
        public ValidateOptionsResult Validate(string? optionsName, OpenAIOptions options)
        {
            if (optionsName != name)
            {
                return ValidateOptionsResult.Skip;
            }

            var failures = new OptionsFailures(name, configPath);
            failures.RequireApiKey(options.ApiKey, options.BaseUrl is null ? "OPENAI_API_KEY" : null);
            failures.RequireAbsoluteUrl("BaseUrl", options.BaseUrl, "https://api.deepseek.com/v1");
            failures.RequireAtLeastOne("MaxEmbeddingBatchSize", options.MaxEmbeddingBatchSize);
            failures.RequireAtLeastOne("EmbeddingParallelism", options.EmbeddingParallelism);

            return failures.Result;
        }
    }
}
