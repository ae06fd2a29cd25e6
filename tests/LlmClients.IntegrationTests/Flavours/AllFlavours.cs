using LlmClients.DashScope;
using LlmClients.Testing;
using LlmClients.Zhipu;
using Microsoft.Extensions.DependencyInjection;

namespace LlmClients.IntegrationTests.Flavours;

/// <summary>
/// One instance of every chat flavour, registered through <c>AddLlmProviders</c> against one emulator: <c>openai</c>,
/// <c>dashscope-compatible</c>, <c>dashscope-native</c>, <c>zhipu</c> (raw key as bearer), <c>zhipu-jwt</c> (signed JWT),
/// <c>qianfan-v2</c>, <c>qianfan-v1</c> and <c>spark</c>, each with the default model the caller picks and 1 ms retry delays.
/// </summary>
internal static class AllFlavours
{
    /// <summary>The instance names, in registration order.</summary>
    public static readonly string[] Names = ["openai", "dashscope-compatible", "dashscope-native", "zhipu", "zhipu-jwt", "qianfan-v2", "qianfan-v1", "spark"];

    /// <summary>Builds the services.</summary>
    /// <param name="emulator">The emulator every instance talks to.</param>
    /// <param name="defaultModel">The default chat model of an instance, by name.</param>
    /// <param name="configure">More registrations on the same builder, for example <c>ConfigureChatClient</c> pipelines.</param>
    /// <param name="resilience">Changes every instance's resilience settings (after the fast retry delays), for budget tests.</param>
    /// <param name="limits">Sets every instance's client-side limits, for limit tests.</param>
    public static ServiceProvider Build(LlmEmulator emulator, Func<string, string> defaultModel, Action<LlmProvidersBuilder>? configure = null, Action<Resilience.LlmResilienceOptions>? resilience = null, Action<LlmClients.RateLimiting.LlmRateLimitOptions>? limits = null)
    {
        var services = new ServiceCollection();
        services.AddLlmProviders(b =>
        {
            b.AddOpenAI("openai", o =>
            {
                o.ApiKey = "sk-flavours";
                o.BaseUrl = emulator.OpenAI.BaseUri;
                o.DefaultModel = defaultModel("openai");
                Fast(o, resilience, limits);
            })
            .AddDashScope("dashscope-compatible", o => DashScope(o, emulator, defaultModel("dashscope-compatible"), DashScopeMode.Compatible, resilience, limits))
            .AddDashScope("dashscope-native", o => DashScope(o, emulator, defaultModel("dashscope-native"), DashScopeMode.Native, resilience, limits))
            .AddZhipu("zhipu", o => Zhipu(o, emulator, defaultModel("zhipu"), ZhipuAuthMode.Bearer, resilience, limits))
            .AddZhipu("zhipu-jwt", o => Zhipu(o, emulator, defaultModel("zhipu-jwt"), ZhipuAuthMode.Jwt, resilience, limits))
            .AddQianfan("qianfan-v2", o =>
            {
                o.V2ApiKey = "bce-v3/ALTAK-flavours/secret";
                o.V2BaseUrl = emulator.Qianfan.V2BaseUri;
                o.DefaultModel = defaultModel("qianfan-v2");
                Fast(o, resilience, limits);
            })
            .AddQianfan("qianfan-v1", o =>
            {
                o.ApiKey = "ak";
                o.SecretKey = "sk";
                o.OAuthBaseUrl = emulator.Qianfan.OAuthBaseUri;
                o.BaseUrl = emulator.Qianfan.BaseUri;
                o.DefaultModel = defaultModel("qianfan-v1");
                Fast(o, resilience, limits);
            })
            .AddSpark("spark", o =>
            {
                o.ApiKey = "spark-flavours-password";
                o.BaseUrl = emulator.Spark.BaseUri;
                o.X1BaseUrl = emulator.Spark.X1BaseUri;
                o.DefaultModel = defaultModel("spark");
                Fast(o, resilience, limits);
            });
            configure?.Invoke(b);
        });
        return services.BuildServiceProvider();
    }

    /// <summary>The chat path each flavour posts to (DashScope native: the text route; multimodal requests use another).</summary>
    public static string ChatPath(string name) => name switch
    {
        "openai" => "/v1/chat/completions",
        "dashscope-compatible" => "/compatible-mode/v1/chat/completions",
        "dashscope-native" => "/api/v1/services/aigc/text-generation/generation",
        "zhipu" or "zhipu-jwt" => "/api/paas/v4/chat/completions",
        "qianfan-v2" => "/v2/chat/completions",
        "qianfan-v1" => "/rpc/2.0/ai_custom/v1/wenxinworkshop/chat/",
        "spark" => "/spark/v1/chat/completions",
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, null),
    };

    /// <summary>The DashScope native multimodal-generation path.</summary>
    public const string MultimodalPath = "/api/v1/services/aigc/multimodal-generation/generation";

    private static void DashScope(DashScopeOptions o, LlmEmulator emulator, string model, DashScopeMode mode, Action<Resilience.LlmResilienceOptions>? resilience, Action<LlmClients.RateLimiting.LlmRateLimitOptions>? limits)
    {
        o.ApiKey = "sk-flavours";
        o.Mode = mode;
        o.BaseUrl = emulator.DashScope.BaseUri;
        o.CompatibleBaseUrl = emulator.DashScope.CompatibleBaseUri;
        o.DefaultModel = model;
        Fast(o, resilience, limits);
    }

    private static void Zhipu(ZhipuOptions o, LlmEmulator emulator, string model, ZhipuAuthMode mode, Action<Resilience.LlmResilienceOptions>? resilience, Action<LlmClients.RateLimiting.LlmRateLimitOptions>? limits)
    {
        o.ApiKey = "flavours-id.flavours-secret";
        o.AuthMode = mode;
        o.BaseUrl = emulator.Zhipu.BaseUri;
        o.DefaultModel = model;
        Fast(o, resilience, limits);
    }

    private static void Fast(LlmProviderOptions options, Action<Resilience.LlmResilienceOptions>? resilience, Action<LlmClients.RateLimiting.LlmRateLimitOptions>? limits)
    {
        options.Resilience.BaseDelay = TimeSpan.FromMilliseconds(1);
        options.Resilience.MaxDelay = TimeSpan.FromMilliseconds(5);
        resilience?.Invoke(options.Resilience);
        limits?.Invoke(options.Limits);
    }
}
