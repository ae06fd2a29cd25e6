using System.Text;
using LlmClients.DashScope;
using LlmClients.DependencyInjection;
using LlmClients.OpenAI;
using LlmClients.Qianfan;
using LlmClients.Zhipu;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace LlmClients.Tests.DependencyInjection;

/// <summary>The shared <see cref="LlmProviderOptions"/> base: bound for every vendor, vendor defaults kept, every resilience setting validated at startup.</summary>
public sealed class ProviderOptionsTests
{
    private static readonly Dictionary<string, string> Credentials = new()
    {
        ["OpenAI"] = "\"ApiKey\":\"k\"",
        ["DashScope"] = "\"ApiKey\":\"k\"",
        ["Zhipu"] = "\"ApiKey\":\"id.secret\"",
        ["Qianfan"] = "\"ApiKey\":\"ak\",\"SecretKey\":\"sk\"",
    };

    public static TheoryData<string> Vendors => ["OpenAI", "DashScope", "Zhipu", "Qianfan"];

    public static TheoryData<string, string, string> InvalidResilience
    {
        get
        {
            var data = new TheoryData<string, string, string>();
            (string Setting, string Value)[] settings =
            [
                ("MaxRetries", "-1"),
                ("BaseDelay", "-00:00:01"),
                ("MaxDelay", "-00:00:01"),
                ("MaxRetryAfter", "-00:00:01"),
                ("RequestTimeout", "00:00:00"),
                ("RequestTimeout", "-00:00:05"),
                ("RequestTimeout", "60.00:00:00"),
                ("FirstByteTimeout", "00:00:00"),
                ("FirstByteTimeout", "-00:00:05"),
                ("StreamIdleTimeout", "00:00:00"),
                ("StreamIdleTimeout", "-00:00:05"),
                ("StreamTimeout", "00:00:00"),
                ("StreamTimeout", "-00:00:05"),
                ("MaxStreamEventBytes", "0"),
                ("MaxStreamEventBytes", "-1"),
            ];
            foreach (var vendor in Vendors)
            {
                foreach (var (setting, value) in settings)
                {
                    data.Add(vendor, setting, value);
                }
            }

            return data;
        }
    }

    [Theory]
    [MemberData(nameof(Vendors))]
    public void Bind_DerivedOptions_BindsEveryBaseProperty(string vendor)
    {
        var json = "{\"LlmProviders\":{\"mine\":{\"Provider\":\"" + vendor + "\"," + Credentials[vendor] + """
            ,"BaseUrl":"https://llm.example/v1/",
             "Headers":{"X-Trace":"on"},
             "DefaultModel":"m-chat","DefaultEmbeddingModel":"m-embed",
             "MaxEmbeddingBatchSize":7,"EmbeddingParallelism":2,
             "Resilience":{"MaxRetries":5,"BaseDelay":"00:00:02","MaxDelay":"00:00:09","MaxRetryAfter":"00:00:20",
                           "RequestTimeout":"00:03:00","FirstByteTimeout":"00:01:00","StreamIdleTimeout":"00:00:45"}}}}
            """;
        using var sp = Build(json);

        var o = GetOptions(sp, vendor);

        Assert.Equal(vendor == "Qianfan" ? "ak" : vendor == "Zhipu" ? "id.secret" : "k", o.ApiKey);
        Assert.Equal(new Uri("https://llm.example/v1/"), o.BaseUrl);
        Assert.Equal("on", Assert.Single(o.Headers, h => h.Key == "X-Trace").Value);
        Assert.Equal(("m-chat", "m-embed", (int?)7, 2), (o.DefaultModel, o.DefaultEmbeddingModel, o.MaxEmbeddingBatchSize, o.EmbeddingParallelism));
        var r = o.Resilience;
        Assert.Equal(5, r.MaxRetries);
        Assert.Equal(
            (TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(9), TimeSpan.FromSeconds(20), TimeSpan.FromMinutes(3), TimeSpan.FromMinutes(1), TimeSpan.FromSeconds(45)),
            (r.BaseDelay, r.MaxDelay, r.MaxRetryAfter, r.RequestTimeout, r.FirstByteTimeout, r.StreamIdleTimeout));
    }

    [Theory]
    [InlineData("OpenAI", null, null, 2048, 4)]
    [InlineData("DashScope", null, null, null, 4)]
    [InlineData("Zhipu", "glm-4", "embedding-2", 64, 3)]
    [InlineData("Qianfan", "ernie-lite-8k", "embedding-v1", null, 4)]
    public void Bind_SectionWithoutTheSettings_KeepsEachVendorsDefaults(string vendor, string? model, string? embeddingModel, int? batch, int parallelism)
    {
        using var sp = Build("{\"LlmProviders\":{\"mine\":{\"Provider\":\"" + vendor + "\"," + Credentials[vendor] + "}}}");

        var o = GetOptions(sp, vendor);

        Assert.Equal((model, embeddingModel, batch, parallelism), (o.DefaultModel, o.DefaultEmbeddingModel, o.MaxEmbeddingBatchSize, o.EmbeddingParallelism));
        Assert.Empty(o.Headers);
        Assert.Equal(3, o.Resilience.MaxRetries);
    }

    [Theory]
    [MemberData(nameof(InvalidResilience))]
    public void StartupValidation_InvalidResilienceSetting_NamesItsConfigKey(string vendor, string setting, string value)
    {
        var json = "{\"LlmProviders\":{\"mine\":{\"Provider\":\"" + vendor + "\"," + Credentials[vendor] + ",\"Resilience\":{\"" + setting + "\":\"" + value + "\"}}}}";
        using var sp = Build(json);

        var ex = Assert.Throws<OptionsValidationException>(() => sp.GetRequiredService<IStartupValidator>().Validate());

        var failure = Assert.Single(ex.Failures);
        Assert.StartsWith($"Provider 'mine': Resilience:{setting} must ", failure, StringComparison.Ordinal);
        Assert.Contains($"'LlmProviders:mine:Resilience:{setting}'", failure, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Vendors))]
    public void StartupValidation_InfiniteTimeouts_AreAccepted(string vendor)
    {
        var json = "{\"LlmProviders\":{\"mine\":{\"Provider\":\"" + vendor + "\"," + Credentials[vendor]
            + ",\"Resilience\":{\"MaxRetries\":0,\"BaseDelay\":\"00:00:00\",\"RequestTimeout\":\"-00:00:00.001\",\"FirstByteTimeout\":\"-00:00:00.001\",\"StreamIdleTimeout\":\"-00:00:00.001\"}}}}";
        using var sp = Build(json);

        sp.GetRequiredService<IStartupValidator>().Validate();
        Assert.Equal(Timeout.InfiniteTimeSpan, GetOptions(sp, vendor).Resilience.StreamIdleTimeout);
    }

    [Theory]
    [MemberData(nameof(Vendors))]
    public void StartupValidation_ZeroEmbeddingBatchSize_NamesItsConfigKey(string vendor)
    {
        using var sp = Build("{\"LlmProviders\":{\"mine\":{\"Provider\":\"" + vendor + "\"," + Credentials[vendor] + ",\"MaxEmbeddingBatchSize\":0}}}");

        var ex = Assert.Throws<OptionsValidationException>(() => sp.GetRequiredService<IStartupValidator>().Validate());

        Assert.Equal("Provider 'mine': MaxEmbeddingBatchSize must be at least 1 ('LlmProviders:mine:MaxEmbeddingBatchSize').", Assert.Single(ex.Failures));
    }

    [Fact]
    public void Headers_ZhipuAndQianfan_AreSentOnEveryRequest()
    {
        var zhipu = new ZhipuOptions { ApiKey = "id.secret", Headers = { ["X-Trace"] = "z" } };
        var qianfan = new QianfanOptions { ApiKey = "ak", SecretKey = "sk", AppId = "app-1", Headers = { ["X-Trace"] = "q" } };

        Assert.Equal("z", ZhipuRegistration.Settings(zhipu, "z").Headers["X-Trace"]);
        using var v1 = QianfanRegistration.Settings(qianfan, "q").CreateRequest("chat/x", [])!;
        Assert.Equal("q", Assert.Single(v1.Headers.GetValues("X-Trace")));
        var v2 = QianfanRegistration.V2Settings(qianfan, "q").Headers;
        Assert.Equal(("q", "app-1"), (v2["X-Trace"], v2["appid"]));
    }

    private static LlmProviderOptions GetOptions(IServiceProvider sp, string vendor) => vendor switch
    {
        "OpenAI" => sp.GetRequiredService<IOptionsMonitor<OpenAIOptions>>().Get("mine"),
        "DashScope" => sp.GetRequiredService<IOptionsMonitor<DashScopeOptions>>().Get("mine"),
        "Zhipu" => sp.GetRequiredService<IOptionsMonitor<ZhipuOptions>>().Get("mine"),
        "Qianfan" => sp.GetRequiredService<IOptionsMonitor<QianfanOptions>>().Get("mine"),
        _ => throw new ArgumentOutOfRangeException(nameof(vendor)),
    };

    private static ServiceProvider Build(string json)
    {
        var configuration = new ConfigurationBuilder().AddJsonStream(new MemoryStream(Encoding.UTF8.GetBytes(json))).Build();
        var services = new ServiceCollection();
        services.AddSingleton<EnvironmentVariableReader>(new NoEnvironment());
        services.AddLlmProviders(configuration.GetSection("LlmProviders"));
        return services.BuildServiceProvider();
    }

    private sealed class NoEnvironment : EnvironmentVariableReader
    {
        public override string? Get(string name) => null;
    }
}
