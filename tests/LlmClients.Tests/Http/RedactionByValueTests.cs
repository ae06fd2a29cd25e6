using System.Net;
using LlmClients.Tests.TestSupport;

namespace LlmClients.Tests.Http;

/// <summary>
/// A key or token the server echoes without a recognisable shape is still masked: the SDK knows each instance's configured
/// keys and secrets and its current access token, and redacts them by value from Message, VendorMessage and ToString().
/// </summary>
public sealed class RedactionByValueTests
{
    private static void AssertHidden(LlmRequestException ex, params string[] secrets)
    {
        foreach (var secret in secrets)
        {
            Assert.DoesNotContain(secret, ex.Message, StringComparison.Ordinal);
            Assert.DoesNotContain(secret, ex.VendorMessage ?? string.Empty, StringComparison.Ordinal);
            Assert.DoesNotContain(secret, ex.ToString(), StringComparison.Ordinal);
        }

        Assert.Contains("REDACTED", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Bearer")]
    [InlineData("Jwt")]
    public async Task Zhipu_EchoedIdDotSecretKey_IsRedacted(string authMode)
    {
        const string Key = "3f2a9c41d0b8e7a6.Q7vXk2LmN9pRt4Ws";
        using var host = FlavourHost.Create("zhipu", new() { ["ApiKey"] = Key, ["AuthMode"] = authMode });
        host.Respond = _ => FlavourHost.Json(HttpStatusCode.Unauthorized, $$$"""{"error":{"code":"1002","message":"Incorrect API key provided: {{{Key}}}"}}""");

        var ex = await Assert.ThrowsAsync<LlmRequestException>(() => host.AskAsync());

        AssertHidden(ex, Key, "Q7vXk2LmN9pRt4Ws");
    }

    [Fact]
    public async Task Zhipu_EchoedSecretHalfAlone_IsRedacted()
    {
        using var host = FlavourHost.Create("zhipu", new() { ["ApiKey"] = "3f2a9c41d0b8e7a6.Zz81YtR5uI0oP3aQ" });
        host.Respond = _ => FlavourHost.Json(HttpStatusCode.Unauthorized, """{"error":{"code":"1004","message":"signature secret Zz81YtR5uI0oP3aQ rejected"}}""");

        var ex = await Assert.ThrowsAsync<LlmRequestException>(() => host.AskAsync());

        AssertHidden(ex, "Zz81YtR5uI0oP3aQ");
    }

    [Fact]
    public async Task QianfanV1_EchoedUnprefixedAccessToken_IsRedacted()
    {
        const string Token = "unprefixedAccessToken7f3e9a1c";
        using var host = FlavourHost.Create("qianfan", new() { ["ApiKey"] = "app-ak-4711abcd", ["SecretKey"] = "app-sk-0815efgh" });
        host.RespondToken = _ => FlavourHost.Json(HttpStatusCode.OK, $$$"""{"access_token":"{{{Token}}}","expires_in":2592000}""");
        host.Respond = _ => FlavourHost.Json(HttpStatusCode.OK, $$$"""{"error_code":336003,"error_msg":"Incorrect API key provided: {{{Token}}}"}""");

        var ex = await Assert.ThrowsAsync<LlmRequestException>(() => host.AskAsync());

        AssertHidden(ex, Token);
    }

    [Fact]
    public async Task QianfanV1_EchoedSecretKey_IsRedacted()
    {
        using var host = FlavourHost.Create("qianfan", new() { ["ApiKey"] = "app-ak-4711abcd", ["SecretKey"] = "app-sk-0815efgh" });
        host.RespondToken = _ => FlavourHost.Json(HttpStatusCode.Unauthorized, """{"error":"invalid_client","error_description":"Client authentication failed for app-sk-0815efgh"}""");

        var ex = await Assert.ThrowsAsync<LlmRequestException>(() => host.AskAsync());

        AssertHidden(ex, "app-sk-0815efgh");
    }

    [Theory]
    [InlineData("openai")]
    [InlineData("deepseek")]
    [InlineData("dashscope")]
    [InlineData("dashscope-compatible")]
    public async Task EchoedUnprefixedApiKey_IsRedacted(string flavour)
    {
        const string Key = "plainKeyWithoutPrefix0123456789";
        using var host = FlavourHost.Create(flavour, new() { ["ApiKey"] = Key });
        host.Respond = _ => FlavourHost.Json(HttpStatusCode.Unauthorized, $$$"""{"error":{"message":"Incorrect API key provided: {{{Key}}}","code":"invalid_api_key"},"code":"InvalidApiKey","message":"Incorrect API key provided: {{{Key}}}"}""");

        var ex = await Assert.ThrowsAsync<LlmRequestException>(() => host.AskAsync());

        AssertHidden(ex, Key);
    }

    [Fact]
    public async Task QianfanV2_EchoedKey_IsRedacted()
    {
        const string Key = "opaque-v2-key-99887766";
        using var host = FlavourHost.Create("qianfan-v2", new() { ["V2ApiKey"] = Key });
        host.Respond = _ => FlavourHost.Json(HttpStatusCode.Unauthorized, $$$"""{"error":{"message":"bad key {{{Key}}}","code":"invalid_iam_token"}}""");

        var ex = await Assert.ThrowsAsync<LlmRequestException>(() => host.AskAsync());

        AssertHidden(ex, Key);
    }
}
