using System.Text;
using LlmClients.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using static LlmClients.IntegrationTests.OpenAI.OpenAIStack;

namespace LlmClients.IntegrationTests.OpenAI;

/// <summary>Registration paths (code, JSON configuration, builder overload) resolved and called against the emulator.</summary>
public class OpenAIDependencyInjectionEndToEndTests
{
    private const string DeepSeekModel = "deepseek-chat";

    [Fact]
    public async Task AddLlmProviders_TwoNamedInstancesInCode_ResolveKeyedAndThroughRegistry()
    {
        await using var emulator = await LlmEmulator.StartAsync();
        var services = new ServiceCollection();
        services.AddLlmProviders(b =>
        {
            b.AddOpenAI("openai", o => Configure(o, emulator));
            b.AddOpenAI("deepseek", o => Configure(o, emulator, DeepSeekModel));
            b.DefaultProvider = "deepseek";
        });
        await using var provider = services.BuildServiceProvider();

        await AssertInstancesAsync(provider, defaultName: "deepseek");
    }

    [Fact]
    public async Task AddLlmProviders_JsonConfiguration_BindsInstancesDefaultAndResilience()
    {
        await using var emulator = await LlmEmulator.StartAsync();
        var baseUrl = emulator.OpenAI.BaseUri.AbsoluteUri.TrimEnd('/'); // No trailing slash, as people write it.
        var json = $$"""
            {
              "LlmProviders": {
                "Default": "deepseek",
                "openai": {
                  "ApiKey": "{{ApiKey}}",
                  "BaseUrl": "{{baseUrl}}",
                  "DefaultModel": "{{ChatModel}}",
                  "DefaultEmbeddingModel": "{{EmbeddingModel}}",
                  "Resilience": { "MaxRetries": 3, "BaseDelay": "00:00:00.010", "MaxDelay": "00:00:00.050" }
                },
                "deepseek": {
                  "Provider": "OpenAI",
                  "ApiKey": "{{ApiKey}}",
                  "BaseUrl": "{{baseUrl}}",
                  "DefaultModel": "{{DeepSeekModel}}",
                  "DefaultEmbeddingModel": "{{EmbeddingModel}}",
                  "Resilience": { "MaxRetries": 1, "BaseDelay": "00:00:00.010", "MaxDelay": "00:00:00.050" }
                }
              }
            }
            """;
        var configuration = new ConfigurationBuilder().AddJsonStream(new MemoryStream(Encoding.UTF8.GetBytes(json))).Build();
        var services = new ServiceCollection();
        services.AddLlmProviders(configuration.GetSection("LlmProviders"));
        await using var provider = services.BuildServiceProvider();

        await AssertInstancesAsync(provider, defaultName: "deepseek");

        // Each instance has its own retry budget from its own section.
        emulator.Requests.Clear();
        emulator.Faults.Enqueue(EmulatorFault.FailTimes(2, 503), "chat/completions");
        var ex = await Assert.ThrowsAsync<LlmRequestException>(() => provider.GetRequiredKeyedService<IChatClient>("deepseek").GetResponseAsync(Messages("hi")));
        Assert.Equal(503, ex.StatusCode);
        Assert.Equal(2, emulator.RequestCount("chat/completions"));

        emulator.Requests.Clear();
        emulator.Faults.Enqueue(EmulatorFault.FailTimes(2, 503), "chat/completions");
        var response = await provider.GetRequiredKeyedService<IChatClient>("openai").GetResponseAsync(Messages("hi"));
        Assert.Equal(EmulatorReplies.ChatText(ChatModel, "hi"), response.Text);
        Assert.Equal(3, emulator.RequestCount("chat/completions"));
    }

    [Fact]
    public async Task AddLlmProviders_InMemoryConfigurationPlusCode_CombinesBoth()
    {
        await using var emulator = await LlmEmulator.StartAsync();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["LlmProviders:deepseek:Provider"] = "OpenAI",
            ["LlmProviders:deepseek:ApiKey"] = ApiKey,
            ["LlmProviders:deepseek:BaseUrl"] = emulator.OpenAI.BaseUri.AbsoluteUri,
            ["LlmProviders:deepseek:DefaultModel"] = DeepSeekModel,
            ["LlmProviders:deepseek:DefaultEmbeddingModel"] = EmbeddingModel,
        }).Build();
        var services = new ServiceCollection();
        services.AddLlmProviders(configuration.GetSection("LlmProviders"), b => b.AddOpenAI("openai", o => Configure(o, emulator)));
        await using var provider = services.BuildServiceProvider();

        // No Default: the first registered (from configuration) is the default.
        await AssertInstancesAsync(provider, defaultName: "deepseek");
        Assert.Equal(["deepseek", "openai"], provider.GetRequiredService<LlmClientRegistry>().Names);
    }

    [Fact]
    public async Task AddLlmProviders_BuilderOverloadWithOneInstance_IsTheUnkeyedDefault()
    {
        await using var emulator = await LlmEmulator.StartAsync();
        var services = new ServiceCollection();
        services.AddLlmProviders(b => b.AddOpenAI("x", o => Configure(o, emulator, DeepSeekModel)));
        await using var provider = services.BuildServiceProvider();

        var chat = provider.GetRequiredService<IChatClient>();
        Assert.Same(provider.GetRequiredKeyedService<IChatClient>("x"), chat);
        Assert.Equal("x", chat.GetService<LlmInstanceMetadata>()?.InstanceName);
        Assert.Equal(EmulatorReplies.ChatText(DeepSeekModel, "hello"), (await chat.GetResponseAsync(Messages("hello"))).Text);
        var embedding = Assert.Single(await provider.GetRequiredService<IEmbeddingClient>().GenerateAsync(["hello"], new EmbeddingGenerationOptions { Dimensions = 8 }));
        Assert.Equal(EmulatorReplies.Embedding("hello", 8), embedding.Vector.ToArray());
        Assert.Equal("x", provider.GetRequiredService<LlmClientRegistry>().DefaultName);
    }

    [Fact]
    public async Task LlmClientRegistry_UnknownName_ThrowsListingConfiguredNames()
    {
        await using var emulator = await LlmEmulator.StartAsync();
        var services = new ServiceCollection();
        services.AddLlmProviders(b => b.AddOpenAI("openai", o => Configure(o, emulator)));
        await using var provider = services.BuildServiceProvider();

        var ex = Assert.Throws<InvalidOperationException>(() => provider.GetRequiredService<LlmClientRegistry>().GetChatClient("deepseek"));

        Assert.Contains("deepseek", ex.Message, StringComparison.Ordinal);
        Assert.Contains("openai", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddLlmProviders_ConfigurationWithoutApiKey_FailsValidationNamingTheKey()
    {
        await using var emulator = await LlmEmulator.StartAsync();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["LlmProviders:deepseek:Provider"] = "OpenAI",
            ["LlmProviders:deepseek:BaseUrl"] = emulator.OpenAI.BaseUri.AbsoluteUri,
        }).Build();
        var services = new ServiceCollection();
        services.AddLlmProviders(configuration.GetSection("LlmProviders"));
        await using var provider = services.BuildServiceProvider();

        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredKeyedService<IChatClient>("deepseek"));

        Assert.Contains("LlmProviders:deepseek:ApiKey", ex.Message, StringComparison.Ordinal);
        Assert.Equal(0, emulator.Requests.Count);
    }

    private static async Task AssertInstancesAsync(ServiceProvider provider, string defaultName)
    {
        var registry = provider.GetRequiredService<LlmClientRegistry>();
        var openai = provider.GetRequiredKeyedService<IChatClient>("openai");
        var deepseek = provider.GetRequiredKeyedService<IChatClient>("deepseek");
        Assert.NotSame(openai, deepseek);
        Assert.Same(deepseek, registry.GetChatClient("deepseek"));
        Assert.Same(openai, registry.GetChatClient("OpenAI")); // Names are case-insensitive.
        Assert.Equal("openai", registry.GetVendor("deepseek"));
        Assert.Equal(defaultName, registry.DefaultName);
        Assert.Same(provider.GetRequiredKeyedService<IChatClient>(defaultName), provider.GetRequiredService<IChatClient>());
        Assert.Same(provider.GetRequiredKeyedService<IEmbeddingClient>(defaultName), provider.GetRequiredService<IEmbeddingClient>());
        Assert.Equal("deepseek", deepseek.GetService<LlmInstanceMetadata>()?.InstanceName);

        // Each instance talks to the emulator with its own default model: the emulator echoes the model it was asked for.
        Assert.Equal(EmulatorReplies.ChatText(ChatModel, "hi"), (await openai.GetResponseAsync(Messages("hi"))).Text);
        Assert.Equal(EmulatorReplies.ChatText(DeepSeekModel, "hi"), (await deepseek.GetResponseAsync(Messages("hi"))).Text);
        var streamed = new StringBuilder();
        await foreach (var update in registry.GetChatClient("deepseek").GetStreamingResponseAsync(Messages("hi")))
        {
            streamed.Append(update.Text);
        }

        Assert.Equal(EmulatorReplies.ChatText(DeepSeekModel, "hi"), streamed.ToString());
        var embeddings = await registry.GetEmbeddingClient("deepseek").GenerateAsync(["a", "b"], new EmbeddingGenerationOptions { Dimensions = 8 });
        Assert.Equal(EmulatorReplies.Embedding("b", 8), embeddings[1].Vector.ToArray());
    }
}
