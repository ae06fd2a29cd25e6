using LlmClients.OpenAI;
using LlmClients.OpenAICompatible;
using LlmClients.Qianfan;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using RichardSzalay.MockHttp;
using static LlmClients.Tests.Qianfan.QianfanTestHost;

namespace LlmClients.Tests.Qianfan;

public sealed class QianfanRegistrationTests
{
    private readonly MockHttpMessageHandler _mock = new(BackendDefinitionBehavior.Always);

    [Fact]
    public void Validate_BothV1AndV2Credentials_FailsSayingWhichToKeep()
    {
        using var services = Build(_mock, o => o.V2ApiKey = "bce-v3/ALTAK-x/y");

        var ex = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptionsMonitor<QianfanOptions>>().Get(Name));

        Assert.Contains("not both", ex.Message);
        Assert.DoesNotContain("bce-v3/ALTAK-x/y", ex.Message);
    }

    [Fact]
    public void Validate_NoCredentials_FailsNamingBothWays()
    {
        using var services = Build(_mock, o => { o.ApiKey = null; o.SecretKey = null; });

        var ex = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptionsMonitor<QianfanOptions>>().Get(Name));

        Assert.Contains("QIANFAN_AK", ex.Message);
        Assert.Contains("V2ApiKey", ex.Message);
    }

    [Theory]
    [InlineData("", "sk", "ApiKey (AK) is blank")]
    [InlineData("ak", " ", "SecretKey (SK) is blank")]
    public void Validate_BlankAkOrSk_FailsNamingTheFix(string ak, string sk, string expected)
    {
        using var services = Build(_mock, o => { o.ApiKey = ak; o.SecretKey = sk; });

        var ex = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptionsMonitor<QianfanOptions>>().Get(Name));

        Assert.Contains(expected, ex.Message);
    }

    [Theory]
    [InlineData("", "sk", "'LlmProviders:qianfan:ApiKey'")]
    [InlineData("ak", "", "'LlmProviders:qianfan:SecretKey'")]
    public void Chat_BlankAkOrSk_FailsOnResolveBeforeAnyRequest(string ak, string sk, string setting)
    {
        var fallback = _mock.When("*").Respond(System.Net.HttpStatusCode.OK);
        using var services = Build(_mock, o => { o.ApiKey = ak; o.SecretKey = sk; });

        var ex = Assert.Throws<OptionsValidationException>(() => services.Chat());

        Assert.Contains(setting, ex.Message);
        Assert.Equal(0, _mock.GetMatchCount(fallback));
    }

    [Fact]
    public void EnvironmentFallback_V1Variables_SelectV1()
    {
        using var services = Build(_mock, environment: new() { ["QIANFAN_AK"] = "env-ak", ["QIANFAN_SK"] = "env-sk" });

        var options = services.GetRequiredService<IOptionsMonitor<QianfanOptions>>().Get(Name);

        Assert.Equal("env-ak", options.ApiKey);
        Assert.False(options.UsesV2);
        Assert.IsType<QianfanChatClient>(services.Chat().GetService<QianfanChatClient>()); // inside the instance layer
    }

    [Fact]
    public void EnvironmentFallback_V2Variable_SelectsOpenAICompatibleAdapter()
    {
        using var services = Build(_mock, environment: new() { ["QIANFAN_API_KEY"] = "bce-v3/ALTAK-env/key" });

        Assert.IsType<OpenAIChatClient>(services.Chat().GetService<OpenAIChatClient>());
        Assert.IsType<OpenAIEmbeddingClient>(services.Embeddings().GetService<OpenAIEmbeddingClient>());
        Assert.Equal("qianfan", services.Chat().GetService<ChatClientMetadata>()!.ProviderName);
    }

    [Fact]
    public async Task V2_Chat_PostsToV2WithBearerAndAppIdAndNoTokenExchange()
    {
        var exchange = _mock.When(HttpMethod.Post, TokenUrl).Respond("application/json", Fixture("token-success.json"));
        _mock.Expect(HttpMethod.Post, "https://qianfan.baidubce.com/v2/chat/completions")
            .WithHeaders("Authorization", "Bearer bce-v3/ALTAK-a/b")
            .WithHeaders("appid", "app-1")
            .WithPartialContent("\"model\":\"ernie-4.0-turbo-8k\"")
            .Respond("application/json", """{"id":"as-sq01fe52em","object":"chat.completion","created":1717487283,"model":"ernie-4.0-turbo-8k","choices":[{"index":0,"message":{"role":"assistant","content":"hi"},"finish_reason":"stop","need_clear_history":false}],"usage":{"prompt_tokens":2,"completion_tokens":21,"total_tokens":23}}""");
        using var services = Build(_mock, o => { o.ApiKey = null; o.SecretKey = null; o.V2ApiKey = "bce-v3/ALTAK-a/b"; o.AppId = "app-1"; });

        var response = await services.Chat().GetResponseAsync([new(ChatRole.System, "s"), new(ChatRole.User, "u")], new ChatOptions { ModelId = "ernie-4.0-turbo-8k" });

        Assert.Equal("hi", response.Text);
        Assert.Equal(0, _mock.GetMatchCount(exchange));
        _mock.VerifyNoOutstandingExpectation();
    }

    [Fact]
    public async Task V2_ErrorBody_ThrowsWithQianfanProviderAndCode()
    {
        _mock.When(HttpMethod.Post, "https://qianfan.baidubce.com/v2/chat/completions")
            .Respond(System.Net.HttpStatusCode.BadRequest, "application/json", """{"error":{"code":"malformed_json","message":"Invalid Argument","type":"invalid_request_error"},"id":"as-t2z8xi6mm8"}""");
        using var services = Build(_mock, o => { o.ApiKey = null; o.SecretKey = null; o.V2ApiKey = "k"; });

        var ex = await Assert.ThrowsAsync<LlmRequestException>(() => services.Chat().GetResponseAsync("u"));

        Assert.Equal("qianfan", ex.Provider);
        Assert.Equal("malformed_json", ex.ErrorCode);
        Assert.Equal("as-t2z8xi6mm8", ex.RequestId);
    }

    [Fact]
    public void AddLlmProviders_ConfigurationSection_BindsQianfanWithCustomEndpoints()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["LlmProviders:ernie:Provider"] = "Qianfan",
            ["LlmProviders:ernie:ApiKey"] = "ak",
            ["LlmProviders:ernie:SecretKey"] = "sk",
            ["LlmProviders:ernie:CustomEndpoints:my-model"] = "xyz123",
            ["LlmProviders:ernie:TokenRefreshMargin"] = "02:00:00",
        }).Build();
        var services = new ServiceCollection();
        services.AddLlmProviders(configuration.GetSection("LlmProviders"));
        using var provider = services.BuildServiceProvider();

        var options = provider.GetRequiredService<IOptionsMonitor<QianfanOptions>>().Get("ernie");
        var settings = QianfanRegistration.Settings(options, "ernie");

        Assert.Equal("xyz123", settings.CustomEndpoints["MY-MODEL"]);
        Assert.Equal(TimeSpan.FromHours(2), options.TokenRefreshMargin);
        Assert.Equal("qianfan", provider.GetRequiredService<LlmClientRegistry>().GetVendor("ernie"));
    }
}
