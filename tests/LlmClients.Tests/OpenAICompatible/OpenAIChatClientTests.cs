using System.Net;
using System.Text.Json;
using LlmClients.OpenAI;
using LlmClients.OpenAICompatible;
using LlmClients.Tests.TestSupport;
using RichardSzalay.MockHttp;

namespace LlmClients.Tests.OpenAICompatible;

public sealed class OpenAIChatClientTests
{
    private readonly MockHttpMessageHandler _mock = new();

    [Fact]
    public async Task GetResponseAsync_HelloWorld_MapsTextUsageIdsAndSendsExpectedBody()
    {
        string? sent = null;
        _mock.Expect(HttpMethod.Post, OpenAITestClients.BaseUrl + "chat/completions")
            .WithHeaders("OpenAI-Organization", "org-test")
            .With(r => (sent = r.Content!.ReadAsStringAsync().Result) is not null)
            .Respond(_ => Json(Fixture.Read("OpenAI/chat-hello.json"), ("x-request-id", "req_123")));
        var client = OpenAITestClients.Chat(_mock);

        var response = await client.GetResponseAsync(
            [new ChatMessage(ChatRole.System, "Be brief."), new ChatMessage(ChatRole.User, "Hello")],
            new ChatOptions { Temperature = 0.5f, MaxOutputTokens = 100, StopSequences = ["END"], Seed = 7 });

        JsonAssert.Equal(
            """{"model":"gpt-4o-mini","messages":[{"role":"system","content":"Be brief."},{"role":"user","content":"Hello"}],"temperature":0.5,"max_tokens":100,"stop":["END"],"seed":7}""",
            sent!);
        Assert.Equal("Hello! How can I assist you today?", response.Text);
        Assert.Equal(ChatFinishReason.Stop, response.FinishReason);
        Assert.Equal("chatcmpl-D8dUjRkJNE7oAraZr6I7Jy8l3f2eU", response.ResponseId);
        Assert.Equal("req_123", response.GetRequestId());
        Assert.Equal("gpt-4o-mini-2024-07-18", response.ModelId);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1770950813), response.CreatedAt);
        Assert.Equal(11, response.Usage!.InputTokenCount);
        Assert.Equal(9, response.Usage.OutputTokenCount);
        Assert.Equal(20, response.Usage.TotalTokenCount);
        Assert.Equal(0, response.Usage.CachedInputTokenCount);
        Assert.Equal(0, response.Usage.ReasoningTokenCount);
        _mock.VerifyNoOutstandingExpectation();
    }

    [Fact]
    public async Task GetResponseAsync_ToolsAndFormats_SentAsOpenAIWireShapes()
    {
        string? sent = null;
        _mock.Expect(HttpMethod.Post, OpenAITestClients.BaseUrl + "chat/completions")
            .With(r => (sent = r.Content!.ReadAsStringAsync().Result) is not null)
            .Respond(_ => Json(Fixture.Read("OpenAI/chat-hello.json")));
        var client = OpenAITestClients.Chat(_mock);
        using var schema = JsonDocument.Parse("""{"type":"object","properties":{"answer":{"type":"string"}}}""");

        await client.GetResponseAsync("hi", new ChatOptions
        {
            ModelId = "gpt-4.1",
            Tools = [Meai.Function("get_weather", "Weather by city", """{"type":"object","properties":{"city":{"type":"string"}}}""")],
            ToolMode = ChatToolMode.RequireSpecific("get_weather"),
            AllowMultipleToolCalls = false,
            ResponseFormat = ChatResponseFormat.ForJsonSchema(schema.RootElement, "answer"),

            // strictJsonSchema on the options applies to the JSON-schema format and to every function tool.
            AdditionalProperties = new() { [LlmAdditionalProperties.StrictJsonSchema] = true, ["user"] = "u1", ["reasoning_effort"] = "low", ["temperature"] = 0.1 },
        });

        JsonAssert.Equal(
            """
            {"model":"gpt-4.1","messages":[{"role":"user","content":"hi"}],
             "tools":[{"type":"function","function":{"name":"get_weather","description":"Weather by city","parameters":{"type":"object","properties":{"city":{"type":"string"}}},"strict":true}}],
             "tool_choice":{"type":"function","function":{"name":"get_weather"}},
             "parallel_tool_calls":false,
             "response_format":{"type":"json_schema","json_schema":{"name":"answer","schema":{"type":"object","properties":{"answer":{"type":"string"}}},"strict":true}},
             "user":"u1","reasoning_effort":"low","temperature":0.1}
            """,
            sent!);
    }

    [Fact]
    public async Task GetResponseAsync_NonFunctionTool_ThrowsNamingTheToolBeforeAnyNetworkCall()
    {
        var client = OpenAITestClients.Chat(_mock);

        var ex = await Assert.ThrowsAsync<ArgumentException>(() => client.GetResponseAsync("hi", new ChatOptions { Tools = [Meai.Function("ok"), new HostedWebSearchTool()] }));

        Assert.Contains("Tools[1]", ex.Message, StringComparison.Ordinal);
        Assert.Contains(nameof(HostedWebSearchTool), ex.Message, StringComparison.Ordinal);
        Assert.Equal(0, _mock.GetMatchCount(_mock.When("*")));
    }

    [Fact]
    public async Task GetResponseAsync_ToolHistory_SendsAssistantToolCallsAndToolResults()
    {
        string? sent = null;
        _mock.Expect(HttpMethod.Post, OpenAITestClients.BaseUrl + "chat/completions")
            .With(r => (sent = r.Content!.ReadAsStringAsync().Result) is not null)
            .Respond(_ => Json(Fixture.Read("OpenAI/chat-hello.json")));
        var client = OpenAITestClients.Chat(_mock);

        await client.GetResponseAsync(
        [
            new ChatMessage(ChatRole.User, "Weather in Paris?"),
            new ChatMessage(ChatRole.Assistant, [new TextReasoningContent("thinking"), new FunctionCallContent("call_1", "get_weather", new Dictionary<string, object?> { ["city"] = "Paris" })]),
            new ChatMessage(ChatRole.Tool, [new FunctionResultContent("call_1", """{"temp":21}""")]),
        ]);

        JsonAssert.Equal(
            """
            {"model":"gpt-4o-mini","messages":[
              {"role":"user","content":"Weather in Paris?"},
              {"role":"assistant","content":null,"tool_calls":[{"id":"call_1","type":"function","function":{"name":"get_weather","arguments":"{\"city\":\"Paris\"}"}}]},
              {"role":"tool","content":"{\"temp\":21}","tool_call_id":"call_1"}]}
            """,
            sent!);
    }

    [Fact]
    public async Task GetResponseAsync_ParallelToolCalls_MapsEachCallInOrder()
    {
        _mock.When(HttpMethod.Post, OpenAITestClients.BaseUrl + "chat/completions").Respond(_ => Json(Fixture.Read("OpenAI/chat-parallel-tools.json")));
        var client = OpenAITestClients.Chat(_mock);

        var response = await client.GetResponseAsync("weather?");

        Assert.Equal(ChatFinishReason.ToolCalls, response.FinishReason);
        Assert.Collection(
            response.FunctionCalls(),
            c => Assert.Equal(("call_SKQEHo7QVlJRoCtEzcrYZM9C", "get_weather_for_city", """{"city_name": "Santiago"}"""), (c.CallId, c.Name, c.RawArguments())),
            c => Assert.Equal(("call_CkjljlLr7IebPc4hnvetfiZ8", "get_weather_for_city", """{"city_name": "Lima"}"""), (c.CallId, c.Name, c.RawArguments())));
        Assert.Equal("Lima", ((JsonElement)response.FunctionCalls()[1].Arguments!["city_name"]!).GetString());
        Assert.Equal(string.Empty, response.Text);
    }

    [Fact]
    public async Task GetResponseAsync_ReasoningContent_SurfacedSeparately()
    {
        _mock.When(HttpMethod.Post, "*").Respond(_ => Json(
            """{"id":"r1","model":"deepseek-reasoner","choices":[{"index":0,"message":{"role":"assistant","reasoning_content":"Let me think.","content":"42"},"finish_reason":"stop"}],"usage":{"prompt_tokens":5,"completion_tokens":9,"total_tokens":14,"completion_tokens_details":{"reasoning_tokens":4}}}"""));
        var client = OpenAITestClients.Chat(_mock);

        var response = await client.GetResponseAsync("answer?");

        Assert.Equal("42", response.Text);
        Assert.Equal("Let me think.", response.ReasoningText());
        Assert.Equal(4, response.Usage!.ReasoningTokenCount);
    }

    [Fact]
    public async Task GetResponseAsync_UnknownFinishReason_PreservedNotThrown()
    {
        _mock.When(HttpMethod.Post, "*").Respond(_ => Json("""{"choices":[{"index":0,"message":{"role":"assistant","content":"x"},"finish_reason":"network_error"}]}"""));
        var client = OpenAITestClients.Chat(_mock);

        var response = await client.GetResponseAsync("q");

        Assert.Equal("network_error", response.FinishReason!.Value.Value);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_UsageChunkWithEmptyChoices_ReportsUsageOnceAtEnd()
    {
        string? sent = null;
        _mock.Expect(HttpMethod.Post, OpenAITestClients.BaseUrl + "chat/completions")
            .WithHeaders("Accept", "text/event-stream")
            .With(r => (sent = r.Content!.ReadAsStringAsync().Result) is not null)
            .Respond(_ => new HttpResponseMessage(HttpStatusCode.OK) { Content = OpenAITestClients.Sse(Fixture.Read("OpenAI/stream-usage-tail.txt")) });
        var client = OpenAITestClients.Chat(_mock);

        var updates = await ToListAsync(client.GetStreamingResponseAsync("sky?"));

        JsonAssert.Equal("""{"model":"gpt-4o-mini","messages":[{"role":"user","content":"sky?"}],"stream":true,"stream_options":{"include_usage":true}}""", sent!);
        Assert.Equal("The sky", string.Concat(updates.Select(u => u.Text)));
        var usages = updates.SelectMany(u => u.Contents.OfType<UsageContent>()).ToList();
        Assert.Single(usages);
        Assert.Same(usages[0], updates[^1].Contents.OfType<UsageContent>().Single());
        Assert.Equal(734, usages[0].Details.TotalTokenCount);
        Assert.Equal(ChatFinishReason.Stop, updates[^1].FinishReason);
        Assert.All(updates.Take(updates.Count - 1), u => Assert.Null(u.FinishReason));
        Assert.Equal(6, updates.Count); // five vendor events (the [DONE] is not one) plus the final summary
    }

    [Fact]
    public async Task GetStreamingResponseAsync_ToolCallFragments_AssembledByIndexWithEmptyIdsIgnored()
    {
        _mock.When(HttpMethod.Post, "*").Respond(_ => new HttpResponseMessage(HttpStatusCode.OK) { Content = OpenAITestClients.Sse(Fixture.Read("OpenAI/stream-tool-calls.txt")) });
        var client = OpenAITestClients.Chat(_mock);

        var response = await client.GetStreamingResponseAsync("weather and time").ToChatResponseAsync();

        Assert.Equal(ChatFinishReason.ToolCalls, response.FinishReason);
        Assert.Collection(
            response.FunctionCalls(),
            c => Assert.Equal(("call_a", "get_weather", """{"city":"Paris"}"""), (c.CallId, c.Name, c.RawArguments())),
            c => Assert.Equal(("call_b", "get_time", """{"tz":"UTC"}"""), (c.CallId, c.Name, c.RawArguments())));
        Assert.Equal("UTC", ((JsonElement)response.FunctionCalls()[1].Arguments!["tz"]!).GetString());
    }

    [Fact]
    public async Task GetStreamingResponseAsync_StreamSplitAtEveryByteBoundary_GivesTheSameUpdates()
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(Fixture.Read("OpenAI/stream-tool-calls.txt").Replace("get_time", "查询时间", StringComparison.Ordinal));
        var expected = await StreamAsync(bytes, bytes.Length);

        for (int split = 1; split < bytes.Length; split++)
        {
            var actual = await StreamAsync(bytes, split);
            Assert.Equal(expected, actual);
        }

        Assert.Contains("查询时间({\"tz\":\"UTC\"})", expected, StringComparison.Ordinal);

        async Task<string> StreamAsync(byte[] body, int chunk)
        {
            var handler = StubHttpHandler.Always(() => new HttpResponseMessage(HttpStatusCode.OK) { Content = new StreamContent(new ChunkedStream(body, chunk)) { Headers = { ContentType = new("text/event-stream") } } });
            var updates = new List<string>();
            await foreach (var update in OpenAITestClients.Chat(handler).GetStreamingResponseAsync("hi"))
            {
                updates.Add($"{update.Text}|{update.FinishReason}|{string.Join(",", update.Contents.OfType<FunctionCallContent>().Select(c => c.Describe()))}");
            }

            return string.Join("\n", updates);
        }
    }

    [Fact]
    public async Task GetStreamingResponseAsync_ErrorFrame_ThrowsTypedExceptionWithCode()
    {
        var body = """
            data: {"id":"c1","choices":[{"index":0,"delta":{"content":"Hel"},"finish_reason":null}]}

            data: {"error":{"message":"The server had an error","type":"server_error","code":"server_error"}}


            """;
        _mock.When(HttpMethod.Post, "*").Respond(_ => Sse(body, ("x-request-id", "req_err")));
        var client = OpenAITestClients.Chat(_mock);
        var seen = new List<string>();

        var ex = await Assert.ThrowsAsync<LlmRequestException>(async () =>
        {
            await foreach (var update in client.GetStreamingResponseAsync("hi"))
            {
                seen.Add(update.Text);
            }
        });

        Assert.Equal(["Hel"], seen);
        Assert.Equal("server_error", ex.ErrorCode);
        Assert.Equal(LlmErrorKind.ServerError, ex.Kind);
        Assert.Equal("req_err", ex.RequestId);
        Assert.Equal("openai", ex.Provider);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_FlatErrorEvent_ThrowsTypedException()
    {
        var body = "event: error\ndata: {\"code\":\"invalid_model_error\",\"message\":\"Unsupported model \\\"\\\"\",\"request_id\":\"rid-1\"}\n\n";
        _mock.When(HttpMethod.Post, "*").Respond(_ => Sse(body));
        var client = OpenAITestClients.Chat(_mock);

        var ex = await Assert.ThrowsAsync<LlmRequestException>(() => client.GetStreamingResponseAsync("hi").ToChatResponseAsync());

        Assert.Equal("invalid_model_error", ex.ErrorCode);
        Assert.Equal("rid-1", ex.RequestId);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_EventLineAfterData_IsOneErrorEventAsTheSpecSays()
    {
        // Spec SSE: "event: error" belongs to the block it is in, so this is an error event with the data above it. The
        // DashScope framing repair (which starts a new event at such a line) must not run on OpenAI-compatible streams.
        var body = "data: {\"code\":\"overloaded\",\"message\":\"try later\"}\nevent: error\n\n";
        _mock.When(HttpMethod.Post, "*").Respond(_ => Sse(body));
        var client = OpenAITestClients.Chat(_mock);

        var ex = await Assert.ThrowsAsync<LlmRequestException>(() => client.GetStreamingResponseAsync("hi").ToChatResponseAsync());

        Assert.Equal("overloaded", ex.ErrorCode);
        Assert.Equal(200, ex.StatusCode);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_EmptyAndUnknownEvents_DoNotEndTheStream()
    {
        var body = "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"a\"}}]}\n\n: keep-alive\n\ndata: {\"object\":\"something.else\"}\n\ndata: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"b\"},\"finish_reason\":\"stop\"}]}\n\ndata: [DONE]\n\n";
        _mock.When(HttpMethod.Post, "*").Respond(_ => Sse(body));
        var client = OpenAITestClients.Chat(_mock);

        var response = await client.GetStreamingResponseAsync("hi").ToChatResponseAsync();

        Assert.Equal("ab", response.Text);
    }

    [Fact]
    public async Task GetResponseAsync_Error401_TypedAuthenticationErrorWithRequestIdAndNoKey()
    {
        _mock.When(HttpMethod.Post, "*").Respond(_ => Json(Fixture.Read("OpenAI/error-401.json"), ("x-request-id", "req_401"), HttpStatusCode.Unauthorized));
        var client = OpenAITestClients.Chat(_mock);

        var ex = await Assert.ThrowsAsync<LlmRequestException>(() => client.GetResponseAsync("hi"));

        Assert.Equal(401, ex.StatusCode);
        Assert.Equal("invalid_api_key", ex.ErrorCode);
        Assert.Equal(LlmErrorKind.Authentication, ex.Kind);
        Assert.False(ex.IsTransient);
        Assert.Equal("req_401", ex.RequestId);
        Assert.StartsWith("openai 401 invalid_api_key: Incorrect API key provided", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("OpenAI/error-quota.json", 429, "quota_exhausted", false)]
    [InlineData("OpenAI/error-bad-dimensions.json", 400, "invalid_request", false)]
    [InlineData("OpenAI/error-dashscope-compat-json-object.json", 400, "invalid_request", false)]
    public async Task GetResponseAsync_ErrorBodies_MappedToKinds(string fixture, int status, string kind, bool transient)
    {
        _mock.When(HttpMethod.Post, "*").Respond(_ => Json(Fixture.Read(fixture), status: (HttpStatusCode)status));
        var client = OpenAITestClients.Chat(_mock);

        var ex = await Assert.ThrowsAsync<LlmRequestException>(() => client.GetResponseAsync("hi"));

        Assert.Equal(status, ex.StatusCode);
        Assert.Equal(kind, ex.Kind.Value);
        Assert.Equal(transient, ex.IsTransient);
    }

    [Fact]
    public async Task GetResponseAsync_DashScopeCompatErrorBody_RequestIdFromBody()
    {
        _mock.When(HttpMethod.Post, "*").Respond(_ => Json(Fixture.Read("OpenAI/error-dashscope-compat-json-object.json"), status: HttpStatusCode.BadRequest));
        var client = OpenAITestClients.Chat(_mock);

        var ex = await Assert.ThrowsAsync<LlmRequestException>(() => client.GetResponseAsync("hi"));

        Assert.Equal("b41c1495-d9a4-4878-8ec5-48bb55fc921b", ex.RequestId);
        Assert.Equal("invalid_parameter_error", ex.ErrorCode);
    }

    [Fact]
    public async Task GetResponseAsync_MalformedJson_InvalidResponse()
    {
        _mock.When(HttpMethod.Post, "*").Respond(_ => Json("""{"choices":[{"index":0,"mess"""));
        var client = OpenAITestClients.Chat(_mock);

        var ex = await Assert.ThrowsAsync<LlmRequestException>(() => client.GetResponseAsync("hi"));

        Assert.Equal(LlmErrorKind.InvalidResponse, ex.Kind);
    }

    [Fact]
    public async Task BadInput_ThrowsBeforeAnyNetworkCall()
    {
        var client = OpenAITestClients.Chat(_mock, OpenAITestClients.Settings(defaultModel: null));

        await Assert.ThrowsAsync<ArgumentNullException>(() => client.GetResponseAsync(null!));
        var empty = await Assert.ThrowsAsync<ArgumentException>(() => client.GetResponseAsync([]));
        Assert.Equal("messages", empty.ParamName);
        var noModel = await Assert.ThrowsAsync<InvalidOperationException>(() => client.GetResponseAsync("hi"));
        Assert.Contains("LlmProviders:openai:DefaultModel", noModel.Message, StringComparison.Ordinal);
        Assert.Contains("options.DefaultModel in the configure callback", noModel.Message, StringComparison.Ordinal);
        Assert.Contains("ChatOptions.ModelId", noModel.Message, StringComparison.Ordinal);
        var negative = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => client.GetResponseAsync("hi", new ChatOptions { ModelId = "m", MaxOutputTokens = -1 }));
        Assert.Contains("MaxOutputTokens", negative.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => client.GetStreamingResponseAsync([]));
        Assert.Throws<InvalidOperationException>(() => client.GetStreamingResponseAsync("hi"));
        Assert.Equal(0, _mock.GetMatchCount(_mock.When("*")));
    }

    [Fact]
    public async Task GetStreamingResponseAsync_CallerCancels_OperationCanceledNotWrapped()
    {
        _mock.When(HttpMethod.Post, "*").Respond(_ => new HttpResponseMessage(HttpStatusCode.OK) { Content = OpenAITestClients.Sse(Fixture.Read("OpenAI/stream-usage-tail.txt")) });
        var client = OpenAITestClients.Chat(_mock);
        using var cts = new CancellationTokenSource();

        var ex = await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var update in client.GetStreamingResponseAsync("hi", cancellationToken: cts.Token))
            {
                await cts.CancelAsync();
            }
        });

        Assert.IsNotType<LlmRequestException>(ex);
    }

    private static HttpResponseMessage Json(string body, (string Name, string Value)? header = null, HttpStatusCode status = HttpStatusCode.OK)
    {
        var response = new HttpResponseMessage(status) { Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json") };
        if (header is { } h)
        {
            response.Headers.Add(h.Name, h.Value);
        }

        return response;
    }

    private static HttpResponseMessage Sse(string body, (string Name, string Value)? header = null)
    {
        var response = new HttpResponseMessage(HttpStatusCode.OK) { Content = OpenAITestClients.Sse(body) };
        if (header is { } h)
        {
            response.Headers.Add(h.Name, h.Value);
        }

        return response;
    }

    private static async Task<List<ChatResponseUpdate>> ToListAsync(IAsyncEnumerable<ChatResponseUpdate> updates)
    {
        var list = new List<ChatResponseUpdate>();
        await foreach (var update in updates)
        {
            list.Add(update);
        }

        return list;
    }
}
