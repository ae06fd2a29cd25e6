using LlmClients.Auth;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace LlmClients.Qianfan;

/// <summary>
/// Registers Qianfan instances. The handler chain of the named client is: retry, then <see cref="QianfanAuthHandler"/>
/// (110/111 refresh-and-resend; pass-through in v2), then <see cref="QueryTokenHandler"/> (v1 <c>access_token</c>) or
/// <see cref="BearerTokenHandler"/> (v2). The token exchange uses a separate named client with neither.
/// </summary>
internal sealed class QianfanRegistration() : ProviderRegistration<QianfanRegistration, QianfanOptions>(Vendor)
{
    public const string Vendor = QianfanErrorMapper.Provider;

    /// <summary>How long one token exchange may take (it is shared by every waiting call, so it must be bounded).</summary>
    private static readonly TimeSpan ExchangeTimeout = TimeSpan.FromSeconds(30);

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
        Headers = o.RequestHeaders(),
        CustomEndpoints = new Dictionary<string, string>(o.CustomEndpoints, StringComparer.OrdinalIgnoreCase),
        CustomEmbeddingEndpoints = new Dictionary<string, string>(o.CustomEmbeddingEndpoints, StringComparer.OrdinalIgnoreCase),
        MaxEmbeddingBatchSize = o.MaxEmbeddingBatchSize,
        EmbeddingParallelism = o.EmbeddingParallelism,
    };

    /// <summary>Resolves the v2 settings for the OpenAI-compatible adapter.</summary>
    internal static OpenAICompatibleSettings V2Settings(QianfanOptions o, string name)
    {
        return new OpenAICompatibleSettings
        {
            ProviderName = Vendor,
            InstanceName = name,
            BaseUrl = BaseUrls.WithTrailingSlash(o.V2BaseUrl ?? QianfanOptions.DefaultV2BaseUrl),
            DefaultModel = o.DefaultModel,
            DefaultEmbeddingModel = o.DefaultEmbeddingModel,
            Headers = o.RequestHeaders(("appid", o.AppId)),
            UseMaxCompletionTokens = false,
            MaxEmbeddingBatchSize = o.MaxEmbeddingBatchSize ?? QianfanModels.MaxEmbeddingBatch,
            EmbeddingParallelism = o.EmbeddingParallelism,
            Vendor = "Qianfan",
            SendReasoningContent = o.SendReasoningContent,

            // v2 is OpenAI-compatible: reasoning_effort, image_url parts for ERNIE vision models (audio is not documented).
            Media = MediaInput.Image,
        };
    }

    protected override void Bind(OptionsBuilder<QianfanOptions> options, IConfigurationSection section) => options.Bind(section);

    protected override VendorErrorMapper Errors(QianfanOptions options) => options.UsesV2 ? QianfanV2ErrorMapper.Instance : QianfanErrorMapper.Instance;

    protected override void AddServices(LlmProvidersBuilder builder, string name)
    {
        builder.Services.TryAddSingleton<QianfanTokenCaches>();
        // Its URL carries client_id and client_secret: our own client rules (no logging, no redirects, no host resilience),
        // with a bounded timeout because the exchange is shared by every waiting call.
        LlmProvidersBuilder.ConfigureOwnClient(builder.Services.AddHttpClient(OAuthClientName(name)))
            .ConfigureHttpClient(client =>
            {
                client.Timeout = ExchangeTimeout;

                // A token answer is a few hundred bytes; a larger body fails the exchange instead of growing memory.
                client.MaxResponseContentBufferSize = 1024 * 1024;
            })
            .AddHttpMessageHandler(() => new UserAgentHandler());
    }

    protected override IChatClient CreateChatClient(IServiceProvider services, string name, QianfanOptions options)
        => options.UsesV2
            ? new OpenAIChatClient(Transport(services, name, options), V2Settings(options, name))
            : new QianfanChatClient(Transport(services, name, options), Settings(options, name) with { InvalidateToken = Cache(services, name).Invalidate });

    protected override IEmbeddingClient CreateEmbeddingClient(IServiceProvider services, string name, QianfanOptions options)
        => options.UsesV2
            ? new OpenAIEmbeddingClient(Transport(services, name, options), V2Settings(options, name))
            : new QianfanEmbeddingClient(Transport(services, name, options), Settings(options, name));

    protected override void AddAuthHandlers(IHttpClientBuilder http, string name)
        => http
            .AddHttpMessageHandler(sp => new QianfanAuthHandler(
                Get(sp, name).UsesV2 ? null : Cache(sp, name),
                sp.GetService<ILoggerFactory>()?.CreateLogger("LlmClients.Qianfan")))
            .AddHttpMessageHandler(sp =>
            {
                if (Get(sp, name).UsesIam)
                {
                    return new BearerTokenHandler(IamCache(sp, name).GetTokenAsync);
                }

                if (Get(sp, name).UsesV2)
                {
                    var monitor = sp.GetRequiredService<IOptionsMonitor<QianfanOptions>>();
                    return new BearerTokenHandler(_ => ValueTask.FromResult(monitor.Get(name).V2ApiKey ?? string.Empty));
                }

                return new QueryTokenHandler("access_token", Cache(sp, name).GetTokenAsync);
            });

    protected override void ApplyEnvironment(QianfanOptions options, EnvironmentVariableReader environment)
    {
        // Only when no credential is configured at all: configuration never mixes with the environment.
        if (!string.IsNullOrWhiteSpace(options.ApiKey) || !string.IsNullOrWhiteSpace(options.SecretKey) || !string.IsNullOrWhiteSpace(options.V2ApiKey) || options.UsesIam)
        {
            return;
        }

        options.IamAccessKey = environment.Get("QIANFAN_ACCESS_KEY");
        options.IamSecretKey = environment.Get("QIANFAN_SECRET_KEY");
        if (options.UsesIam)
        {
            return;
        }

        options.ApiKey = environment.Get("QIANFAN_AK");
        options.SecretKey = environment.Get("QIANFAN_SK");
        options.V2ApiKey = environment.Get("QIANFAN_API_KEY");
    }

    protected override IEnumerable<string?> Secrets(QianfanOptions options)
        => [.. base.Secrets(options), options.SecretKey, options.V2ApiKey];

    protected override void Validate(QianfanOptions options, OptionsFailures failures)
    {
        bool ak = !string.IsNullOrWhiteSpace(options.ApiKey), sk = !string.IsNullOrWhiteSpace(options.SecretKey), v2 = options.UsesV2;
        if (options.UsesIam && (string.IsNullOrWhiteSpace(options.IamAccessKey) || string.IsNullOrWhiteSpace(options.IamSecretKey)))
        {
            failures.Add($"IAM bearer tokens need both {failures.Key("IamAccessKey")} and {failures.Key("IamSecretKey")} (or QIANFAN_ACCESS_KEY and QIANFAN_SECRET_KEY); one is blank.");
        }

        if (options.UsesIam && !string.IsNullOrWhiteSpace(options.V2ApiKey))
        {
            failures.Add($"both a v2 key ({failures.Key("V2ApiKey")}) and IAM keys ({failures.Key("IamAccessKey")}) are set; keep one: the permanent API key, or the IAM keys that exchange for short-lived bearer tokens.");
        }

        if (options.BearerTokenLifetime < TimeSpan.FromMinutes(5) || options.BearerTokenLifetime > TimeSpan.FromDays(30))
        {
            failures.Add($"BearerTokenLifetime must be between 5 minutes and 30 days ({failures.Key("BearerTokenLifetime")}), as IAM allows.");
        }

        failures.RequireAbsoluteUrl("IamBaseUrl", options.IamBaseUrl);
        if (v2 && (ak || sk))
        {
            failures.Add($"both v1 credentials ({(ak ? "ApiKey" : "SecretKey")}) and a v2 key (V2ApiKey) are set, so it is unclear which Qianfan API to call. Keep either {failures.Key("ApiKey")} + {failures.Key("SecretKey")} (v1, access-token exchange) or {failures.Key("V2ApiKey")} (v2, OpenAI-compatible), not both.");
        }
        else if (!v2 && !ak && !sk)
        {
            failures.Add($"no Qianfan credentials are set. For v1 set {failures.Key("ApiKey")} and {failures.Key("SecretKey")} (or QIANFAN_AK and QIANFAN_SK); for v2 set {failures.Key("V2ApiKey")} (or QIANFAN_API_KEY).");
        }
        else if (!v2 && !ak)
        {
            failures.Add($"SecretKey is set but ApiKey (AK) is blank. Set {failures.Key("ApiKey")} (or QIANFAN_AK) to the application's API Key.");
        }
        else if (!v2 && !sk)
        {
            failures.Add($"ApiKey is set but SecretKey (SK) is blank. Set {failures.Key("SecretKey")} (or QIANFAN_SK) to the application's Secret Key.");
        }

        failures.RequireSingleLine("SecretKey", options.SecretKey);
        failures.RequireSingleLine("V2ApiKey", options.V2ApiKey);
        failures.RequireSingleLine("AppId", options.AppId);
        failures.RequireAbsoluteUrl("OAuthBaseUrl", options.OAuthBaseUrl);
        failures.RequireAbsoluteUrl("V2BaseUrl", options.V2BaseUrl);
        if (options.TokenRefreshMargin < TimeSpan.Zero)
        {
            failures.Add($"TokenRefreshMargin must not be negative ({failures.Key("TokenRefreshMargin")}).");
        }
    }

    private static AccessTokenCache IamCache(IServiceProvider sp, string name)
    {
        var o = Get(sp, name);
        var iam = BaseUrls.WithTrailingSlash(o.IamBaseUrl ?? QianfanOptions.DefaultIamBaseUrl);
        var time = sp.GetService<TimeProvider>() ?? TimeProvider.System;
        return sp.GetRequiredService<QianfanTokenCaches>().Get(iam, o.IamAccessKey ?? string.Empty, o.IamSecretKey ?? string.Empty, () =>
        {
            var exchange = new QianfanIamTokenExchange(sp.GetRequiredService<IHttpClientFactory>(), OAuthClientName(name), iam, o.IamAccessKey ?? string.Empty, o.IamSecretKey ?? string.Empty, o.BearerTokenLifetime, name, time);
            return new AccessTokenCache(
                exchange.ExchangeAsync, time, o.TokenRefreshMargin, sp.GetService<LlmTokenStore>(), TokenStoreKey.For("qianfan-iam", iam.AbsoluteUri, o.IamAccessKey, o.IamSecretKey));
        });
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
                sp.GetService<ILoggerFactory>()?.CreateLogger(Telemetry.Log.QianfanCategory),
                o.Telemetry?.Enabled ?? true);

            // With a shared token store (UseRedis), one exchange serves every process holding the same AK/SK.
            return new AccessTokenCache(
                exchange.ExchangeAsync, time, o.TokenRefreshMargin, sp.GetService<LlmTokenStore>(), TokenStoreKey.For("qianfan", oauth.AbsoluteUri, o.ApiKey, o.SecretKey));
        });
    }
}
