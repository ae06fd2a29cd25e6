using System.Net;
using System.Text;
using RichardSzalay.MockHttp;
using static LlmClients.Tests.Qianfan.QianfanTestHost;

namespace LlmClients.Tests.Qianfan;

public sealed class QianfanChatClientTests
{
    private readonly MockHttpMessageHandler _mock = new(BackendDefinitionBehavior.Always);

    [Fact]
    public async Task GetResponseAsync_Ernie40_PostsToCompletionsProWithTokenInQuery()
    {
        _mock.ExpectTokenExchange();
        _mock.Expect(HttpMethod.Post, ChatBase + "completions_pro")
            .WithExactQueryString(new Dictionary<string, string> { ["access_token"] = FixtureToken })
            .With(request => JsonBodyEquals(request, """{"messages":[{"role":"user","content":"你好"}],"system":"sys","temperature":0.8}"""))
            .Respond("application/json", Fixture("chat-normal.json"));
        using var services = Build(_mock);

        var response = await services.Chat().GetResponseAsync([new(ChatRole.System, "sys"), new(ChatRole.User, "你好")], new ChatOptions { ModelId = "ERNIE-4.0-8K", Temperature = 0.8f });

        Assert.Equal("echo 返回了 \"hello world!\"。", response.Text);
        _mock.VerifyNoOutstandingExpectation();
    }

    [Theory]
    [InlineData("ERNIE-Speed-8K", "ernie_speed")]
    [InlineData("ERNIE-Bot-turbo", "eb-instant")]
    [InlineData("ERNIE-4.0-8K", "completions_pro")]
    [InlineData("ernie-lite-8k", "ernie-lite-8k")]
    [InlineData("ERNIE-3.5-8K", "completions")]
    [InlineData("ERNIE-Function-8K", "ernie-func-8k")]
    [InlineData("Meta-Llama-3-70B", "llama_3_70b")]
    [InlineData("ERNIE Speed-AppBuilder", "ai_apaas")]
    public async Task GetResponseAsync_CatalogueModel_UsesIrregularEndpointSlug(string model, string endpoint)
    {
        _mock.ExpectTokenExchange();
        _mock.Expect(HttpMethod.Post, ChatBase + endpoint).Respond("application/json", Fixture("chat-normal.json"));
        using var services = Build(_mock);

        await services.Chat().GetResponseAsync("hi", new ChatOptions { ModelId = model });

        _mock.VerifyNoOutstandingExpectation();
    }

    [Fact]
    public async Task GetResponseAsync_CustomEndpoint_WinsOverCatalogue()
    {
        _mock.ExpectTokenExchange();
        _mock.Expect(HttpMethod.Post, ChatBase + "my_deploy_x1").Respond("application/json", Fixture("chat-normal.json"));
        using var services = Build(_mock, o => o.CustomEndpoints["my-model"] = "my_deploy_x1");

        await services.Chat().GetResponseAsync("hi", new ChatOptions { ModelId = "MY-MODEL" });

        _mock.VerifyNoOutstandingExpectation();
    }

    [Fact]
    public async Task GetResponseAsync_UnknownModelWithoutCustomEndpoint_ThrowsBeforeAnyRequest()
    {
        using var services = Build(_mock);
        var fallback = _mock.When("*").Respond(HttpStatusCode.OK);

        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => services.Chat().GetResponseAsync("hi", new ChatOptions { ModelId = "gpt-4o" }));

        Assert.Contains("CustomEndpoints:gpt-4o", ex.Message);
        Assert.Equal(0, _mock.GetMatchCount(fallback));
    }

    [Fact]
    public void GetStreamingResponseAsync_UnknownModelWithoutCustomEndpoint_ThrowsOnTheCallBeforeAnyRequest()
    {
        using var services = Build(_mock);
        var fallback = _mock.When("*").Respond(HttpStatusCode.OK);

        var ex = Assert.Throws<InvalidOperationException>(() => services.Chat().GetStreamingResponseAsync("hi", new ChatOptions { ModelId = "my-finetune" }));

        Assert.Contains("'LlmProviders:qianfan:CustomEndpoints:my-finetune'", ex.Message);
        Assert.Equal(0, _mock.GetMatchCount(fallback));
    }

    [Fact]
    public async Task GetResponseAsync_EvenMessages_ThrowsBeforeAnyRequest()
    {
        using var services = Build(_mock);
        var fallback = _mock.When("*").Respond(HttpStatusCode.OK);

        await Assert.ThrowsAsync<ArgumentException>(() => services.Chat().GetResponseAsync([new(ChatRole.User, "a"), new(ChatRole.Assistant, "b")]));

        Assert.Equal(0, _mock.GetMatchCount(fallback));
    }

    [Fact]
    public async Task GetResponseAsync_ErrorCodeInsideHttp200_ThrowsTypedException()
    {
        _mock.ExpectTokenExchange();
        _mock.Expect(HttpMethod.Post, ChatBase + "ernie-lite-8k").Respond("application/json", Fixture("error-336003.json"));
        using var services = Build(_mock);

        var ex = await Assert.ThrowsAsync<LlmRequestException>(() => services.Chat().GetResponseAsync("hi"));

        Assert.Equal("qianfan", ex.Provider);
        Assert.Equal(200, ex.StatusCode);
        Assert.Equal("336003", ex.ErrorCode);
        Assert.Equal(LlmErrorKind.InvalidRequest, ex.Kind);
        Assert.Equal("as-ig62ngucpj", ex.RequestId);
        Assert.False(ex.IsTransient);
        Assert.Contains("message content can not be empty", ex.Message);
        _mock.VerifyNoOutstandingExpectation();
    }

    [Fact]
    public async Task GetResponseAsync_QpsLimit18AtHttp200_RetriedThroughSharedRetry()
    {
        _mock.ExpectTokenExchange();
        _mock.Expect(HttpMethod.Post, ChatBase + "ernie-lite-8k").Respond("application/json", Fixture("error-18.json"));
        _mock.Expect(HttpMethod.Post, ChatBase + "ernie-lite-8k").Respond("application/json", Fixture("chat-normal.json"));
        using var services = Build(_mock);

        var response = await services.Chat().GetResponseAsync("hi");

        Assert.Equal(ChatFinishReason.Stop, response.FinishReason);
        _mock.VerifyNoOutstandingExpectation();
    }

    [Fact]
    public async Task GetStreamingResponseAsync_VerbatimStream_EndsOnIsEndWithFinalUsage()
    {
        _mock.ExpectTokenExchange();
        _mock.Expect(HttpMethod.Post, ChatBase + "ernie_bot_8k")
            .WithPartialContent("\"stream\":true")
            .Respond(_ => Sse(Fixture("chat-stream.txt")));
        using var services = Build(_mock);

        var updates = await ToListAsync(services.Chat().GetStreamingResponseAsync("你好", new ChatOptions { ModelId = "ERNIE-Bot-8K" }));

        Assert.Equal("你好，我是一个虚拟语言模型，旨在通过机器学习和自然语言处理技术来回答用户的问题和提供相关信息。如果你有任何问题或需要帮助，请随时向我提问。", string.Concat(updates.Select(u => u.Text)));
        Assert.All(updates[..^1], u => Assert.Null(u.FinishReason));
        Assert.Equal(ChatFinishReason.Stop, updates[^1].FinishReason);
        var usage = Assert.Single(updates.SelectMany(u => u.Contents).OfType<UsageContent>()).Details;
        Assert.Equal(36, usage.OutputTokenCount);
        Assert.Equal(38, usage.TotalTokenCount);
        Assert.All(updates, u => Assert.Equal("as-414fqwb8p3", u.ResponseId));
    }

    [Fact]
    public async Task GetStreamingResponseAsync_EventsAfterIsEnd_AreNotRead()
    {
        _mock.ExpectTokenExchange();
        var body = Fixture("chat-stream.txt") + "data: {\"result\":\"garbage after the end\",\"is_end\":false}\n\n";
        _mock.Expect(HttpMethod.Post, ChatBase + "ernie_bot_8k").Respond(_ => Sse(body));
        using var services = Build(_mock);

        var updates = await ToListAsync(services.Chat().GetStreamingResponseAsync("你好", new ChatOptions { ModelId = "ERNIE-Bot-8K" }));

        Assert.DoesNotContain("garbage", string.Concat(updates.Select(u => u.Text)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_StreamEndsWithoutIsEnd_ThrowsIncomplete()
    {
        _mock.ExpectTokenExchange();
        var truncated = string.Join("\n\n", Fixture("chat-stream.txt").Split("\n\n")[..2]) + "\n\n";
        _mock.Expect(HttpMethod.Post, ChatBase + "ernie-lite-8k").Respond(_ => Sse(truncated));
        using var services = Build(_mock);

        var ex = await Assert.ThrowsAsync<LlmRequestException>(() => ToListAsync(services.Chat().GetStreamingResponseAsync("hi")));

        Assert.Equal(LlmErrorKind.InvalidResponse, ex.Kind);
        Assert.Contains("is_end", ex.Message);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_PlainJsonErrorInsteadOfSse_Throws()
    {
        _mock.ExpectTokenExchange();
        _mock.Expect(HttpMethod.Post, ChatBase + "ernie-lite-8k").Respond("application/json", Fixture("error-336003.json"));
        using var services = Build(_mock);

        var ex = await Assert.ThrowsAsync<LlmRequestException>(() => ToListAsync(services.Chat().GetStreamingResponseAsync("hi")));

        Assert.Equal("336003", ex.ErrorCode);
        Assert.Equal("as-ig62ngucpj", ex.RequestId);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_ErrorAsDataEventMidStream_Throws()
    {
        _mock.ExpectTokenExchange();
        var body = Fixture("chat-stream.txt").Split("\n\n")[0] + "\n\ndata: {\"error_code\":336100,\"error_msg\":\"try again later\"}\n\n";
        _mock.Expect(HttpMethod.Post, ChatBase + "ernie-lite-8k").Respond(_ => Sse(body));
        using var services = Build(_mock);

        var ex = await Assert.ThrowsAsync<LlmRequestException>(() => ToListAsync(services.Chat().GetStreamingResponseAsync("hi")));

        Assert.Equal("336100", ex.ErrorCode);
        Assert.True(ex.IsTransient);
    }

    [Fact]
    public void GetStreamingResponseAsync_BadInput_ThrowsOnTheCall()
    {
        using var services = Build(_mock);

        Assert.Throws<ArgumentException>(() => services.Chat().GetStreamingResponseAsync([new(ChatRole.User, "a"), new(ChatRole.Assistant, "b")]));
    }

    [Fact]
    public async Task GetStreamingResponseAsync_FunctionCallEvent_AssembledAsToolCall()
    {
        _mock.ExpectTokenExchange();
        var body = "data: " + Fixture("chat-function-call.json").Trim().Replace("\"result\":\"\"", "\"sentence_id\":0,\"is_end\":true,\"result\":\"\"", StringComparison.Ordinal) + "\n\n";
        _mock.Expect(HttpMethod.Post, ChatBase + "ernie-lite-8k").Respond(_ => Sse(body));
        using var services = Build(_mock);

        var updates = await ToListAsync(services.Chat().GetStreamingResponseAsync("echo", new ChatOptions { Tools = [Meai.Function("echo")] }));

        var call = Assert.Single(updates.SelectMany(u => u.Contents).OfType<FunctionCallContent>());
        Assert.Equal("echo", call.Name);
        Assert.Equal(ChatFinishReason.ToolCalls, updates[^1].FinishReason);
    }

    internal static bool JsonBodyEquals(HttpRequestMessage request, string expected)
        => System.Text.Json.Nodes.JsonNode.DeepEquals(System.Text.Json.Nodes.JsonNode.Parse(request.Content!.ReadAsStringAsync().Result), System.Text.Json.Nodes.JsonNode.Parse(expected));

    internal static HttpResponseMessage Sse(string body) => new(HttpStatusCode.OK)
    {
        Content = new StringContent(body, Encoding.UTF8, "text/event-stream"),
    };

    internal static async Task<List<ChatResponseUpdate>> ToListAsync(IAsyncEnumerable<ChatResponseUpdate> updates)
    {
        var list = new List<ChatResponseUpdate>();
        await foreach (var update in updates)
        {
            list.Add(update);
        }

        return list;
    }
}
