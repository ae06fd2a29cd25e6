using System.Net;
using System.Text;
using System.Text.Json;
using LlmClients.Testing;
using LlmClients.Testing.Qianfan;

namespace LlmClients.IntegrationTests.Qianfan;

/// <summary>The emulator's Qianfan wire format, checked with a plain HttpClient.</summary>
public sealed class QianfanEmulatorRouteTests
{
    [Fact]
    public async Task Token_BadSecret_401InvalidClientAndCounted()
    {
        await using var emulator = await LlmEmulator.StartAsync();
        using var client = emulator.CreateClient();

        using var response = await client.PostAsync($"oauth/2.0/token?grant_type=client_credentials&client_id=ak&client_secret={QianfanEmulator.RejectedSecretKey}", null);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("""{"error_description":"Client authentication failed","error":"invalid_client"}""", await response.Content.ReadAsStringAsync());
        Assert.Equal(1, emulator.Qianfan.TokenExchangeCount);
    }

    [Fact]
    public async Task ChatV1_NoTokenThenEvenMessages_Http200ErrorCodes()
    {
        await using var emulator = await LlmEmulator.StartAsync();
        using var client = emulator.CreateClient();
        using var tokenResponse = await client.PostAsync("oauth/2.0/token?grant_type=client_credentials&client_id=ak&client_secret=sk", null);
        var token = JsonDocument.Parse(await tokenResponse.Content.ReadAsStringAsync()).RootElement.GetProperty("access_token").GetString();
        const string Even = """{"messages":[{"role":"user","content":"a"},{"role":"assistant","content":"b"}]}""";

        using var noToken = await client.PostAsync("rpc/2.0/ai_custom/v1/wenxinworkshop/chat/completions", new StringContent(Even, Encoding.UTF8, "application/json"));
        using var even = await client.PostAsync($"rpc/2.0/ai_custom/v1/wenxinworkshop/chat/completions?access_token={token}", new StringContent(Even, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.OK, noToken.StatusCode);
        Assert.Equal(100, JsonDocument.Parse(await noToken.Content.ReadAsStringAsync()).RootElement.GetProperty("error_code").GetInt32());
        Assert.Equal(HttpStatusCode.OK, even.StatusCode);
        Assert.StartsWith("req_emu_", even.Headers.GetValues("X-Baidu-Request-Id").Single());
        var error = JsonDocument.Parse(await even.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(336003, error.GetProperty("error_code").GetInt32());
        Assert.Equal("messages length must be odd", error.GetProperty("error_msg").GetString());
    }

    [Fact]
    public async Task ChatV1Stream_NormalOnEveryEventIsEndLastNoDone()
    {
        await using var emulator = await LlmEmulator.StartAsync();
        using var client = emulator.CreateClient();
        using var tokenResponse = await client.PostAsync("oauth/2.0/token?grant_type=client_credentials&client_id=ak&client_secret=sk", null);
        var token = JsonDocument.Parse(await tokenResponse.Content.ReadAsStringAsync()).RootElement.GetProperty("access_token").GetString();

        using var response = await client.PostAsync(
            $"rpc/2.0/ai_custom/v1/wenxinworkshop/chat/ernie_speed?access_token={token}",
            new StringContent("""{"messages":[{"role":"user","content":"hello stream"}],"stream":true}""", Encoding.UTF8, "application/json"));

        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        var body = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("[DONE]", body, StringComparison.Ordinal);
        var events = body.Split("\n\n", StringSplitOptions.RemoveEmptyEntries).Select(e => JsonDocument.Parse(e["data: ".Length..]).RootElement).ToList();
        Assert.All(events, e => Assert.Equal("normal", e.GetProperty("finish_reason").GetString()));
        Assert.All(events[..^1], e => Assert.False(e.GetProperty("is_end").GetBoolean()));
        Assert.True(events[^1].GetProperty("is_end").GetBoolean());
        Assert.Equal(events.Count - 1, events[^1].GetProperty("sentence_id").GetInt32());
        Assert.All(events[..^1], e => Assert.Equal(0, e.GetProperty("usage").GetProperty("completion_tokens").GetInt32()));
        Assert.Equal(EmulatorReplies.ChatText("ernie_speed", "hello stream"), string.Concat(events.Select(e => e.GetProperty("result").GetString())));
    }
}
