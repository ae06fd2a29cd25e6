using System.Net;
using LlmClients.Tests.Contract;
using LlmClients.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace LlmClients.Tests.DependencyInjection;

/// <summary>Configuration that cannot work fails at startup naming its key; a base URL's query is kept on every request.</summary>
public sealed class StartupValidationHardeningTests
{
    public static TheoryData<string> AllFlavours => [.. ContractHarness.Flavours.Keys];

    private static string Fails(string flavour, Dictionary<string, string?> config)
    {
        using var host = FlavourHost.Create(flavour, config);
        var ex = Assert.Throws<OptionsValidationException>(() => host.Services.GetRequiredService<IStartupValidator>().Validate());
        return string.Join("\n", ex.Failures);
    }

    [Theory]
    [InlineData("openai", "BaseUrl")]
    [InlineData("dashscope", "BaseUrl")]
    [InlineData("dashscope-compatible", "CompatibleBaseUrl")]
    [InlineData("zhipu", "BaseUrl")]
    [InlineData("qianfan", "BaseUrl")]
    [InlineData("qianfan", "OAuthBaseUrl")]
    [InlineData("qianfan-v2", "V2BaseUrl")]
    public void FtpBaseUrl_IsRejectedNamingItsKey(string flavour, string setting)
    {
        var failures = Fails(flavour, new() { [setting] = "ftp://files.example.com/v1/" });

        Assert.Contains($"'LlmProviders:{flavour}:{setting}'", failures, StringComparison.Ordinal);
        Assert.Contains("ftp", failures, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("openai", "ApiKey")]
    [InlineData("dashscope", "ApiKey")]
    [InlineData("zhipu", "ApiKey")]
    [InlineData("qianfan", "ApiKey")]
    [InlineData("qianfan", "SecretKey")]
    [InlineData("qianfan-v2", "V2ApiKey")]
    public void LineBreakInAKey_IsRejectedNamingItsKey_WithoutPrintingTheKey(string flavour, string setting)
    {
        var failures = Fails(flavour, new() { [setting] = "abc.def-secret-value\r\n" });

        Assert.Contains($"'LlmProviders:{flavour}:{setting}'", failures, StringComparison.Ordinal);
        Assert.DoesNotContain("secret-value", failures, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(AllFlavours))]
    public void LineBreakInAHeaderValue_IsRejectedNamingItsKey(string flavour)
    {
        var failures = Fails(flavour, new() { ["Headers:X-Trace"] = "a\nInjected: yes" });

        Assert.Contains($"'LlmProviders:{flavour}:Headers:X-Trace'", failures, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("MaxResponseBytes", "0")]
    [InlineData("MaxResponseBytes", "-5")]
    [InlineData("MaxErrorBodyBytes", "0")]
    public void NonPositiveBodyCap_IsRejectedNamingItsKey(string setting, string value)
    {
        var failures = Fails("openai", new() { [$"Resilience:{setting}"] = value });

        Assert.Contains($"'LlmProviders:openai:Resilience:{setting}'", failures, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("openai", "BaseUrl", "http://gw.test/v1/?api-version=2024", "/v1/chat/completions")]
    [InlineData("openai", "BaseUrl", "http://gw.test/v1?api-version=2024", "/v1/chat/completions")]
    [InlineData("dashscope", "BaseUrl", "http://gw.test/api/v1/?api-version=2024", "/api/v1/services/aigc/text-generation/generation")]
    [InlineData("dashscope-compatible", "CompatibleBaseUrl", "http://gw.test/compatible-mode/v1/?api-version=2024", "/compatible-mode/v1/chat/completions")]
    [InlineData("zhipu", "BaseUrl", "http://gw.test/api/paas/v4/?api-version=2024", "/api/paas/v4/chat/completions")]
    [InlineData("qianfan", "BaseUrl", "http://gw.test/wenxinworkshop/?api-version=2024", "/wenxinworkshop/chat/")]
    [InlineData("qianfan-v2", "V2BaseUrl", "http://gw.test/v2/?api-version=2024", "/v2/chat/completions")]
    public async Task BaseUrlWithQuery_KeepsItsQueryOnEveryRequest(string flavour, string setting, string baseUrl, string path)
    {
        using var host = FlavourHost.Create(flavour, new() { [setting] = baseUrl });
        host.Respond = _ => FlavourHost.Json(HttpStatusCode.OK, ContractHarness.Reply(flavour, "ok"));

        await host.AskAsync();
        await host.Embeddings.GenerateAsync(["a"], new EmbeddingGenerationOptions { ModelId = flavour == "qianfan" ? "Embedding-V1" : "m" }).ContinueWith(_ => { }, TaskScheduler.Default);

        var chat = host.Calls[0].RequestUri!;
        Assert.StartsWith(path, chat.AbsolutePath, StringComparison.Ordinal);
        Assert.Contains("api-version=2024", chat.Query, StringComparison.Ordinal);
        Assert.All(host.Calls, call => Assert.Contains("api-version=2024", call.RequestUri!.Query, StringComparison.Ordinal));
        Assert.Equal(2, host.Calls.Count);
    }
}
