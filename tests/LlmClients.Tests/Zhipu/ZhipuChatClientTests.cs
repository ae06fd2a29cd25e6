using System.Net;
using LlmClients.Zhipu;
using static LlmClients.Tests.Zhipu.ZhipuTestHost;

namespace LlmClients.Tests.Zhipu;

public sealed class ZhipuChatClientTests
{
    private static readonly ChatMessage[] Hello = [new(ChatRole.System, "你是一个乐于助人的助手。"), new(ChatRole.User, "你好")];

    [Fact]
    public async Task GetResponseAsync_Glm4_SendsOpenAIShapedBodyAndMapsResponse()
    {
        using var host = Create();
        var captured = host.Expect(HttpMethod.Post, "chat/completions", () => Json(HttpStatusCode.OK, Fixture("chat-response.json")));

        var response = await host.Chat.GetResponseAsync(Hello, new ChatOptions { Temperature = 0.5f, MaxOutputTokens = 100 });

        AssertJsonEqual(
            """{"model":"glm-4","messages":[{"role":"system","content":"你是一个乐于助人的助手。"},{"role":"user","content":"你好"}],"temperature":0.5,"max_tokens":100}""",
            captured.Body!);
        Assert.Equal("你好！有什么可以帮你的吗？", response.Text);
        Assert.Equal(ChatFinishReason.Stop, response.FinishReason);
        Assert.Equal("2024072210205335e2e4e1e6b14b41", response.ResponseId);
        Assert.Equal("my-request-1", response.GetRequestId());
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1721614853), response.CreatedAt);
        Assert.Equal(17, response.Usage?.TotalTokenCount);
        Assert.Equal("Bearer " + Key, captured.Authorization);
        host.Mock.VerifyNoOutstandingExpectation();
    }

    [Fact]
    public async Task GetResponseAsync_VendorExtras_SentAsUserIdDoSampleRequestId()
    {
        using var host = Create();
        var captured = host.Expect(HttpMethod.Post, "chat/completions", () => Json(HttpStatusCode.OK, Fixture("chat-response.json")));

        await host.Chat.GetResponseAsync(Hello, new ChatOptions
        {
            ModelId = "glm-4-flash",
            // Zhipu's client-chosen request_id is an ordinary extra (request_id is a reserved key on responses only).
            AdditionalProperties = new() { ["user_id"] = "user-42", ["do_sample"] = false, ["request_id"] = "my-request-1" },
        });

        AssertJsonEqual(
            """{"model":"glm-4-flash","messages":[{"role":"system","content":"你是一个乐于助人的助手。"},{"role":"user","content":"你好"}],"user_id":"user-42","do_sample":false,"request_id":"my-request-1"}""",
            captured.Body!);
    }

    [Fact]
    public async Task GetResponseAsync_WebSearchToolExtra_SentAfterFunctionTools()
    {
        using var host = Create();
        var captured = host.Expect(HttpMethod.Post, "chat/completions", () => Json(HttpStatusCode.OK, Fixture("chat-response.json")));
        var webSearch = new Dictionary<string, object?> { ["type"] = "web_search", ["web_search"] = new Dictionary<string, object?> { ["enable"] = true } };

        await host.Chat.GetResponseAsync(Hello, new ChatOptions
        {
            Tools = [Meai.Function("get_weather", "Gets the weather")],
            AdditionalProperties = new() { ["tools"] = new List<object?> { webSearch } },
        });

        AssertJsonEqual(
            """{"model":"glm-4","messages":[{"role":"system","content":"你是一个乐于助人的助手。"},{"role":"user","content":"你好"}],"tools":[{"type":"function","function":{"name":"get_weather","description":"Gets the weather","parameters":{"type":"object","properties":{}}}},{"type":"web_search","web_search":{"enable":true}}]}""",
            captured.Body!);
    }

    [Fact]
    public async Task GetResponseAsync_ToolCalls_MappedToFunctionCalls()
    {
        using var host = Create();
        host.Expect(HttpMethod.Post, "chat/completions", () => Json(HttpStatusCode.OK, Fixture("chat-tool-calls.json")));

        var response = await host.Chat.GetResponseAsync(Hello, new ChatOptions { Tools = [Meai.Function("get_weather", "Gets the weather")] });

        var call = Assert.Single(response.FunctionCalls());
        Assert.Equal("call_8231168139794583938", call.CallId);
        Assert.Equal("get_weather", call.Name);
        Assert.Equal("""{"city":"北京"}""", call.RawArguments());
        Assert.Equal("北京", ((System.Text.Json.JsonElement)call.Arguments!["city"]!).GetString());
        Assert.Equal(ChatFinishReason.ToolCalls, response.FinishReason);
    }

    [Fact]
    public async Task GetResponseAsync_ReasoningContent_MappedToReasoningWithTokenDetails()
    {
        using var host = Create();
        host.Expect(HttpMethod.Post, "chat/completions", () => Json(HttpStatusCode.OK, Fixture("chat-reasoning.json")));

        var response = await host.Chat.GetResponseAsync(Hello, new ChatOptions { ModelId = "glm-4.5", AdditionalProperties = new() { ["thinking"] = new Dictionary<string, object?> { ["type"] = "enabled" } } });

        Assert.Equal("2 加 2 等于 4。", response.ReasoningText());
        Assert.Equal("答案是 4。", response.Text);
        Assert.Equal(12, response.Usage?.ReasoningTokenCount);
        Assert.Equal(2, response.Usage?.CachedInputTokenCount);
    }

    [Theory]
    [InlineData("sensitive", "content_filter")]
    [InlineData("model_context_window_exceeded", "length")]
    [InlineData("length", "length")]
    [InlineData("glm_new_reason", "glm_new_reason")]
    public async Task GetResponseAsync_ZhipuFinishReasons_MappedAndUnknownPreserved(string wire, string expected)
    {
        using var host = Create();
        host.Expect(HttpMethod.Post, "chat/completions", () => Json(HttpStatusCode.OK, Fixture("chat-response.json").Replace("\"stop\"", $"\"{wire}\"", StringComparison.Ordinal)));

        var response = await host.Chat.GetResponseAsync(Hello);

        Assert.Equal(expected, response.FinishReason?.Value);
    }

    [Fact]
    public async Task GetResponseAsync_NetworkErrorFinishReason_ThrowsTransientServerError()
    {
        using var host = Create();
        host.Expect(HttpMethod.Post, "chat/completions", () => Json(HttpStatusCode.OK, Fixture("chat-response.json").Replace("\"stop\"", "\"network_error\"", StringComparison.Ordinal)));

        var ex = await Assert.ThrowsAsync<LlmRequestException>(() => host.Chat.GetResponseAsync(Hello));

        Assert.Equal(LlmErrorKind.ServerError, ex.Kind);
        Assert.True(ex.IsTransient);
        Assert.Equal("network_error", ex.ErrorCode);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_RealGlm4Capture_TextThenOneUsageAndFinishLast()
    {
        using var host = Create();
        var captured = host.Expect(HttpMethod.Post, "chat/completions", () => Sse(Fixture("glm4-stream.txt")));

        var updates = new List<ChatResponseUpdate>();
        await foreach (var update in host.Chat.GetStreamingResponseAsync(Hello))
        {
            updates.Add(update);
        }

        Assert.Equal(" love you.\"", string.Concat(updates.Select(u => u.Text)));
        Assert.All(updates[..^1], u => Assert.Null(u.FinishReason));
        Assert.Equal(ChatFinishReason.Stop, updates[^1].FinishReason);
        var usage = Assert.Single(updates.SelectMany(u => u.Contents).OfType<UsageContent>());
        Assert.Equal(22, usage.Details.InputTokenCount);
        Assert.Equal(28, usage.Details.TotalTokenCount);
        Assert.Equal("8367749749104713937", updates[^1].ResponseId);
        AssertJsonEqual(
            """{"model":"glm-4","messages":[{"role":"system","content":"你是一个乐于助人的助手。"},{"role":"user","content":"你好"}],"stream":true}""",
            captured.Body!);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_Request_HasNoStreamOptions()
    {
        using var host = Create();
        var captured = host.Expect(HttpMethod.Post, "chat/completions", () => Sse(Fixture("glm4-stream.txt")));

        await foreach (var _ in host.Chat.GetStreamingResponseAsync(Hello))
        {
        }

        Assert.DoesNotContain("stream_options", captured.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_ErrorFrame_ThrowsTypedException()
    {
        using var host = Create();
        host.Expect(HttpMethod.Post, "chat/completions", () => Sse(
            "data: {\"id\":\"1\",\"created\":1,\"model\":\"glm-4\",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"I\"}}]}\n\n"
            + "data: " + Fixture("error-1301.json").Trim() + "\n\n"));

        var text = "";
        var ex = await Assert.ThrowsAsync<LlmRequestException>(async () =>
        {
            await foreach (var update in host.Chat.GetStreamingResponseAsync(Hello))
            {
                text += update.Text;
            }
        });

        Assert.Equal("I", text);
        Assert.Equal("1301", ex.ErrorCode);
        Assert.Equal(LlmErrorKind.ContentFiltered, ex.Kind);
        Assert.False(ex.IsTransient);
        Assert.Equal("zhipu", ex.Provider);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_WholeToolCallInOneChunk_EmittedOnceAtEnd()
    {
        using var host = Create();
        host.Expect(HttpMethod.Post, "chat/completions", () => Sse(
            "data: {\"id\":\"1\",\"created\":1,\"model\":\"glm-4\",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"tool_calls\":[{\"id\":\"call_1\",\"index\":0,\"type\":\"function\",\"function\":{\"name\":\"get_weather\",\"arguments\":\"{\\\"city\\\":\\\"北京\\\"}\"}}]}}]}\n\n"
            + "data: {\"id\":\"1\",\"created\":1,\"model\":\"glm-4\",\"choices\":[{\"index\":0,\"finish_reason\":\"tool_calls\",\"delta\":{\"role\":\"assistant\",\"content\":\"\"}}],\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":5,\"total_tokens\":10}}\n\n"
            + "data: [DONE]\n\n"));

        var updates = new List<ChatResponseUpdate>();
        await foreach (var update in host.Chat.GetStreamingResponseAsync(Hello, new ChatOptions { Tools = [Meai.Function("get_weather", "Gets the weather")] }))
        {
            updates.Add(update);
        }

        var call = Assert.Single(updates.SelectMany(u => u.Contents).OfType<FunctionCallContent>());
        Assert.Equal("call_1", call.CallId);
        Assert.Equal("""{"city":"北京"}""", call.RawArguments());
        Assert.Equal(ChatFinishReason.ToolCalls, updates[^1].FinishReason);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_IncrementalToolCallFragments_AssembledByIndex()
    {
        using var host = Create();
        host.Expect(HttpMethod.Post, "chat/completions", () => Sse(
            "data: {\"id\":\"1\",\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"id\":\"call_1\",\"index\":0,\"type\":\"function\",\"function\":{\"name\":\"get_weather\",\"arguments\":\"{\\\"ci\"}}]}}]}\n\n"
            + "data: {\"id\":\"1\",\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"ty\\\":1}\"}}]}}]}\n\n"
            + "data: {\"id\":\"1\",\"choices\":[{\"index\":0,\"finish_reason\":\"tool_calls\",\"delta\":{}}]}\n\n"
            + "data: [DONE]\n\n"));

        var updates = new List<ChatResponseUpdate>();
        await foreach (var update in host.Chat.GetStreamingResponseAsync(Hello))
        {
            updates.Add(update);
        }

        var call = Assert.Single(updates.SelectMany(u => u.Contents).OfType<FunctionCallContent>());
        Assert.Equal("""{"city":1}""", call.RawArguments());
        Assert.Equal(1, ((System.Text.Json.JsonElement)call.Arguments!["city"]!).GetInt32());
    }

    [Fact]
    public async Task GetStreamingResponseAsync_ReasoningBeforeContent_StreamedAsReasoning()
    {
        using var host = Create();
        host.Expect(HttpMethod.Post, "chat/completions", () => Sse(
            "data: {\"id\":\"1\",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"reasoning_content\":\"想一想\"}}]}\n\n"
            + "data: {\"id\":\"1\",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"4\"}}]}\n\n"
            + "data: {\"id\":\"1\",\"choices\":[{\"index\":0,\"finish_reason\":\"stop\",\"delta\":{\"role\":\"assistant\",\"content\":\"\"}}]}\n\n"
            + "data: [DONE]\n\n"));

        var updates = new List<ChatResponseUpdate>();
        await foreach (var update in host.Chat.GetStreamingResponseAsync(Hello))
        {
            updates.Add(update);
        }

        Assert.Equal("想一想", Assert.Single(updates[0].Contents.OfType<TextReasoningContent>()).Text);
        Assert.Equal("4", updates[1].Text);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_SensitiveOnLastChunk_IsContentFilter()
    {
        using var host = Create();
        host.Expect(HttpMethod.Post, "chat/completions", () => Sse(
            "data: {\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"I cannot\"},\"finish_reason\":\"sensitive\"}],\"usage\":{\"prompt_tokens\":1,\"completion_tokens\":2,\"total_tokens\":3}}\n\n"
            + "data: [DONE]\n\n"));

        var updates = new List<ChatResponseUpdate>();
        await foreach (var update in host.Chat.GetStreamingResponseAsync(Hello))
        {
            updates.Add(update);
        }

        Assert.Equal(ChatFinishReason.ContentFilter, updates[^1].FinishReason);
        Assert.Equal("I cannot", string.Concat(updates.Select(u => u.Text)));
    }

    [Fact]
    public void GetStreamingResponseAsync_EmptyPrompt_ThrowsOnCallBeforeNetwork()
    {
        using var host = Create();

        var ex = Assert.Throws<ArgumentException>(() => host.Chat.GetStreamingResponseAsync([new ChatMessage(ChatRole.User, "  ")]));

        Assert.Equal("messages", ex.ParamName);
        Assert.Contains("empty prompts", ex.Message, StringComparison.Ordinal);
        host.Mock.VerifyNoOutstandingRequest();
        Assert.Equal(0, host.UnmatchedRequests);
    }

    [Fact]
    public async Task GetResponseAsync_OnlySystemMessage_ThrowsNamingTheFix()
    {
        using var host = Create();

        var ex = await Assert.ThrowsAsync<ArgumentException>(() => host.Chat.GetResponseAsync([new ChatMessage(ChatRole.System, "You are helpful.")]));

        Assert.Contains("ChatRole.User", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void GetService_AsyncAndImageClients_ReturnedAndSameAsKeyed()
    {
        using var host = Create();

        Assert.Same(host.AsyncTasks, host.Chat.GetService<IZhipuAsyncChatClient>());
        Assert.Same(host.Images, host.Chat.GetService<IZhipuImageClient>());
        Assert.Equal("zhipu", host.Chat.GetService<ChatClientMetadata>()!.ProviderName);
        Assert.Equal(new Uri(Base), host.Chat.GetService<ChatClientMetadata>()!.ProviderUri);
    }
}
