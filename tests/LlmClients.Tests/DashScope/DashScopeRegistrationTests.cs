using LlmClients.DashScope;
using LlmClients.DependencyInjection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace LlmClients.Tests.DashScope;

public class DashScopeRegistrationTests
{
    private sealed class FakeEnvironment(Dictionary<string, string> values) : EnvironmentVariableReader
    {
        public override string? Get(string name) => values.GetValueOrDefault(name);
    }

    [Theory]
    [InlineData(DashScopeRegion.Cn, null, null, "https://dashscope.aliyuncs.com/api/v1/", "https://dashscope.aliyuncs.com/compatible-mode/v1/")]
    [InlineData(DashScopeRegion.Intl, null, null, "https://dashscope-intl.aliyuncs.com/api/v1/", "https://dashscope-intl.aliyuncs.com/compatible-mode/v1/")]
    [InlineData(DashScopeRegion.Cn, "http://127.0.0.1:5000/api/v1", null, "http://127.0.0.1:5000/api/v1/", "http://127.0.0.1:5000/compatible-mode/v1/")]
    [InlineData(DashScopeRegion.Cn, "https://dashscope-finance.aliyuncs.com/compatible-mode/v1", null, "https://dashscope-finance.aliyuncs.com/api/v1/", "https://dashscope-finance.aliyuncs.com/compatible-mode/v1/")]
    [InlineData(DashScopeRegion.Intl, null, "https://proxy/compat/", "https://dashscope-intl.aliyuncs.com/api/v1/", "https://proxy/compat/")]
    public void ResolveBaseUrls_RegionAndOverrides_GiveBothBases(DashScopeRegion region, string? baseUrl, string? compatibleUrl, string native, string compatible)
    {
        var options = new DashScopeOptions { Region = region, BaseUrl = baseUrl is null ? null : new Uri(baseUrl), CompatibleBaseUrl = compatibleUrl is null ? null : new Uri(compatibleUrl) };

        var (n, c) = DashScopeSettings.ResolveBaseUrls(options);

        Assert.Equal(native, n.AbsoluteUri);
        Assert.Equal(compatible, c.AbsoluteUri);
    }

    [Fact]
    public void AddDashScope_NoKeyButEnvironmentVariable_UsesIt()
    {
        var services = new ServiceCollection();
        services.AddSingleton<EnvironmentVariableReader>(new FakeEnvironment(new() { ["DASHSCOPE_API_KEY"] = "from-env" }));
        services.AddLlmProviders(b => b.AddDashScope(configure: o => o.DefaultModel = "qwen-turbo"));
        using var provider = services.BuildServiceProvider();

        Assert.Equal("from-env", provider.GetRequiredService<IOptionsMonitor<DashScopeOptions>>().Get("dashscope").ApiKey);
    }

    [Fact]
    public void AddDashScope_NoKeyAnywhere_FailsValidationNamingKeyAndVariable()
    {
        var services = new ServiceCollection();
        services.AddSingleton<EnvironmentVariableReader>(new FakeEnvironment([]));
        services.AddLlmProviders(b => b.AddDashScope("qwen"));
        using var provider = services.BuildServiceProvider();

        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptionsMonitor<DashScopeOptions>>().Get("qwen"));

        Assert.Contains("LlmProviders:qwen:ApiKey", ex.Message, StringComparison.Ordinal);
        Assert.Contains("DASHSCOPE_API_KEY", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddLlmProviders_ConfigurationSection_RegistersNativeAndCompatibleInstancesWithKeyedFiles()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["LlmProviders:dashscope:ApiKey"] = "k1",
            ["LlmProviders:qwen-compat:Provider"] = "DashScope",
            ["LlmProviders:qwen-compat:ApiKey"] = "k2",
            ["LlmProviders:qwen-compat:Mode"] = "Compatible",
            ["LlmProviders:qwen-compat:Region"] = "Intl",
        }).Build();
        var services = new ServiceCollection();
        services.AddLlmProviders(configuration.GetSection("LlmProviders"));
        using var provider = services.BuildServiceProvider();

        var native = provider.GetRequiredKeyedService<IChatClient>("dashscope");
        var compatible = provider.GetRequiredKeyedService<IChatClient>("qwen-compat");

        Assert.IsType<DashScopeChatClient>(native.GetService<DashScopeChatClient>()); // inside the instance layer
        Assert.IsType<DashScopeCompatibleChatClient>(compatible.GetService<DashScopeCompatibleChatClient>());
        Assert.Equal("https://dashscope-intl.aliyuncs.com/compatible-mode/v1/", compatible.GetService<ChatClientMetadata>()!.ProviderUri!.AbsoluteUri);
        Assert.IsType<DashScopeCompatibleEmbeddingClient>(provider.GetRequiredKeyedService<IEmbeddingClient>("qwen-compat").GetService<DashScopeCompatibleEmbeddingClient>());
        Assert.Same(provider.GetRequiredKeyedService<IDashScopeFileClient>("dashscope"), native.GetService(typeof(IDashScopeFileClient)));
        Assert.NotNull(compatible.GetService(typeof(IDashScopeFileClient)));
        Assert.Equal("dashscope", provider.GetRequiredService<LlmClientRegistry>().GetVendor("qwen-compat"));
    }
}
