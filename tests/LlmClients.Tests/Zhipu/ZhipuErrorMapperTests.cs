using System.Net;
using LlmClients.Tests.TestSupport;
using LlmClients.Zhipu;
using static LlmClients.Tests.Zhipu.ZhipuTestHost;

namespace LlmClients.Tests.Zhipu;

public sealed class ZhipuErrorMapperTests
{
    private static readonly ChatMessage[] Hi = [new(ChatRole.User, "hi")];

    [Theory]
    [InlineData(400, "1301", "content_filtered", false)]
    [InlineData(429, "1302", "rate_limited", true)]
    [InlineData(429, "1303", "rate_limited", true)]
    [InlineData(429, "1305", "rate_limited", true)]
    [InlineData(429, "1113", "quota_exhausted", false)]
    [InlineData(401, "1000", "authentication", false)]
    [InlineData(401, "1001", "authentication", false)]
    [InlineData(401, "1002", "authentication", false)]
    [InlineData(401, "1003", "authentication", false)]
    [InlineData(401, "1004", "authentication", false)]
    [InlineData(400, "1261", "context_too_long", false)]
    [InlineData(400, "1211", "not_found", false)]
    [InlineData(400, "1210", "invalid_request", false)]
    [InlineData(500, "500", "server_error", true)]
    public void CreateException_ZhipuStringCode_MapsKindAndTransience(int status, string code, string kind, bool transient)
    {
        var handler = new ZhipuErrorMapper();

        var ex = handler.CreateException(status, handler.ParseError(status, System.Text.Encoding.UTF8.GetBytes("{\"error\":{\"code\":\"" + code + "\",\"message\":\"m\"}}")));

        Assert.Equal(code, ex.ErrorCode);
        Assert.Equal(kind, ex.Kind.Value);
        Assert.Equal(transient, ex.IsTransient);
        Assert.Equal("zhipu", ex.Provider);
    }

    [Fact]
    public async Task GetResponseAsync_1301Fixture_ThrowsContentFilteredWithVendorMessage()
    {
        using var host = Create();
        host.Expect(HttpMethod.Post, "chat/completions", () => Json(HttpStatusCode.BadRequest, Fixture("error-1301.json")));

        var ex = await Assert.ThrowsAsync<LlmRequestException>(() => host.Chat.GetResponseAsync(Hi));

        Assert.Equal(LlmErrorKind.ContentFiltered, ex.Kind);
        Assert.Equal(400, ex.StatusCode);
        Assert.StartsWith("系统检测到输入或生成内容可能包含不安全或敏感内容", ex.VendorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetResponseAsync_1113AtHttp429_NotRetried()
    {
        using var host = Create(o => o.Resilience.MaxRetries = 3);
        host.Expect(HttpMethod.Post, "chat/completions", () => Json(HttpStatusCode.TooManyRequests, Fixture("error-1113.json")));

        var ex = await Assert.ThrowsAsync<LlmRequestException>(() => host.Chat.GetResponseAsync(Hi));

        Assert.Equal(LlmErrorKind.QuotaExhausted, ex.Kind);
        Assert.False(ex.IsTransient);
        host.Mock.VerifyNoOutstandingExpectation();
        host.Mock.VerifyNoOutstandingRequest();
        Assert.Equal(0, host.UnmatchedRequests);
    }

    [Fact]
    public async Task GetResponseAsync_1302AtHttp429_RetriedThenSucceeds()
    {
        using var host = Create(o => o.Resilience.MaxRetries = 3);
        host.Expect(HttpMethod.Post, "chat/completions", () => Json(HttpStatusCode.TooManyRequests, """{"error":{"code":"1302","message":"您当前使用该API的并发数过高"}}"""));
        host.Expect(HttpMethod.Post, "chat/completions", () => Json(HttpStatusCode.OK, Fixture("chat-response.json")));

        var task = host.Chat.GetResponseAsync(Hi);
        await TimeDriver.RunAsync(host.Time, task);

        Assert.Equal("你好！有什么可以帮你的吗？", (await task).Text);
        host.Mock.VerifyNoOutstandingExpectation();
    }

    [Fact]
    public async Task GetResponseAsync_AuthFailure_MessageHasNoKey()
    {
        using var host = Create();
        var captured = host.Expect(HttpMethod.Post, "chat/completions", () => Json(HttpStatusCode.Unauthorized, Fixture("error-1002.json")));

        var ex = await Assert.ThrowsAsync<LlmRequestException>(() => host.Chat.GetResponseAsync(Hi));

        Assert.Equal(LlmErrorKind.Authentication, ex.Kind);
        Assert.Equal("Bearer " + Key, captured.Authorization);
        Assert.DoesNotContain("test-secret", ex.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(host.Logger.Entries, e => e.Message.Contains("test-secret", StringComparison.Ordinal));
    }
}
