using System.Text;
using LlmClients.DependencyInjection;
using LlmClients.OpenAI;
using LlmClients.OpenAICompatible;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace LlmClients.Tests.DependencyInjection;

public sealed class AddLlmProvidersTests
{
    private const string TwoInstances = """
        {
          "LlmProviders": {
            "Default": "deepseek",
            "openai": { "ApiKey": "sk-test-openai-000000", "DefaultModel": "gpt-4o-mini" },
            "deepseek": { "Provider": "OpenAI", "ApiKey": "sk-test-deepseek-0000", "BaseUrl": "https://api.deepseek.com/v1", "DefaultModel": "deepseek-chat",
                          "Resilience": { "MaxRetries": 5, "StreamIdleTimeout": "00:00:30" } }
          }
        }
        """;

    [Fact]
    public void AddLlmProviders_ConfigurationSection_RegistersKeyedInstancesAndDefault()
    {
        using var sp = Build(TwoInstances);

        var deepseek = sp.GetRequiredKeyedService<IChatClient>("deepseek");
        var openai = sp.GetRequiredKeyedService<IChatClient>("openai");

        // The provider name is the service really talked to (gen_ai.provider.name: deepseek for api.deepseek.com); the
        // adapter family stays OpenAI.
        var metadata = deepseek.GetService<ChatClientMetadata>()!;
        var instance = deepseek.GetService<LlmInstanceMetadata>()!;
        Assert.Equal(("deepseek", "deepseek", "deepseek-chat"), (metadata.ProviderName, instance.InstanceName, metadata.DefaultModelId));
        Assert.Equal(new LlmInstanceMetadata("deepseek", "deepseek", "OpenAI"), instance);
        Assert.Equal(new LlmInstanceMetadata("openai", "openai", "OpenAI"), openai.GetService<LlmInstanceMetadata>());
        Assert.Equal(new Uri("https://api.deepseek.com/v1/"), metadata.ProviderUri);
        Assert.Equal(new Uri("https://api.openai.com/v1/"), openai.GetService<ChatClientMetadata>()!.ProviderUri);
        Assert.Same(deepseek, sp.GetRequiredService<IChatClient>());
        Assert.Equal("deepseek", sp.GetRequiredService<IEmbeddingClient>().GetService<LlmInstanceMetadata>()!.InstanceName);
        var options = sp.GetRequiredService<IOptionsMonitor<OpenAIOptions>>().Get("deepseek");
        Assert.Equal(5, options.Resilience.MaxRetries);
        Assert.Equal(TimeSpan.FromSeconds(30), options.Resilience.StreamIdleTimeout);
        Assert.Equal(["deepseek", "openai"], sp.GetRequiredService<LlmClientRegistry>().Names.Order());
    }

    [Fact]
    public void DefaultChatClientResolvedFirst_KeyedAndRegistryHandOutTheSameClient()
    {
        var services = new ServiceCollection();
        services.AddLlmProviders(b => b
            .AddOpenAI("deepseek", o => { o.ApiKey = "k1"; o.BaseUrl = new Uri("https://api.deepseek.com/v1"); })
            .AddOpenAI("vllm", o => { o.ApiKey = "k2"; o.BaseUrl = new Uri("http://localhost:8000/v1/"); }));
        using var sp = services.BuildServiceProvider();

        var unkeyed = sp.GetRequiredService<IChatClient>();

        Assert.Same(unkeyed, sp.GetRequiredKeyedService<IChatClient>("deepseek"));
        Assert.Same(unkeyed, sp.GetRequiredService<LlmClientRegistry>().GetChatClient("DeepSeek"));
        Assert.Same(sp.GetRequiredKeyedService<IChatClient>("vllm"), sp.GetRequiredService<LlmClientRegistry>().GetChatClient("vllm"));
        Assert.NotSame(unkeyed, sp.GetRequiredKeyedService<IChatClient>("vllm"));
    }

    [Fact]
    public void AddLlmProviders_Builder_RegistersNamedInstanceAndFirstIsDefault()
    {
        var services = new ServiceCollection();
        services.AddLlmProviders(b => b
            .AddOpenAI("deepseek", o => { o.ApiKey = "k1"; o.BaseUrl = new Uri("https://api.deepseek.com/v1"); o.DefaultModel = "deepseek-chat"; })
            .AddOpenAI("vllm", o => { o.ApiKey = "k2"; o.BaseUrl = new Uri("http://localhost:8000/v1/"); }));
        using var sp = services.BuildServiceProvider();

        Assert.Equal("deepseek", sp.GetRequiredService<IChatClient>().GetService<LlmInstanceMetadata>()!.InstanceName);
        Assert.Equal("vllm", sp.GetRequiredService<LlmClientRegistry>().GetChatClient("vllm").GetService<LlmInstanceMetadata>()!.InstanceName);
    }

    [Fact]
    public void GetChatClient_UnknownInstance_NamesConfiguredInstancesAndTheFix()
    {
        using var sp = Build(TwoInstances);

        var ex = Assert.Throws<InvalidOperationException>(() => sp.GetRequiredService<LlmClientRegistry>().GetChatClient("qwen"));

        Assert.Contains("'qwen'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("deepseek, openai", ex.Message, StringComparison.Ordinal);
        Assert.Contains("LlmProviders:qwen", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddLlmProviders_UnknownVendor_ThrowsNamingTheKeyAndChoices()
    {
        var ex = Assert.Throws<InvalidOperationException>(() => Build("""{"LlmProviders":{"mine":{"Provider":"Gemini","ApiKey":"k"}}}"""));

        Assert.Contains("LlmProviders:mine:Provider", ex.Message, StringComparison.Ordinal);
        Assert.Contains("OpenAI", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddLlmProviders_DuplicateName_Throws()
    {
        var services = new ServiceCollection();
        Assert.Throws<InvalidOperationException>(() => services.AddLlmProviders(b => b.AddOpenAI("x", o => o.ApiKey = "k").AddOpenAI("x", o => o.ApiKey = "k")));
    }

    [Fact]
    public void StartupValidation_MissingKeyAndRelativeBaseUrl_NameTheSettingsAndConfigKeys()
    {
        using var sp = Build("""{"LlmProviders":{"deepseek":{"Provider":"OpenAI","BaseUrl":"api.deepseek.com/v1?key=secret123"}}}""", new FakeEnvironment());

        var ex = Assert.Throws<OptionsValidationException>(() => sp.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains("'LlmProviders:deepseek:ApiKey'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("'LlmProviders:deepseek:BaseUrl'", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("secret123", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("OpenAI", "\"ApiKey\":\"k\"")]
    [InlineData("DashScope", "\"ApiKey\":\"k\"")]
    [InlineData("Zhipu", "\"ApiKey\":\"id.secret\"")]
    [InlineData("Qianfan", "\"ApiKey\":\"ak\",\"SecretKey\":\"sk\"")]
    public void StartupValidation_EveryVendor_RelativeUrlAndZeroParallelismNameTheirConfigKeys(string vendor, string credentials)
    {
        var json = "{\"LlmProviders\":{\"mine\":{\"Provider\":\"" + vendor + "\"," + credentials + ",\"BaseUrl\":\"relative/v1?token=secret123\",\"EmbeddingParallelism\":0}}}";
        using var sp = Build(json);

        var ex = Assert.Throws<OptionsValidationException>(() => sp.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains("Provider 'mine': BaseUrl 'relative/v1?REDACTED' is not an absolute URL. Set 'LlmProviders:mine:BaseUrl'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("EmbeddingParallelism must be at least 1 ('LlmProviders:mine:EmbeddingParallelism')", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("secret123", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void EnvironmentFallback_OpenAIInstanceWithoutBaseUrl_ReadsOpenAIVariables()
    {
        var env = new FakeEnvironment { ["OPENAI_API_KEY"] = "sk-from-env", ["OPENAI_BASE_URL"] = "https://proxy.example/v1" };
        using var sp = Build("""{"LlmProviders":{"openai":{"DefaultModel":"gpt-4o"}}}""", env);

        sp.GetRequiredService<IStartupValidator>().Validate();
        var options = sp.GetRequiredService<IOptionsMonitor<OpenAIOptions>>().Get("openai");

        Assert.Equal("sk-from-env", options.ApiKey);
        Assert.Equal(new Uri("https://proxy.example/v1"), options.BaseUrl);
    }

    [Fact]
    public void EnvironmentFallback_InstancePointedElsewhere_NeverPicksUpTheOpenAIKey()
    {
        var env = new FakeEnvironment { ["OPENAI_API_KEY"] = "sk-from-env" };
        using var sp = Build("""{"LlmProviders":{"deepseek":{"Provider":"OpenAI","BaseUrl":"https://api.deepseek.com/v1"}}}""", env);

        var ex = Assert.Throws<OptionsValidationException>(() => sp.GetRequiredService<IOptionsMonitor<OpenAIOptions>>().Get("deepseek"));
        Assert.Contains("ApiKey is not set", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("OPENAI_API_KEY", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DefaultClient_NothingRegistered_ClearMessage()
    {
        var services = new ServiceCollection();
        services.AddLlmProviders(_ => { });
        using var sp = services.BuildServiceProvider();

        var ex = Assert.Throws<InvalidOperationException>(() => sp.GetRequiredService<IChatClient>());
        Assert.Contains("AddLlmProviders", ex.Message, StringComparison.Ordinal);
    }

    private static ServiceProvider Build(string json, EnvironmentVariableReader? environment = null)
    {
        var configuration = new ConfigurationBuilder().AddJsonStream(new MemoryStream(Encoding.UTF8.GetBytes(json))).Build();
        var services = new ServiceCollection();
        services.AddSingleton(environment ?? new FakeEnvironment());
        services.AddLlmProviders(configuration.GetSection("LlmProviders"));
        return services.BuildServiceProvider();
    }

    private sealed class FakeEnvironment : EnvironmentVariableReader
    {
        private readonly Dictionary<string, string> _values = [];

        public string this[string name]
        {
            set => _values[name] = value;
        }

        public override string? Get(string name) => _values.GetValueOrDefault(name);
    }
}
