using System.Net;
using System.Text.Json;
using LlmClients.DashScope;
using RichardSzalay.MockHttp;
using static LlmClients.Tests.DashScope.DashScopeTestHarness;

namespace LlmClients.Tests.DashScope;

public class DashScopeChatClientTests
{
    private static readonly ChatMessage[] Hello = [new(ChatRole.User, "请问 1+1 是多少？")];

    private static MockHttpMessageHandler Capture(string fixture, Action<string> body)
    {
        var mock = new MockHttpMessageHandler();
        mock.Expect(HttpMethod.Post, GenerationUrl).Respond(async req =>
        {
            body(await req.Content!.ReadAsStringAsync());
            return Json(Fixture(fixture));
        });
        return mock;
    }

    [Fact]
    public async Task GetResponseAsync_MessageFormat_SendsNativeBodyAndMapsResponse()
    {
        using var mock = new MockHttpMessageHandler();
        string? body = null;
        mock.Expect(HttpMethod.Post, GenerationUrl).Respond(async req =>
        {
            body = await req.Content!.ReadAsStringAsync();
            return Json(Fixture("single-generation-message-nosse.response.json"));
        });
        var client = Chat(mock);

        var response = await client.GetResponseAsync(
            [new ChatMessage(ChatRole.System, "Be brief."), Hello[0]],
            new ChatOptions { ModelId = "qwen-max", Temperature = 0.85f, TopP = 0.8f, TopK = 100, MaxOutputTokens = 1500, Seed = 1234, StopSequences = ["你好"], PresencePenalty = 0.5f });

        AssertJsonEqual(
            """
            {"model":"qwen-max","input":{"messages":[{"role":"system","content":"Be brief."},{"role":"user","content":"请问 1+1 是多少？"}]},
             "parameters":{"result_format":"message","temperature":0.85,"top_p":0.8,"top_k":100,"max_tokens":1500,"seed":1234,"stop":["你好"],"presence_penalty":0.5}}
            """,
            body!);
        Assert.StartsWith("1+1 等于 2。", response.Text, StringComparison.Ordinal);
        Assert.Equal(ChatFinishReason.Stop, response.FinishReason);
        Assert.Equal("e764bfe3-c0b7-97a0-ae57-cd99e1580960", response.GetRequestId());
        Assert.Equal("qwen-max", response.ModelId);
        Assert.Equal(8, response.Usage!.InputTokenCount);
        Assert.Equal(39, response.Usage.OutputTokenCount);
        Assert.Equal(47, response.Usage.TotalTokenCount);
        mock.VerifyNoOutstandingExpectation();
    }

    [Fact]
    public async Task GetResponseAsync_TextFormatRequested_SendsPromptAndReadsOutputText()
    {
        using var mock = new MockHttpMessageHandler();
        string? body = null;
        mock.Expect(HttpMethod.Post, GenerationUrl).Respond(async req =>
        {
            body = await req.Content!.ReadAsStringAsync();
            return Json(Fixture("single-generation-text-nosse.response.json"));
        });

        var response = await Chat(mock).GetResponseAsync(Hello, new ChatOptions { ModelId = "qwen-max", AdditionalProperties = new() { ["result_format"] = "text" } });

        AssertJsonEqual("""{"model":"qwen-max","input":{"prompt":"请问 1+1 是多少？"},"parameters":{"result_format":"text"}}""", body!);
        Assert.Equal("1+1等于2。这是最基本的数学加法运算之一。", response.Text);
        Assert.Equal(ChatFinishReason.Stop, response.FinishReason);
        Assert.Equal(0, response.Usage!.CachedInputTokenCount);
        Assert.Equal(30, response.Usage.TotalTokenCount);
        mock.VerifyNoOutstandingExpectation();
    }

    [Fact]
    public async Task GetResponseAsync_VendorParameters_MergedIntoParameters()
    {
        using var mock = new MockHttpMessageHandler();
        string? body = null;
        mock.Expect(HttpMethod.Post, GenerationUrl).Respond(async req =>
        {
            body = await req.Content!.ReadAsStringAsync();
            return Json(Fixture("single-generation-message-nosse.response.json"));
        });
        var options = new ChatOptions
        {
            ModelId = "qwen-plus",
            ResponseFormat = ChatResponseFormat.Json,
            AdditionalProperties = new()
            {
                ["repetition_penalty"] = 1.1,
                ["enable_search"] = true,
                ["search_options"] = new Dictionary<string, object?> { ["forced_search"] = true, ["enable_source"] = true },
                ["enable_thinking"] = false,
                ["thinking_budget"] = 50,
                ["stop"] = new[] { new[] { 37763, 367 } },
            },
        };

        await Chat(mock).GetResponseAsync(Hello, options);

        AssertJsonEqual(
            """
            {"model":"qwen-plus","input":{"messages":[{"role":"user","content":"请问 1+1 是多少？"}]},
             "parameters":{"result_format":"message","response_format":{"type":"json_object"},"repetition_penalty":1.1,"enable_search":true,
               "search_options":{"forced_search":true,"enable_source":true},"enable_thinking":false,"thinking_budget":50,"stop":[[37763,367]]}}
            """,
            body!);
    }

    [Fact]
    public async Task GetResponseAsync_FrequencyPenalty_NotSentAndNeverMappedToRepetitionPenalty()
    {
        // Documented on DashScopeOptions: the native API has no frequency_penalty (and M.E.AI's ChatOptions has no end-user
        // field to map; a "user" extra would go into parameters as is). repetition_penalty
        // is multiplicative with 1.0 meaning none, so mapping OpenAI's additive 0-means-none value onto it would be wrong.
        string? body = null;
        using var mock = Capture("single-generation-message-nosse.response.json", b => body = b);

        await Chat(mock).GetResponseAsync(Hello, new ChatOptions { ModelId = "qwen-max", FrequencyPenalty = 0.5f });

        AssertJsonEqual("""{"model":"qwen-max","input":{"messages":[{"role":"user","content":"请问 1+1 是多少？"}]},"parameters":{"result_format":"message"}}""", body!);
        mock.VerifyNoOutstandingExpectation();
    }

    [Fact]
    public async Task GetResponseAsync_StopSequences_SentAsStringsEvenWhenTheyLookLikeNumbers()
    {
        string? body = null;
        using var mock = Capture("single-generation-message-nosse.response.json", b => body = b);

        await Chat(mock).GetResponseAsync(Hello, new ChatOptions { ModelId = "qwen-max", StopSequences = ["37763", "\n\n", "你好"] });

        using var doc = JsonDocument.Parse(body!);
        var stop = doc.RootElement.GetProperty("parameters").GetProperty("stop");
        Assert.All(stop.EnumerateArray(), e => Assert.Equal(JsonValueKind.String, e.ValueKind));
        Assert.Equal(["37763", "\n\n", "你好"], stop.EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public async Task GetResponseAsync_TextFormatWithConversation_SendsMessagesAndReadsOutputText()
    {
        // A plain prompt is only used for a lone user turn; a conversation keeps input.messages, still answered in output.text.
        string? body = null;
        using var mock = Capture("single-generation-text-nosse.response.json", b => body = b);
        var options = new ChatOptions { ModelId = "qwen-max", AdditionalProperties = new() { ["result_format"] = JsonSerializer.Deserialize<JsonElement>("\"text\"") } };

        var response = await Chat(mock).GetResponseAsync([new ChatMessage(ChatRole.System, "Be brief."), Hello[0]], options);

        AssertJsonEqual(
            """{"model":"qwen-max","input":{"messages":[{"role":"system","content":"Be brief."},{"role":"user","content":"请问 1+1 是多少？"}]},"parameters":{"result_format":"text"}}""",
            body!);
        Assert.Equal("1+1等于2。这是最基本的数学加法运算之一。", response.Text);
        Assert.Equal("7e3d5586-cb70-98ce-97bf-8a2ac0091c3f", response.GetRequestId());
    }

    [Fact]
    public async Task GetResponseAsync_ToolsAndToolResults_SendsOpenAIShapedToolsInParameters()
    {
        using var mock = new MockHttpMessageHandler();
        string? body = null;
        mock.Expect(HttpMethod.Post, GenerationUrl).Respond(async req =>
        {
            body = await req.Content!.ReadAsStringAsync();
            return Json(Fixture("single-generation-message-nosse.response.json"));
        });
        var tool = Meai.Function("get_current_weather", "天气", """{"type":"object","properties":{"location":{"type":"string"}}}""");
        ChatMessage[] messages =
        [
            new(ChatRole.User, "杭州天气？"),
            new(ChatRole.Assistant, [new FunctionCallContent("call_1", "get_current_weather", new Dictionary<string, object?> { ["location"] = "杭州" })]),
            new(ChatRole.Tool, [new FunctionResultContent("call_1", "晴")]),
        ];

        await Chat(mock).GetResponseAsync(messages, new ChatOptions { ModelId = "qwen-plus", Tools = [tool], ToolMode = ChatToolMode.Auto, AllowMultipleToolCalls = true });

        AssertJsonEqual(
            """
            {"model":"qwen-plus","input":{"messages":[
               {"role":"user","content":"杭州天气？"},
               {"role":"assistant","content":"","tool_calls":[{"id":"call_1","type":"function","function":{"name":"get_current_weather","arguments":"{\"location\":\"杭州\"}"}}]},
               {"role":"tool","content":"晴","tool_call_id":"call_1"}]},
             "parameters":{"result_format":"message","tools":[{"type":"function","function":{"name":"get_current_weather","description":"天气","parameters":{"type":"object","properties":{"location":{"type":"string"}}}}}],
               "tool_choice":"auto","parallel_tool_calls":true}}
            """,
            body!);
    }

    [Fact]
    public async Task GetResponseAsync_ToolCallWithFinishReasonStop_ReportsToolCalls()
    {
        using var mock = new MockHttpMessageHandler();
        mock.Expect(HttpMethod.Post, GenerationUrl).Respond(_ => Json(Fixture("single-generation-message-with-tools-nosse.response.json")));

        var response = await Chat(mock).GetResponseAsync(Hello, new ChatOptions { ModelId = "qwen-max" });

        var call = Assert.Single(response.FunctionCalls());
        Assert.Equal("call_cec4c19d27624537b583af", call.CallId);
        Assert.Equal("get_current_weather", call.Name);
        Assert.Equal("{\"location\": \"浙江省杭州市\"}", call.RawArguments());
        Assert.Equal("浙江省杭州市", ((JsonElement)call.Arguments!["location"]!).GetString());
        Assert.Equal(ChatFinishReason.ToolCalls, response.FinishReason);
        Assert.Equal(string.Empty, response.Text);
    }

    [Fact]
    public async Task GetResponseAsync_ReasoningAndCachedTokens_MappedToUsage()
    {
        using var mock = new MockHttpMessageHandler();
        mock.Expect(HttpMethod.Post, GenerationUrl).Respond(_ => Json(
            """{"output":{"choices":[{"finish_reason":"stop","message":{"role":"assistant","content":"2","reasoning_content":"嗯"}}]},"usage":{"total_tokens":30,"output_tokens":14,"input_tokens":16,"prompt_tokens_details":{"cached_tokens":8},"output_tokens_details":{"reasoning_tokens":5}},"request_id":"r1"}"""));

        var response = await Chat(mock).GetResponseAsync(Hello, new ChatOptions { ModelId = "qwen-plus" });

        Assert.Equal("嗯", response.ReasoningText());
        Assert.Equal("2", response.Text);
        Assert.Equal(8, response.Usage!.CachedInputTokenCount);
        Assert.Equal(5, response.Usage.ReasoningTokenCount);
    }

    [Fact]
    public async Task GetResponseAsync_InvalidApiKey_ThrowsAuthenticationWithoutLeakingKey()
    {
        using var mock = new MockHttpMessageHandler();
        mock.Expect(HttpMethod.Post, GenerationUrl).Respond(_ => Json(Fixture("auth-error-nosse.response.json"), HttpStatusCode.Unauthorized));

        var ex = await Assert.ThrowsAsync<LlmRequestException>(() => Chat(mock).GetResponseAsync(Hello, new ChatOptions { ModelId = "qwen-max" }));

        Assert.Equal(LlmErrorKind.Authentication, ex.Kind);
        Assert.Equal(401, ex.StatusCode);
        Assert.Equal("InvalidApiKey", ex.ErrorCode);
        Assert.Equal("a1c0561c-1dfe-98a6-a62f-983577b8bc5e", ex.RequestId);
        Assert.False(ex.IsTransient);
        Assert.DoesNotContain("sk-test-secret-key", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("dashscope.aliyuncs.com", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetResponseAsync_ErrorBodyWithoutRequestId_UsesXRequestIdHeader()
    {
        using var mock = new MockHttpMessageHandler();
        mock.Expect(HttpMethod.Post, GenerationUrl).Respond(_ => Json("""{"code":"InvalidParameter","message":"bad"}""", HttpStatusCode.BadRequest, requestIdHeader: "hdr-123"));

        var ex = await Assert.ThrowsAsync<LlmRequestException>(() => Chat(mock).GetResponseAsync(Hello, new ChatOptions { ModelId = "qwen-max" }));

        Assert.Equal("hdr-123", ex.RequestId);
        Assert.Equal(LlmErrorKind.InvalidRequest, ex.Kind);
        Assert.Equal("dashscope 400 InvalidParameter: bad (request id hdr-123)", ex.Message);
    }

    [Fact]
    public async Task GetResponseAsync_WorkspaceId_SendsWorkspaceHeader()
    {
        using var mock = new MockHttpMessageHandler();
        mock.Expect(HttpMethod.Post, GenerationUrl).WithHeaders("X-DashScope-WorkSpace", "ws-1").Respond(_ => Json(Fixture("single-generation-message-nosse.response.json")));

        await Chat(mock, o => o.WorkspaceId = "ws-1").GetResponseAsync(Hello, new ChatOptions { ModelId = "qwen-max" });

        mock.VerifyNoOutstandingExpectation();
    }

    [Fact]
    public async Task GetResponseAsync_EmptyConversation_ThrowsBeforeNetwork()
    {
        using var mock = new MockHttpMessageHandler();

        await Assert.ThrowsAsync<ArgumentException>(() => Chat(mock).GetResponseAsync([], new ChatOptions { ModelId = "qwen-max" }));
        await Assert.ThrowsAsync<InvalidOperationException>(() => Chat(mock).GetResponseAsync(Hello));

        Assert.Equal(0, mock.GetMatchCount(mock.Fallback));
    }
}
