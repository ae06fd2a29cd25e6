using System.Net;
using System.Text.Json.Nodes;
using static LlmClients.Tests.Spark.SparkTestHost;

namespace LlmClients.Tests.Spark;

public sealed class SparkChatClientTests
{
    // E1: the documented non-stream body (websdk-java sparkchat.md): no id, model or finish_reason.
    private const string NonStreamBody = """
        {"code": 0, "message": "Success", "sid": "cha000b0003@dx1905cd86d6bb86d552",
         "choices": [{"message": {"role": "assistant", "content": "你好，我是由科大讯飞构建的星火认知智能模型。"}, "index": 0}],
         "usage": {"prompt_tokens": 6, "completion_tokens": 42, "total_tokens": 48}}
        """;

    // E2: data: without a space, usage inside the last content chunk (content ""), no finish_reason, data:[DONE].
    private const string StreamBody = """
        data:{"code":0,"message":"Success","sid":"cha000b000c@dx1905cf38fc8b86d552","id":"cha000b000c@dx1905cf38fc8b86d552","created":1719546385,"choices":[{"delta":{"role":"assistant","content":"你好"},"index":0}]}

        data:{"code":0,"message":"Success","sid":"cha000b000c@dx1905cf38fc8b86d552","id":"cha000b000c@dx1905cf38fc8b86d552","created":1719546386,"choices":[{"delta":{"role":"assistant","content":"，世界"},"index":0}]}

        data:{"code":0,"message":"Success","sid":"cha000b000c@dx1905cf38fc8b86d552","id":"cha000b000c@dx1905cf38fc8b86d552","created":1719546389,"choices":[{"delta":{"role":"assistant","content":""},"index":0}],"usage":{"prompt_tokens":6,"completion_tokens":68,"total_tokens":74}}

        data:[DONE]


        """;

    [Fact]
    public async Task GetResponseAsync_DocumentedBody_MapsTextUsageSidAndStop()
    {
        using var host = Create();
        host.Handler.Responses.Enqueue(() => Json(NonStreamBody));

        var response = await host.Chat.GetResponseAsync("你好");

        Assert.Equal("你好，我是由科大讯飞构建的星火认知智能模型。", response.Text);
        Assert.Equal(ChatFinishReason.Stop, response.FinishReason);
        Assert.Equal(48, response.Usage?.TotalTokenCount);
        Assert.Equal("cha000b0003@dx1905cd86d6bb86d552", response.ResponseId);
        Assert.Equal("cha000b0003@dx1905cd86d6bb86d552", response.GetRequestId());
        Assert.Equal("generalv3.5", response.ModelId);
        var request = Assert.Single(host.Handler.Requests);
        Assert.Equal("https://spark-api-open.xf-yun.com/v1/chat/completions", request.Url.AbsoluteUri);
        Assert.Equal($"Bearer {Password}", request.Authorization);
    }

    [Fact]
    public async Task GetResponseAsync_KeepAliveBlankLinesBeforeBody_AreSkipped()
    {
        using var host = Create();
        host.Handler.Responses.Enqueue(() => Json("\n\n\n" + NonStreamBody));

        var response = await host.Chat.GetResponseAsync("你好");

        Assert.Equal(ChatFinishReason.Stop, response.FinishReason);
    }

    [Theory]
    [InlineData(HttpStatusCode.OK, 10013, "content_filtered", false)]
    [InlineData(HttpStatusCode.OK, 10907, "context_too_long", false)]
    [InlineData(HttpStatusCode.OK, 11202, "rate_limited", true)]
    [InlineData(HttpStatusCode.OK, 10007, "rate_limited", true)]
    [InlineData(HttpStatusCode.OK, 11201, "quota_exhausted", false)]
    [InlineData(HttpStatusCode.BadRequest, 10163, "invalid_request", false)]
    [InlineData(HttpStatusCode.OK, 10110, "server_error", true)]
    public async Task GetResponseAsync_NonZeroCode_ThrowsTypedErrorWhateverTheStatus(HttpStatusCode status, int code, string kind, bool transient)
    {
        using var host = Create();
        host.Handler.Responses.Enqueue(() => Json($$"""{"code":{{code}},"message":"vendor says no","sid":"cha-err"}""", status));

        var ex = await Assert.ThrowsAsync<LlmRequestException>(() => host.Chat.GetResponseAsync("hi"));

        Assert.Equal("spark", ex.Provider);
        Assert.Equal(code.ToString(System.Globalization.CultureInfo.InvariantCulture), ex.ErrorCode);
        Assert.Equal(kind, ex.Kind.ToString());
        Assert.Equal(transient, ex.IsTransient);
        Assert.Equal("cha-err", ex.RequestId);
        Assert.Equal((int)status, ex.StatusCode);
        Assert.DoesNotContain(Password, ex.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetResponseAsync_GatewayAuthFailure_ThrowsAuthentication()
    {
        using var host = Create();
        host.Handler.Responses.Enqueue(() => Json("""{"error":{"message":"invalid user","type":"api_error","param":null,"code":null}}""", HttpStatusCode.Unauthorized));

        var ex = await Assert.ThrowsAsync<LlmRequestException>(() => host.Chat.GetResponseAsync("hi"));

        Assert.Equal(LlmErrorKind.Authentication, ex.Kind);
        Assert.False(ex.IsTransient);
    }

    [Theory]
    [InlineData("""{"type":"function","function":{"name":"get_weather","arguments":"{\"location\":\"北京\"}"}}""", "assistant")]
    [InlineData("""[{"id":"call_7","type":"function","function":{"name":"get_weather","arguments":"{\"location\":\"北京\"}"}}]""", "tool")]
    public async Task GetResponseAsync_ToolCallsObjectOrArray_BecomeOneFunctionCall(string toolCalls, string role)
    {
        using var host = Create();
        host.Handler.Responses.Enqueue(() => Json($$"""{"code":0,"message":"Success","sid":"s","choices":[{"message":{"role":"{{role}}","content":"","tool_calls":{{toolCalls}}},"index":0}]}"""));

        var response = await host.Chat.GetResponseAsync("北京天气", new ChatOptions { Tools = [AIFunctionFactory.CreateDeclaration("get_weather", null, JsonElementOf("""{"type":"object","properties":{"location":{"type":"string"}}}"""))] });

        var call = Assert.Single(response.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>());
        Assert.Equal("get_weather", call.Name);
        Assert.Equal("北京", call.Arguments!["location"]!.ToString());
        Assert.False(string.IsNullOrEmpty(call.CallId)); // Spark's object form has no id; one is made up so the result can be matched.
        Assert.Equal(ChatFinishReason.ToolCalls, response.FinishReason);
        Assert.Equal(ChatRole.Assistant, response.Messages[^1].Role);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_DocumentedStream_DeltasThenOneUsageAndStopInTheLastUpdate()
    {
        using var host = Create();
        host.Handler.Responses.Enqueue(() => Sse(StreamBody));

        var updates = await ToListAsync(host.Chat.GetStreamingResponseAsync("你好"));

        Assert.Equal("你好，世界", string.Concat(updates.Select(u => u.Text)));
        var usage = Assert.Single(updates.SelectMany(u => u.Contents).OfType<UsageContent>());
        Assert.Equal(74, usage.Details.TotalTokenCount);
        Assert.Contains(usage, updates[^1].Contents);
        Assert.Equal(ChatFinishReason.Stop, updates[^1].FinishReason);
        Assert.All(updates[..^1], u => Assert.Null(u.FinishReason));
        Assert.Equal("cha000b000c@dx1905cf38fc8b86d552", updates[0].GetRequestId());
        var body = JsonNode.Parse(Assert.Single(host.Handler.Requests).Body)!;
        Assert.True(body["stream"]!.GetValue<bool>());
        Assert.Null(body["stream_options"]); // Spark documents no stream_options.
    }

    [Fact]
    public async Task GetStreamingResponseAsync_ToolCallObjectInADelta_AssembledIntoOneCall()
    {
        using var host = Create();
        host.Handler.Responses.Enqueue(() => Sse("""
            data:{"code":0,"message":"Success","sid":"s1","id":"s1","created":1,"choices":[{"delta":{"role":"assistant","content":"","tool_calls":{"type":"function","function":{"name":"get_weather","arguments":"{\"location\":\"上海\"}"}}},"index":0}]}

            data:{"code":0,"message":"Success","sid":"s1","id":"s1","created":1,"choices":[{"delta":{"role":"assistant","content":""},"index":0}],"usage":{"prompt_tokens":1,"completion_tokens":2,"total_tokens":3}}

            data:[DONE]


            """));

        var updates = await ToListAsync(host.Chat.GetStreamingResponseAsync("上海天气"));

        var call = Assert.Single(updates.SelectMany(u => u.Contents).OfType<FunctionCallContent>());
        Assert.Equal("get_weather", call.Name);
        Assert.Equal(ChatFinishReason.ToolCalls, updates[^1].FinishReason);
        Assert.Single(updates.SelectMany(u => u.Contents).OfType<UsageContent>());
    }

    [Fact]
    public async Task GetStreamingResponseAsync_ErrorCodeChunk_ThrowsTypedErrorWithSid()
    {
        using var host = Create();
        host.Handler.Responses.Enqueue(() => Sse("""
            data:{"code":0,"message":"Success","sid":"s2","id":"s2","created":1,"choices":[{"delta":{"role":"assistant","content":"部分"},"index":0}]}

            data:{"code":10014,"message":"输出内容涉及敏感信息","sid":"s2"}


            """));

        var ex = await Assert.ThrowsAsync<LlmRequestException>(() => ToListAsync(host.Chat.GetStreamingResponseAsync("hi")));

        Assert.Equal(LlmErrorKind.ContentFiltered, ex.Kind);
        Assert.Equal("10014", ex.ErrorCode);
        Assert.Equal("s2", ex.RequestId);
        Assert.False(ex.IsTransient);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_EndsWithoutDone_ThrowsInsteadOfACutReply()
    {
        using var host = Create();
        host.Handler.Responses.Enqueue(() => Sse("""
            data:{"code":0,"message":"Success","sid":"s3","id":"s3","created":1,"choices":[{"delta":{"role":"assistant","content":"半"},"index":0}]}


            """));

        var ex = await Assert.ThrowsAsync<LlmRequestException>(() => ToListAsync(host.Chat.GetStreamingResponseAsync("hi")));

        Assert.Contains("[DONE]", ex.Message, StringComparison.Ordinal);
        Assert.Equal("s3", ex.RequestId);
    }

    [Fact]
    public async Task GetResponseAsync_SparkOnlyFieldsThroughAdditionalProperties_AreSent()
    {
        using var host = Create();
        host.Handler.Responses.Enqueue(() => Json(NonStreamBody));
        var options = new ChatOptions
        {
            TopK = 4,
            AdditionalProperties = new()
            {
                ["tool_calls_switch"] = true,
                ["suppress_plugin"] = new[] { "knowledge" },
                ["tools"] = new JsonArray(new JsonObject { ["type"] = "web_search", ["web_search"] = new JsonObject { ["enable"] = true, ["search_mode"] = "deep" } }),
            },
        };

        await host.Chat.GetResponseAsync("hi", options);

        var body = JsonNode.Parse(Assert.Single(host.Handler.Requests).Body)!;
        Assert.True(body["tool_calls_switch"]!.GetValue<bool>());
        Assert.Equal("knowledge", body["suppress_plugin"]![0]!.GetValue<string>());
        Assert.Equal("web_search", body["tools"]![0]!["type"]!.GetValue<string>());
        Assert.Equal(4, body["top_k"]!.GetValue<int>());
    }

    [Fact]
    public async Task GetResponseAsync_X1Model_GoesToV2WithThinking()
    {
        using var host = Create();
        host.Handler.Responses.Enqueue(() => Json(NonStreamBody));

        await host.Chat.GetResponseAsync("hi", new ChatOptions { ModelId = "x1", Reasoning = new ReasoningOptions { Effort = ReasoningEffort.Low } });

        var request = Assert.Single(host.Handler.Requests);
        Assert.Equal("https://spark-api-open.xf-yun.com/v2/chat/completions", request.Url.AbsoluteUri);
        Assert.Equal("enabled", JsonNode.Parse(request.Body)!["thinking"]!["type"]!.GetValue<string>());
    }

    [Fact]
    public async Task GetResponseAsync_ReasoningOnAGeneralModel_ThrowsNotSupportedBeforeAnyRequest()
    {
        using var host = Create();

        await Assert.ThrowsAsync<NotSupportedException>(() => host.Chat.GetResponseAsync("hi", new ChatOptions { Reasoning = new ReasoningOptions { Effort = ReasoningEffort.High } }));

        Assert.Empty(host.Handler.Requests);
    }

    [Fact]
    public async Task GetResponseAsync_StopOrSeed_ThrowBeforeAnyRequest()
    {
        using var host = Create();

        var stop = await Assert.ThrowsAsync<ArgumentException>(() => host.Chat.GetResponseAsync("hi", new ChatOptions { StopSequences = ["。"] }));
        Assert.Throws<ArgumentException>(() => host.Chat.GetStreamingResponseAsync("hi", new ChatOptions { Seed = 1 }));

        Assert.Contains("StopSequences", stop.Message, StringComparison.Ordinal);
        Assert.Empty(host.Handler.Requests);
    }

    [Fact]
    public async Task GetResponseAsync_NoPassword_ThrowsNamingTheKeyBeforeAnyRequest()
    {
        using var host = Create(o => o.ApiKey = null);

        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => host.Chat.GetResponseAsync("hi"));

        Assert.Contains("LlmProviders:spark:ApiKey", ex.Message, StringComparison.Ordinal);
        Assert.Contains("SPARK_API_PASSWORD", ex.Message, StringComparison.Ordinal);
        Assert.Empty(host.Handler.Requests);
    }

    private static System.Text.Json.JsonElement JsonElementOf(string json) => System.Text.Json.JsonDocument.Parse(json).RootElement.Clone();

    private static async Task<List<ChatResponseUpdate>> ToListAsync(IAsyncEnumerable<ChatResponseUpdate> stream)
    {
        var list = new List<ChatResponseUpdate>();
        await foreach (var update in stream)
        {
            list.Add(update);
        }

        return list;
    }
}
