using RichardSzalay.MockHttp;
using static LlmClients.Tests.Qianfan.QianfanChatClientTests;
using static LlmClients.Tests.Qianfan.QianfanTestHost;

namespace LlmClients.Tests.Qianfan;

/// <summary>110/111 on streaming calls: refreshed and resent once only while nothing has reached the caller.</summary>
public sealed class QianfanStreamAuthTests
{
    private const string SecondToken = "24.00000000000000000000000000000002.2592000.1485516651.282335-8574074";
    private const string StreamText = "你好，我是一个虚拟语言模型，旨在通过机器学习和自然语言处理技术来回答用户的问题和提供相关信息。如果你有任何问题或需要帮助，请随时向我提问。";
    private readonly MockHttpMessageHandler _mock = new(BackendDefinitionBehavior.Always);

    [Theory]
    [InlineData(110)]
    [InlineData(111)]
    public async Task GetStreamingResponseAsync_TokenRejectedAsFirstEvent_RefreshesOnceAndResendsOnce(int code)
    {
        _mock.Expect(HttpMethod.Post, TokenUrl).Respond("application/json", Fixture("token-success.json"));
        _mock.Expect(HttpMethod.Post, ChatBase + "ernie-lite-8k").WithQueryString("access_token", FixtureToken).Respond(_ => Sse(RejectionEvent(code)));
        _mock.Expect(HttpMethod.Post, TokenUrl).Respond("application/json", SecondTokenBody());
        _mock.Expect(HttpMethod.Post, ChatBase + "ernie-lite-8k").WithQueryString("access_token", SecondToken).Respond(_ => Sse(Fixture("chat-stream.txt")));
        using var services = Build(_mock);

        var updates = await ToListAsync(services.Chat().GetStreamingResponseAsync("你好"));

        Assert.Equal(StreamText, string.Concat(updates.Select(u => u.Text)));
        Assert.Equal(ChatFinishReason.Stop, updates[^1].FinishReason);
        _mock.VerifyNoOutstandingExpectation();
    }

    [Fact]
    public async Task GetStreamingResponseAsync_TokenRejectedAsPlainJsonBody_RefreshesOnceAndResendsOnce()
    {
        _mock.Expect(HttpMethod.Post, TokenUrl).Respond("application/json", Fixture("token-success.json"));
        _mock.Expect(HttpMethod.Post, ChatBase + "ernie-lite-8k").WithQueryString("access_token", FixtureToken).Respond("application/json", Fixture("error-111.json"));
        _mock.Expect(HttpMethod.Post, TokenUrl).Respond("application/json", SecondTokenBody());
        _mock.Expect(HttpMethod.Post, ChatBase + "ernie-lite-8k").WithQueryString("access_token", SecondToken).Respond(_ => Sse(Fixture("chat-stream.txt")));
        using var services = Build(_mock);

        var updates = await ToListAsync(services.Chat().GetStreamingResponseAsync("你好"));

        Assert.Equal(StreamText, string.Concat(updates.Select(u => u.Text)));
        _mock.VerifyNoOutstandingExpectation();
    }

    [Fact]
    public async Task GetStreamingResponseAsync_TokenRejectedAsFirstEventTwice_ThrowsAuthenticationAfterOneResend()
    {
        var exchange = _mock.When(HttpMethod.Post, TokenUrl).Respond("application/json", Fixture("token-success.json"));
        var chat = _mock.When(HttpMethod.Post, ChatBase + "ernie-lite-8k").Respond(_ => Sse(RejectionEvent(110)));
        using var services = Build(_mock);

        var ex = await Assert.ThrowsAsync<LlmRequestException>(() => ToListAsync(services.Chat().GetStreamingResponseAsync("hi")));

        Assert.Equal(LlmErrorKind.Authentication, ex.Kind);
        Assert.Equal("110", ex.ErrorCode);
        Assert.Equal(2, _mock.GetMatchCount(chat));
        Assert.Equal(2, _mock.GetMatchCount(exchange));
    }

    [Fact]
    public async Task GetStreamingResponseAsync_PlainJsonRejectionThenFirstEventRejection_ResendsOnlyOnceInAll()
    {
        // The auth handler spends the one resend on the JSON body; the stream reader must not add a second one.
        var exchange = _mock.When(HttpMethod.Post, TokenUrl).Respond("application/json", Fixture("token-success.json"));
        _mock.Expect(HttpMethod.Post, ChatBase + "ernie-lite-8k").Respond("application/json", Fixture("error-110.json"));
        _mock.Expect(HttpMethod.Post, ChatBase + "ernie-lite-8k").Respond(_ => Sse(RejectionEvent(111)));
        var extra = _mock.When(HttpMethod.Post, ChatBase + "ernie-lite-8k").Respond(_ => Sse(Fixture("chat-stream.txt")));
        using var services = Build(_mock);

        var ex = await Assert.ThrowsAsync<LlmRequestException>(() => ToListAsync(services.Chat().GetStreamingResponseAsync("hi")));

        Assert.Equal("111", ex.ErrorCode);
        Assert.Equal(0, _mock.GetMatchCount(extra));
        Assert.Equal(2, _mock.GetMatchCount(exchange));
        _mock.VerifyNoOutstandingExpectation();
    }

    [Fact]
    public async Task GetStreamingResponseAsync_TokenRejectedAfterAnEventReachedCaller_ThrowsWithoutReplay()
    {
        var exchange = _mock.When(HttpMethod.Post, TokenUrl).Respond("application/json", Fixture("token-success.json"));
        var body = Fixture("chat-stream.txt").Split("\n\n")[0] + "\n\n" + RejectionEvent(111);
        var chat = _mock.When(HttpMethod.Post, ChatBase + "ernie-lite-8k").Respond(_ => Sse(body));
        using var services = Build(_mock);
        var received = new List<ChatResponseUpdate>();

        var ex = await Assert.ThrowsAsync<LlmRequestException>(async () =>
        {
            await foreach (var update in services.Chat().GetStreamingResponseAsync("hi"))
            {
                received.Add(update);
            }
        });

        Assert.Equal("111", ex.ErrorCode);
        Assert.Equal("你好，", Assert.Single(received).Text);
        Assert.Equal(1, _mock.GetMatchCount(chat));
        Assert.Equal(1, _mock.GetMatchCount(exchange));
    }

    [Fact]
    public async Task GetStreamingResponseAsync_OtherErrorAsFirstEvent_ThrowsWithoutRefresh()
    {
        var exchange = _mock.When(HttpMethod.Post, TokenUrl).Respond("application/json", Fixture("token-success.json"));
        var chat = _mock.When(HttpMethod.Post, ChatBase + "ernie-lite-8k").Respond(_ => Sse("data: " + Fixture("error-336003.json").Trim() + "\n\n"));
        using var services = Build(_mock);

        var ex = await Assert.ThrowsAsync<LlmRequestException>(() => ToListAsync(services.Chat().GetStreamingResponseAsync("hi")));

        Assert.Equal("336003", ex.ErrorCode);
        Assert.Equal(1, _mock.GetMatchCount(chat));
        Assert.Equal(1, _mock.GetMatchCount(exchange));
    }

    private static string RejectionEvent(int code) =>
        "data: " + Fixture(code == 110 ? "error-110.json" : "error-111.json").Trim() + "\n\n";

    private static string SecondTokenBody() => Fixture("token-success.json").Replace(FixtureToken, SecondToken, StringComparison.Ordinal);
}
