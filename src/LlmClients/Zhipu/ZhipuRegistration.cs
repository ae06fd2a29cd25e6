using LlmClients.Auth;
using LlmClients.DependencyInjection;
using LlmClients.Http;
using LlmClients.OpenAICompatible;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

using LlmClients.Shared;

namespace LlmClients.Zhipu;

/// <summary>Registers Zhipu instances: chat and embedding clients, the async-task and CogView clients, and the auth handler.</summary>
internal static class ZhipuRegistration
{
    public const string Vendor = "zhipu";

    public static LlmProvidersBuilder Add(LlmProvidersBuilder builder, string name, IConfigurationSection? section, Action<ZhipuOptions>? configure)
    {
        builder.AddProviderOptions<ZhipuOptions>(
            name,
            section,
            configure,
            static (options, section) => options.Bind(section),
            configPath => new Validator(name, configPath),
            environment => new EnvironmentFallback(name, environment));

        // One token provider per instance, so the JWT cache outlives the pooled HTTP handlers.
        builder.Services.AddKeyedSingleton(name, (sp, _) =>
        {
            var o = Get(sp, name);
            return new ZhipuTokenProvider(o.ApiKey, o.AuthMode, o.JwtTimeToLive, sp.GetService<TimeProvider>() ?? TimeProvider.System);
        });
        builder.Services.AddKeyedSingleton<IZhipuAsyncChatClient>(name, (sp, _) => GetChat(sp, name).AsyncTasks);
        builder.Services.AddKeyedSingleton<IZhipuImageClient>(name, (sp, _) => GetChat(sp, name).Images);

        builder.AddProvider(
                new ProviderDescriptor(
                    name,
                    Vendor,
                    sp => new ZhipuChatClient(Transport(sp, name), Settings(Get(sp, name), name), Get(sp, name).Polling),
                    sp => new ZhipuEmbeddingClient(Transport(sp, name), Settings(Get(sp, name), name))),
                sp => Get(sp, name).Resilience,
                _ => new ZhipuErrorHandler())
            .AddHttpMessageHandler(sp => new BearerTokenHandler(sp.GetRequiredKeyedService<ZhipuTokenProvider>(name).GetTokenAsync));
        return builder;
    }

    internal static OpenAICompatibleSettings Settings(ZhipuOptions o, string name) => new()
    {
        ProviderName = Vendor,
        InstanceName = name,
        BaseUrl = BaseUrls.WithTrailingSlash(o.BaseUrl ?? ZhipuOptions.DefaultBaseUrl),
        DefaultModel = o.DefaultModel,
        DefaultEmbeddingModel = o.DefaultEmbeddingModel,
        MaxEmbeddingBatchSize = o.MaxEmbeddingBatchSize,
        EmbeddingParallelism = o.EmbeddingParallelism,
        Vendor = "Zhipu",
        Reasoning = ReasoningDialect.ThinkingType,
        SendReasoningContent = o.SendReasoningContent,

        // GLM vision models (glm-4v*) take image_url parts; no Zhipu chat model in our reference takes input_audio.
        Media = MediaInput.Image,
    };

    private static ZhipuOptions Get(IServiceProvider sp, string name) => sp.GetRequiredService<IOptionsMonitor<ZhipuOptions>>().Get(name);

    private static ZhipuChatClient GetChat(IServiceProvider sp, string name) => (ZhipuChatClient)sp.GetRequiredKeyedService<IChatClient>(name);

    private static LlmHttpTransport Transport(IServiceProvider sp, string name)
        => LlmProvidersBuilder.CreateTransport(sp, name, new ZhipuErrorHandler(), Get(sp, name).Resilience);

    private sealed class EnvironmentFallback(string name, EnvironmentVariableReader environment) : IPostConfigureOptions<ZhipuOptions>
    {
        public void PostConfigure(string? optionsName, ZhipuOptions options)
        {
            if (optionsName != name)
            {
                return;
            }

            options.BaseUrl ??= environment.GetAbsoluteUri("ZHIPUAI_BASE_URL");

            if (string.IsNullOrWhiteSpace(options.ApiKey))
            {
                options.ApiKey = environment.Get("ZHIPUAI_API_KEY");
            }
        }
    }

    private sealed class Validator(string name, string configPath) : IValidateOptions<ZhipuOptions>
    {
        public ValidateOptionsResult Validate(string? optionsName, ZhipuOptions options)
        {
            if (optionsName != name)
            {
                return ValidateOptionsResult.Skip;
            }

            var failures = new OptionsFailures(name, configPath);
            failures.RequireApiKey(options.ApiKey, "ZHIPUAI_API_KEY");
            if (!string.IsNullOrWhiteSpace(options.ApiKey) && options.AuthMode == ZhipuAuthMode.Jwt && !ZhipuJwt.IsValidKey(options.ApiKey))
            {
                failures.Add($"{ZhipuJwt.KeyFormatMessage} ('{configPath}:ApiKey', '{configPath}:AuthMode')");
            }

            if (options.AuthMode == ZhipuAuthMode.Jwt && options.JwtTimeToLive < TimeSpan.FromSeconds(10))
            {
                failures.Add($"JwtTimeToLive must be at least 10 seconds; the default is 210 seconds ('{configPath}:JwtTimeToLive').");
            }

            failures.RequireAbsoluteUrl("BaseUrl", options.BaseUrl, ZhipuOptions.DefaultBaseUrl);

            failures.RequireAtLeastOne("MaxEmbeddingBatchSize", options.MaxEmbeddingBatchSize);
            failures.RequireAtLeastOne("EmbeddingParallelism", options.EmbeddingParallelism);

            try
            {
                (options.Polling ?? throw new ArgumentException("Polling is null.")).Validate("Polling");
            }
            catch (ArgumentException ex)
            {
                failures.Add($"{ex.Message} ('{configPath}:Polling')");
            }

            return failures.Result;
        }
    }
}
