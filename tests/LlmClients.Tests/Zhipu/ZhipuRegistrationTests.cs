using System.Net;
using LlmClients.Zhipu;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using RichardSzalay.MockHttp;
using static LlmClients.Tests.Zhipu.ZhipuTestHost;

namespace LlmClients.Tests.Zhipu;

public sealed class ZhipuRegistrationTests
{
    [Fact]
    public async Task AddZhipu_NoKeyOrUrl_FallsBackToEnvironment()
    {
        using var host = Create(
            o => o.ApiKey = null,
            new() { ["ZHIPUAI_API_KEY"] = "env-id.env-secret", ["ZHIPUAI_BASE_URL"] = "https://api.z.ai/api/paas/v4" });
        host.Mock.Expect(HttpMethod.Post, "https://api.z.ai/api/paas/v4/chat/completions")
            .WithHeaders("Authorization", "Bearer env-id.env-secret")
            .Respond(_ => Json(HttpStatusCode.OK, Fixture("chat-response.json")));

        await host.Chat.GetResponseAsync([new ChatMessage(ChatRole.User, "hi")]);

        host.Mock.VerifyNoOutstandingExpectation();
    }

    [Fact]
    public void AddZhipu_NoKeyAnywhere_FailsNamingConfigKeyAndVariable()
    {
        using var host = Create(o => o.ApiKey = null);

        var ex = Assert.Throws<OptionsValidationException>(() => host.Services.GetRequiredService<IOptionsMonitor<ZhipuOptions>>().Get("zhipu"));

        Assert.Contains("LlmProviders:zhipu:ApiKey", ex.Message, StringComparison.Ordinal);
        Assert.Contains("ZHIPUAI_API_KEY", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddLlmProviders_ConfigurationSection_BindsZhipuWithJwtMode()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["LlmProviders:glm:Provider"] = "Zhipu",
            ["LlmProviders:glm:ApiKey"] = "id.secret",
            ["LlmProviders:glm:AuthMode"] = "Jwt",
            ["LlmProviders:glm:DefaultModel"] = "glm-4-plus",
            ["LlmProviders:glm:Polling:Timeout"] = "00:02:00",
        }).Build();
        var services = new ServiceCollection();
        services.AddLlmProviders(configuration.GetSection("LlmProviders"));
        using var provider = services.BuildServiceProvider();

        var options = provider.GetRequiredService<IOptionsMonitor<ZhipuOptions>>().Get("glm");
        var chat = provider.GetRequiredKeyedService<IChatClient>("glm");

        Assert.Equal(ZhipuAuthMode.Jwt, options.AuthMode);
        Assert.Equal(TimeSpan.FromMinutes(2), options.Polling.Timeout);
        Assert.Equal("glm-4-plus", chat.GetService<ChatClientMetadata>()!.DefaultModelId);
        Assert.Equal("glm", chat.GetService<LlmInstanceMetadata>()!.InstanceName);
        Assert.NotNull(provider.GetRequiredKeyedService<IZhipuAsyncChatClient>("glm"));
        Assert.NotNull(provider.GetRequiredKeyedService<IZhipuImageClient>("glm"));
    }

    [Fact]
    public async Task AddZhipu_AsyncAndImageClients_PublicInterfacesOverInternalTypesAndFakeable()
    {
        var exported = typeof(IZhipuAsyncChatClient).Assembly.GetExportedTypes();
        Assert.Contains(typeof(IZhipuAsyncChatClient), exported);
        Assert.Contains(typeof(IZhipuImageClient), exported);
        Assert.DoesNotContain(exported, t => t.Name is "ZhipuAsyncChatClient" or "ZhipuImageClient" or "ZhipuChatClient");

        // What a user's test does: replace the keyed client with a fake.
        var services = new ServiceCollection();
        services.AddKeyedSingleton<IZhipuImageClient>("zhipu", new FakeImages());
        await using var provider = services.BuildServiceProvider();
        var result = await provider.GetRequiredKeyedService<IZhipuImageClient>("zhipu").GenerateAsync("a cat");

        Assert.Equal(new Uri("https://example.test/cat.png"), Assert.Single(result.ImageUrls));
    }

    private sealed class FakeImages : IZhipuImageClient
    {
        public Task<ZhipuImageGenerationResult> GenerateAsync(string prompt, ZhipuImageOptions? options = null, CancellationToken cancellationToken = default)
            => Task.FromResult(new ZhipuImageGenerationResult { ImageUrls = [new Uri("https://example.test/cat.png")] });
    }
}
