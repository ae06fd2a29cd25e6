using LlmClients.Auth;
using LlmClients.DependencyInjection;
using LlmClients.Http;
using LlmClients.OpenAICompatible;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

using LlmClients.Shared;

namespace LlmClients.Qianfan;

/// <summary>
/// Registers Qianfan instances. The handler chain of the named client is: retry, then <see cref="QianfanAuthHandler"/>
/// (110/111 refresh-and-resend; pass-through in v2), then <see cref="QueryTokenHandler"/> (v1 <c>access_token</c>) or
/// <see cref="BearerTokenHandler"/> (v2). The token exchange uses a separate named client with neither.
/// </summary>
internal static class QianfanRegistration
{
    public const string Vendor = QianfanErrorHandler.Provider;

    /// <summary>How long one token exchange may take (it is shared by every waiting call, so it must be bounded).</summary>
    private static readonly TimeSpan ExchangeTimeout = TimeSpan.FromSeconds(30);

    public static LlmProvidersBuilder Add(LlmProvidersBuilder builder, string name, IConfigurationSection? section, Action<QianfanOptions>? configure)
    {
        builder.AddProviderOptions<QianfanOptions>(
            name,
            section,
            configure,
            static (options, section) => options.Bind(section),
            configPath => new Validator(name, configPath),
            environment => new EnvironmentFallback(name, environment));
        builder.Services.TryAddSingleton<QianfanTokenCaches>();
        builder.Services.AddHttpClient(OAuthClientName(name)).ConfigureHttpClient(client => client.Timeout = ExchangeTimeout).RemoveAllLoggers(); // its URL carries client_secret

        builder.AddProvider(
                new ProviderDescriptor(name, Vendor, sp => CreateChatClient(sp, name), sp => CreateEmbeddingClient(sp, name)),
                sp => Get(sp, name).Resilience,
                sp => CreateErrors(Get(sp, name)))
            .AddHttpMessageHandler(sp => new QianfanAuthHandler(
                Get(sp, name).UsesV2 ? null : Cache(sp, name),
                sp.GetService<ILoggerFactory>()?.CreateLogger("LlmClients.Qianfan")))
            .AddHttpMessageHandler(sp =>
            {
                var o = Get(sp, name);
                if (o.UsesV2)
                {
                    var monitor = sp.GetRequiredService<IOptionsMonitor<QianfanOptions>>();
                    return new BearerTokenHandler(_ => ValueTask.FromResult(monitor.Get(name).V2ApiKey ?? string.Empty));
                }

                var cache = Cache(sp, name);
                return new QueryTokenHandler("access_token", cache.GetTokenAsync);
            });
        return builder;
    }

    /// <summary>Gets the name of the HttpClient used for the token exchange of an instance.</summary>
    /// <param name="instanceName">The instance name.</param>
    /// <returns>The client name.</returns>
    internal static string OAuthClientName(string instanceName) => LlmProvidersBuilder.GetHttpClientName(instanceName) + ".OAuth";

    /// <summary>Resolves the v1 settings.</summary>
    internal static QianfanSettings Settings(QianfanOptions o, string name) => new()
    {
        InstanceName = name,
        BaseUrl = BaseUrls.WithTrailingSlash(o.BaseUrl ?? QianfanOptions.DefaultBaseUrl),
        DefaultModel = o.DefaultModel,
        DefaultEmbeddingModel = o.DefaultEmbeddingModel,
        CustomEndpoints = new Dictionary<string, string>(o.CustomEndpoints, StringComparer.OrdinalIgnoreCase),
        CustomEmbeddingEndpoints = new Dictionary<string, string>(o.CustomEmbeddingEndpoints, StringComparer.OrdinalIgnoreCase),
        EmbeddingParallelism = o.EmbeddingParallelism,
    };

    /// <summary>Resolves the v2 settings for the OpenAI-compatible adapter.</summary>
    internal static OpenAICompatibleSettings V2Settings(QianfanOptions o, string name)
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (!string.IsNullOrWhiteSpace(o.AppId))
        {
            headers["appid"] = o.AppId;
        }

        return new OpenAICompatibleSettings
        {
            ProviderName = Vendor,
            InstanceName = name,
            BaseUrl = BaseUrls.WithTrailingSlash(o.V2BaseUrl ?? QianfanOptions.DefaultV2BaseUrl),
            DefaultModel = o.DefaultModel,
            DefaultEmbeddingModel = o.DefaultEmbeddingModel,
            Headers = headers,
            UseMaxCompletionTokens = false,
            MaxEmbeddingBatchSize = QianfanModels.MaxEmbeddingBatch,
            EmbeddingParallelism = o.EmbeddingParallelism,
            Vendor = "Qianfan",
            SendReasoningContent = o.SendReasoningContent,

            // v2 is OpenAI-compatible: reasoning_effort, image_url parts for ERNIE vision models (audio is not documented).
            Media = MediaInput.Image,
        };
    }

    private static VendorErrorHandler CreateErrors(QianfanOptions o) => o.UsesV2 ? QianfanV2ErrorHandler.Instance : new QianfanErrorHandler();

    private static QianfanOptions Get(IServiceProvider sp, string name) => sp.GetRequiredService<IOptionsMonitor<QianfanOptions>>().Get(name);

    private static LlmHttpTransport Transport(IServiceProvider sp, string name, QianfanOptions o)
        => LlmProvidersBuilder.CreateTransport(sp, name, CreateErrors(o), o.Resilience);

    private static IChatClient CreateChatClient(IServiceProvider sp, string name)
    {
        var o = Get(sp, name);
        return o.UsesV2 ? new OpenAIChatClient(Transport(sp, name, o), V2Settings(o, name)) : new QianfanChatClient(Transport(sp, name, o), Settings(o, name) with { InvalidateToken = Cache(sp, name).Invalidate });
    }

    private static IEmbeddingClient CreateEmbeddingClient(IServiceProvider sp, string name)
    {
        var o = Get(sp, name);
        return o.UsesV2 ? new OpenAIEmbeddingClient(Transport(sp, name, o), V2Settings(o, name)) : new QianfanEmbeddingClient(Transport(sp, name, o), Settings(o, name));
    }

    private static AccessTokenCache Cache(IServiceProvider sp, string name)
    {
        var o = Get(sp, name);
        var oauth = BaseUrls.WithTrailingSlash(o.OAuthBaseUrl ?? QianfanOptions.DefaultOAuthBaseUrl);
        var time = sp.GetService<TimeProvider>() ?? TimeProvider.System;
        return sp.GetRequiredService<QianfanTokenCaches>().Get(oauth, o.ApiKey ?? string.Empty, o.SecretKey ?? string.Empty, () =>
        {
            var exchange = new QianfanTokenExchange(
                sp.GetRequiredService<IHttpClientFactory>(),
                OAuthClientName(name),
                oauth,
                o.ApiKey,
                o.SecretKey,
                name,
                time,
                sp.GetService<ILoggerFactory>()?.CreateLogger("LlmClients.Qianfan"));
            return new AccessTokenCache(exchange.ExchangeAsync, time, o.TokenRefreshMargin);
        });
    }

    private sealed class EnvironmentFallback(string name, EnvironmentVariableReader environment) : IPostConfigureOptions<QianfanOptions>
    {
        public void PostConfigure(string? optionsName, QianfanOptions options)
        {
            // Only when no credential is configured at all: configuration never mixes with the environment.
            if (optionsName != name || !string.IsNullOrWhiteSpace(options.ApiKey) || !string.IsNullOrWhiteSpace(options.SecretKey) || !string.IsNullOrWhiteSpace(options.V2ApiKey))
            {
                return;
            }

            options.ApiKey = environment.Get("QIANFAN_AK");
            options.SecretKey = environment.Get("QIANFAN_SK");
            options.V2ApiKey = environment.Get("QIANFAN_API_KEY");
        }
    }

    private sealed class Validator(string name, string configPath) : IValidateOptions<QianfanOptions>
    {
        public ValidateOptionsResult Validate(string? optionsName, QianfanOptions options)
        {
            if (optionsName != name)
            {
                return ValidateOptionsResult.Skip;
            }

            var failures = new OptionsFailures(name, configPath);
            bool ak = !string.IsNullOrWhiteSpace(options.ApiKey), sk = !string.IsNullOrWhiteSpace(options.SecretKey), v2 = options.UsesV2;
            if (v2 && (ak || sk))
            {
                failures.Add($"both v1 credentials ({(ak ? "ApiKey" : "SecretKey")}) and a v2 key (V2ApiKey) are set, so it is unclear which Qianfan API to call. Keep either '{configPath}:ApiKey' + '{configPath}:SecretKey' (v1, access-token exchange) or '{configPath}:V2ApiKey' (v2, OpenAI-compatible), not both.");
            }
            else if (!v2 && !ak && !sk)
            {
                failures.Add($"no Qianfan credentials are set. For v1 set '{configPath}:ApiKey' and '{configPath}:SecretKey' (or QIANFAN_AK and QIANFAN_SK); for v2 set '{configPath}:V2ApiKey' (or QIANFAN_API_KEY).");
            }
            else if (!v2 && !ak)
            {
                failures.Add($"SecretKey is set but ApiKey (AK) is blank. Set '{configPath}:ApiKey' (or QIANFAN_AK) to the application's API Key.");
            }
            else if (!v2 && !sk)
            {
                failures.Add($"ApiKey is set but SecretKey (SK) is blank. Set '{configPath}:SecretKey' (or QIANFAN_SK) to the application's Secret Key.");
            }

            failures.RequireAbsoluteUrl("OAuthBaseUrl", options.OAuthBaseUrl);
            failures.RequireAbsoluteUrl("BaseUrl", options.BaseUrl);
            failures.RequireAbsoluteUrl("V2BaseUrl", options.V2BaseUrl);
            failures.RequireAtLeastOne("EmbeddingParallelism", options.EmbeddingParallelism);

            if (options.TokenRefreshMargin < TimeSpan.Zero)
            {
                failures.Add($"TokenRefreshMargin must not be negative ('{configPath}:TokenRefreshMargin').");
            }

            return failures.Result;
        }
    }
}
