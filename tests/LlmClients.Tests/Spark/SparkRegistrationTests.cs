using LlmClients.Spark;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using static LlmClients.Tests.Spark.SparkTestHost;

namespace LlmClients.Tests.Spark;

public sealed class SparkRegistrationTests
{
    [Fact]
    public void AddLlmProviders_ProviderSpark_BindsEveryOption()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["LlmProviders:xf:Provider"] = "Spark",
            ["LlmProviders:xf:ApiKey"] = "pw",
            ["LlmProviders:xf:AppId"] = "app",
            ["LlmProviders:xf:AppKey"] = "key",
            ["LlmProviders:xf:AppSecret"] = "secret",
            ["LlmProviders:xf:DefaultModel"] = "4.0Ultra",
            ["LlmProviders:xf:EmbeddingUrl"] = "https://cn-huabei-1.xf-yun.com/v1/private/sa8a05c27",
            ["LlmProviders:xf:X1BaseUrl"] = "https://spark-api-open-preview.xf-yun.com/v2/",
        }).Build();
        var services = new ServiceCollection();
        services.AddLlmProviders(configuration.GetSection("LlmProviders"));
        using var provider = services.BuildServiceProvider();

        var options = provider.GetRequiredService<IOptionsMonitor<SparkOptions>>().Get("xf");
        var chat = provider.GetRequiredKeyedService<IChatClient>("xf");
        var embeddings = provider.GetRequiredKeyedService<IEmbeddingClient>("xf");

        Assert.Equal("secret", options.AppSecret);
        Assert.Equal(new Uri("https://spark-api-open-preview.xf-yun.com/v2/"), options.X1BaseUrl);
        Assert.Equal("4.0Ultra", chat.GetService<ChatClientMetadata>()!.DefaultModelId);
        Assert.Equal("spark", chat.GetService<ChatClientMetadata>()!.ProviderName);
        Assert.Equal("Spark", chat.GetService<LlmInstanceMetadata>()!.Vendor);
        Assert.Equal(new Uri("https://cn-huabei-1.xf-yun.com/v1/private/sa8a05c27"), embeddings.GetService<EmbeddingGeneratorMetadata>()!.ProviderUri);
    }

    [Fact]
    public async Task AddSpark_NoCredentialsInOptions_FallsBackToEnvironment()
    {
        using var host = Create(
            o => o.ApiKey = o.AppId = o.AppKey = o.AppSecret = null,
            new() { ["SPARK_API_PASSWORD"] = "env-pw", ["SPARK_APP_ID"] = "env-app", ["SPARK_API_KEY"] = "env-key", ["SPARK_API_SECRET"] = "env-secret" });
        var options = host.Services.GetRequiredService<IOptionsMonitor<SparkOptions>>().Get("spark");
        host.Handler.Responses.Enqueue(() => Json("""{"code":0,"message":"Success","sid":"s","choices":[{"message":{"role":"assistant","content":"ok"},"index":0}]}"""));

        await host.Chat.GetResponseAsync("hi");

        Assert.Equal(("env-app", "env-key", "env-secret"), (options.AppId, options.AppKey, options.AppSecret));
        Assert.Equal("Bearer env-pw", Assert.Single(host.Handler.Requests).Authorization);
    }

    [Fact]
    public void AddSpark_NoCredentials_FailsNamingEveryKeyAndVariable()
    {
        using var host = Create(o => o.ApiKey = o.AppId = o.AppKey = o.AppSecret = null);

        var ex = Assert.Throws<OptionsValidationException>(() => host.Services.GetRequiredService<IOptionsMonitor<SparkOptions>>().Get("spark"));

        foreach (var expected in new[] { "LlmProviders:spark:ApiKey", "SPARK_API_PASSWORD", "LlmProviders:spark:AppSecret", "SPARK_APP_ID" })
        {
            Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void AddSpark_PartOfTheSigningCredentials_FailsNamingTheMissingOnes()
    {
        using var host = Create(o => o.AppKey = null);

        var ex = Assert.Throws<OptionsValidationException>(() => host.Services.GetRequiredService<IOptionsMonitor<SparkOptions>>().Get("spark"));

        Assert.Contains("LlmProviders:spark:AppKey", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("LlmProviders:spark:AppSecret", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(AppSecret, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddSpark_BatchSizeAboveOne_FailsBecauseTheApiEmbedsOneText()
    {
        using var host = Create(o => o.MaxEmbeddingBatchSize = 16);

        var ex = Assert.Throws<OptionsValidationException>(() => host.Services.GetRequiredService<IOptionsMonitor<SparkOptions>>().Get("spark"));

        Assert.Contains("one text per request", ex.Message, StringComparison.Ordinal);
    }
}
