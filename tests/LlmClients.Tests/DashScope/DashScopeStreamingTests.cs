using System.Net;
using RichardSzalay.MockHttp;
using static LlmClients.Tests.DashScope.DashScopeTestHarness;

namespace LlmClients.Tests.DashScope;

public class DashScopeStreamingTests
{
    // Constructed from the reasoning recording's shape, as incremental_output:false sends it: everything so far on each event.
    private const string CumulativeThinkingSse = """
        id:1
        event:result
        :HTTP_STATUS/200
        data:{"output":{"choices":[{"message":{"content":"","reasoning_content":"嗯，","role":"assistant"},"finish_reason":"null"}]},"request_id":"r"}

        id:2
        event:result
        :HTTP_STATUS/200
        data:{"output":{"choices":[{"message":{"content":"","reasoning_content":"嗯，用户问","role":"assistant"},"finish_reason":"null"}]},"request_id":"r"}

        id:3
        event:result
        :HTTP_STATUS/200
        data:{"output":{"choices":[{"message":{"content":"1+1","reasoning_content":"嗯，用户问","role":"assistant"},"finish_reason":"null"}]},"request_id":"r"}

        id:4
        event:result
        :HTTP_STATUS/200
        data:{"output":{"choices":[{"message":{"content":"1+1 等于 2","reasoning_content":"嗯，用户问","role":"assistant"},"finish_reason":"stop"}]},"request_id":"r"}

        """;

    private static readonly ChatMessage[] Hello = [new(ChatRole.User, "请问 1+1 是多少？")];
    private static readonly ChatOptions Max = new() { ModelId = "qwen-max" };

    private static MockHttpMessageHandler Answer(string sse, bool gzip = false, Action<string>? body = null)
    {
        var mock = new MockHttpMessageHandler();
        mock.Expect(HttpMethod.Post, GenerationUrl)
            .WithHeaders("X-DashScope-SSE", "enable")
            .WithHeaders("Accept", "text/event-stream")
            .Respond(async req =>
            {
                body?.Invoke(await req.Content!.ReadAsStringAsync());
                return new HttpResponseMessage(HttpStatusCode.OK) { Content = Sse(sse, gzip) };
            });
        return mock;
    }

    [Fact]
    public async Task GetStreamingResponseAsync_Default_SendsSseHeadersAndIncrementalOutput()
    {
        string? body = null;
        using var mock = Answer(Fixture("single-generation-text-sse.response.txt"), body: b => body = b);

        await CollectAsync(Chat(mock).GetStreamingResponseAsync(Hello, Max));

        AssertJsonEqual("""{"model":"qwen-max","input":{"messages":[{"role":"user","content":"请问 1+1 是多少？"}]},"parameters":{"result_format":"message","incremental_output":true}}""", body!);
        mock.VerifyNoOutstandingExpectation();
    }

    [Fact]
    public async Task GetStreamingResponseAsync_StringNullFinishReason_MeansNotFinished()
    {
        using var mock = Answer(Fixture("single-generation-text-sse.response.txt"));

        var updates = await CollectAsync(Chat(mock).GetStreamingResponseAsync(Hello, Max));

        Assert.All(updates[..^1], u => Assert.Null(u.FinishReason));
        Assert.Equal(ChatFinishReason.Stop, updates[^1].FinishReason);
        Assert.Equal("1+1等于2。", string.Concat(updates.Select(u => u.Text)));
    }

    [Fact]
    public async Task GetStreamingResponseAsync_UsageOnEveryEvent_ReportedOnceWithLastValue()
    {
        using var mock = Answer(Fixture("single-generation-text-sse.response.txt"));

        var updates = await CollectAsync(Chat(mock).GetStreamingResponseAsync(Hello, Max));

        var usage = Assert.Single(updates.SelectMany(u => u.Contents).OfType<UsageContent>()).Details;
        Assert.Equal(16, usage.InputTokenCount);
        Assert.Equal(6, usage.OutputTokenCount);
        Assert.Equal(22, usage.TotalTokenCount);
        Assert.Equal("5b441aa7-0b9c-9fbc-ae0a-e2b212b71eac", updates[^1].GetRequestId());

        // The request id rides on the first update that knows it and on the last, and M.E.AI merges it into the response.
        Assert.Equal("5b441aa7-0b9c-9fbc-ae0a-e2b212b71eac", updates[0].GetRequestId());
        Assert.All(updates[1..^1], u => Assert.Null(u.GetRequestId()));
        Assert.Equal("5b441aa7-0b9c-9fbc-ae0a-e2b212b71eac", updates.ToChatResponse().GetRequestId());
    }

    [Fact]
    public async Task GetStreamingResponseAsync_EventsWithoutBlankLines_EachEventParsed()
    {
        using var mock = Answer(Fixture("single-generation-message-sse.response.txt"));

        var updates = await CollectAsync(Chat(mock).GetStreamingResponseAsync(Hello, Max));

        Assert.Equal("1+", string.Concat(updates.Select(u => u.Text)));
        Assert.Equal(ChatFinishReason.Stop, updates[^1].FinishReason);
        Assert.Equal(40, Assert.Single(updates.SelectMany(u => u.Contents).OfType<UsageContent>()).Details.OutputTokenCount);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_GzipEncodedStream_Parses()
    {
        using var mock = Answer(Fixture("single-generation-text-sse.response.txt"), gzip: true);

        var updates = await CollectAsync(Chat(mock).GetStreamingResponseAsync(Hello, Max));

        Assert.Equal("1+1等于2。", string.Concat(updates.Select(u => u.Text)));
    }

    [Fact]
    public async Task GetStreamingResponseAsync_IncrementalOutputFalse_CumulativeContentAndReasoningBecomeDeltas()
    {
        string? body = null;
        using var mock = Answer(CumulativeThinkingSse, body: b => body = b);

        var updates = await CollectAsync(Chat(mock).GetStreamingResponseAsync(Hello, new ChatOptions { ModelId = "qwen-plus", AdditionalProperties = new() { ["incremental_output"] = false } }));

        Assert.Contains("\"incremental_output\":false", body, StringComparison.Ordinal);
        Assert.Equal(["嗯，", "用户问"], updates.Select(u => u.ReasoningText()).Where(t => t.Length > 0));
        Assert.Equal(["1+1", " 等于 2"], updates.Select(u => u.Text).Where(t => t.Length > 0));
    }

    [Fact]
    public async Task GetStreamingResponseAsync_ModelIgnoresIncrementalOutput_DetectsCumulativeAndYieldsDeltas()
    {
        const string Sse = """
            id:1
            event:result
            :HTTP_STATUS/200
            data:{"output":{"finish_reason":"null","text":"1+1"},"request_id":"r"}

            id:2
            event:result
            :HTTP_STATUS/200
            data:{"output":{"finish_reason":"null","text":"1+1等于"},"request_id":"r"}

            id:3
            event:result
            :HTTP_STATUS/200
            data:{"output":{"finish_reason":"stop","text":"1+1等于2。"},"request_id":"r"}

            """;
        using var mock = Answer(Sse);

        var updates = await CollectAsync(Chat(mock).GetStreamingResponseAsync(Hello, Max));

        Assert.Equal("1+1等于2。", string.Concat(updates.Select(u => u.Text)));
    }

    [Fact]
    public async Task GetStreamingResponseAsync_ModelIgnoresIncrementalOutputWhileThinking_ReasoningAndContentBecomeDeltas()
    {
        // incremental_output:true was sent (the default), but the model streams everything so far, reasoning first.
        string? body = null;
        using var mock = Answer(CumulativeThinkingSse, body: b => body = b);

        var updates = await CollectAsync(Chat(mock).GetStreamingResponseAsync(Hello, new ChatOptions { ModelId = "qwq-plus" }));

        Assert.Contains("\"incremental_output\":true", body, StringComparison.Ordinal);
        Assert.Equal("嗯，用户问", string.Concat(updates.Select(u => u.ReasoningText())));
        Assert.Equal("1+1 等于 2", string.Concat(updates.Select(u => u.Text)));
    }

    [Fact]
    public async Task GetStreamingResponseAsync_ErrorEvent_ThrowsWithStatusFromCommentCodeMessageAndRequestId()
    {
        using var mock = Answer(Fixture("parameter-error-sse.response.txt"));

        var ex = await Assert.ThrowsAsync<LlmRequestException>(() => CollectAsync(Chat(mock).GetStreamingResponseAsync(Hello, Max)));

        Assert.Equal(400, ex.StatusCode);
        Assert.Equal("InvalidParameter", ex.ErrorCode);
        Assert.Equal("Role must be user or assistant and Content length must be greater than 0", ex.VendorMessage);
        Assert.Equal("7671ecd8-93cc-9ee9-bc89-739f0fd8b809", ex.RequestId);
        Assert.Equal(LlmErrorKind.InvalidRequest, ex.Kind);
        Assert.False(ex.IsTransient);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_ErrorEventWithoutStatusComment_UsesCodeStatusTable()
    {
        using var mock = Answer(Fixture("constructed-error-without-status-sse.response.txt"));

        var ex = await Assert.ThrowsAsync<LlmRequestException>(() => CollectAsync(Chat(mock).GetStreamingResponseAsync(Hello, Max)));

        Assert.Equal(429, ex.StatusCode);
        Assert.Equal(LlmErrorKind.RateLimited, ex.Kind);
        Assert.True(ex.IsTransient);
    }

    [Theory]
    [InlineData(false, false)]
    [InlineData(true, false)]
    [InlineData(false, true)]
    [InlineData(true, true)]
    public async Task GetStreamingResponseAsync_ErrorEventLastAfterResults_UsesItsOwnStatusCommentAndHeaderRequestId(bool gzip, bool noSeparators)
    {
        // Realistic: the recorded result events (":HTTP_STATUS/200") up to the last, then an error event. The reader has read
        // every comment before the error is handled; the status must be the error event's own, and the id falls back to X-Request-ID.
        var recorded = Fixture("single-generation-text-sse.response.txt");
        var sse = recorded[..recorded.IndexOf("id:5", StringComparison.Ordinal)]
            + "id:5\nevent:error\n:HTTP_STATUS/429\n"
            + "data:{\"code\":\"Throttling.AllocationQuota\",\"message\":\"Allocated quota exceeded, please increase your quota limit.\"}\n\n";
        if (noSeparators)
        {
            sse = sse.Replace("\n\n", "\n", StringComparison.Ordinal);
        }

        using var mock = new MockHttpMessageHandler();
        mock.Expect(HttpMethod.Post, GenerationUrl).Respond(_ =>
        {
            var response = new HttpResponseMessage(HttpStatusCode.OK) { Content = Sse(sse, gzip) };
            response.Headers.Add("X-Request-ID", "hdr-sse-1");
            return response;
        });
        var received = new List<ChatResponseUpdate>();

        var ex = await Assert.ThrowsAsync<LlmRequestException>(async () =>
        {
            await foreach (var update in Chat(mock).GetStreamingResponseAsync(Hello, Max))
            {
                received.Add(update);
            }
        });

        Assert.Equal("1+1等于2。", string.Concat(received.Select(u => u.Text)));
        Assert.Equal(429, ex.StatusCode);
        Assert.Equal("Throttling.AllocationQuota", ex.ErrorCode);
        Assert.Equal("hdr-sse-1", ex.RequestId);
        Assert.Equal(LlmErrorKind.RateLimited, ex.Kind);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_ErrorEventWithoutCommentAfterResults_DoesNotBorrowTheResultsStatus()
    {
        var recorded = Fixture("single-generation-text-sse.response.txt");
        var sse = recorded[..recorded.IndexOf("id:5", StringComparison.Ordinal)]
            + "event:error\ndata:{\"code\":\"InvalidApiKey\",\"message\":\"Invalid API-key provided.\",\"request_id\":\"body-rid\"}\n\n";
        using var mock = Answer(sse);

        var ex = await Assert.ThrowsAsync<LlmRequestException>(() => CollectAsync(Chat(mock).GetStreamingResponseAsync(Hello, Max)));

        Assert.Equal(401, ex.StatusCode);
        Assert.Equal(LlmErrorKind.Authentication, ex.Kind);
        Assert.Equal("body-rid", ex.RequestId);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_ParallelToolCallsWithEmptyIdContinuations_AssembledByIndex()
    {
        using var mock = Answer(Fixture("single-generation-message-with-parallel-tools-sse.response.txt"));

        var updates = await CollectAsync(Chat(mock).GetStreamingResponseAsync(Hello, Max));

        var calls = updates.SelectMany(u => u.Contents).OfType<FunctionCallContent>().ToList();
        Assert.Equal(2, calls.Count);
        Assert.Equal(("call_29a870e7106f45deb8add3", "get_current_weather", "{\"location\": \"浙江省杭州市\"}"), (calls[0].CallId, calls[0].Name, calls[0].RawArguments()));
        Assert.Equal(("call_026e44bb31a74266949a20", "get_current_weather", "{\"location\": \"上海市\"}"), (calls[1].CallId, calls[1].Name, calls[1].RawArguments()));
        Assert.Equal("上海市", ((System.Text.Json.JsonElement)calls[1].Arguments!["location"]!).GetString());
        Assert.Equal(ChatFinishReason.ToolCalls, updates[^1].FinishReason);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_ToolCallFinishingWithStop_DetectedByPresence()
    {
        var sse = Fixture("single-generation-message-with-parallel-tools-sse.response.txt").Replace("\"finish_reason\":\"tool_calls\"", "\"finish_reason\":\"stop\"", StringComparison.Ordinal);
        using var mock = Answer(sse);

        var updates = await CollectAsync(Chat(mock).GetStreamingResponseAsync(Hello, Max));

        Assert.Equal(2, updates.SelectMany(u => u.Contents).OfType<FunctionCallContent>().Count());
        Assert.Equal(ChatFinishReason.ToolCalls, updates[^1].FinishReason);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_ReasoningStream_SeparatesReasoningFromContent()
    {
        using var mock = Answer(Fixture("single-generation-message-reasoning-sse.response.txt"));

        var updates = await CollectAsync(Chat(mock).GetStreamingResponseAsync(Hello, new ChatOptions { ModelId = "qwen-plus-latest", AdditionalProperties = new() { ["enable_thinking"] = true, ["thinking_budget"] = 10 } }));

        Assert.Equal("嗯", string.Concat(updates.Select(u => u.ReasoningText())));
        Assert.Equal("1+1", string.Concat(updates.Select(u => u.Text)));
        Assert.Equal(10, Assert.Single(updates.SelectMany(u => u.Contents).OfType<UsageContent>()).Details.ReasoningTokenCount);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_NoDoneMarker_StopsAtFinishReason()
    {
        var sse = Fixture("single-generation-text-sse.response.txt") + "id:6\nevent:result\n:HTTP_STATUS/200\ndata:{\"output\":{\"finish_reason\":\"null\",\"text\":\"extra\"}}\n\n";
        using var mock = Answer(sse);

        var updates = await CollectAsync(Chat(mock).GetStreamingResponseAsync(Hello, Max));

        Assert.DoesNotContain("extra", string.Concat(updates.Select(u => u.Text)), StringComparison.Ordinal);
    }

    [Fact]
    public void GetStreamingResponseAsync_BadInput_ThrowsOnCallNotOnEnumeration()
    {
        using var mock = new MockHttpMessageHandler();

        Assert.Throws<ArgumentException>(() => Chat(mock).GetStreamingResponseAsync([], Max));
        Assert.Throws<ArgumentException>(() => Chat(mock).GetStreamingResponseAsync([new ChatMessage(ChatRole.User, [new HostedFileContent("file-fe-1")])], Max));
    }
}

public class DashScopeSseFramingTests
{
    [Theory]
    [InlineData("id:1\nevent:result\n:HTTP_STATUS/200\ndata:{\"a\":1}\nid:2\nevent:result\n:HTTP_STATUS/200\ndata:{\"a\":2}\n")]
    [InlineData("id:1\nevent:result\n:HTTP_STATUS/200\ndata:{\"a\":1}\nid:2\nevent:result\n:HTTP_STATUS/200\ndata:{\"a\":2}")]
    [InlineData("id:1\nevent:result\n:HTTP_STATUS/200\ndata:{\"a\":1}\n\nid:2\nevent:result\n:HTTP_STATUS/200\ndata:{\"a\":2}\n\n")]
    public async Task ReadAsync_LastEventWithoutBlankLine_IsDispatched(string body)
    {
        var events = await LlmClients.Tests.TestSupport.TestSseEvent.ReadAllAsync(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(body)), repairFraming: true);

        Assert.Equal(["{\"a\":1}", "{\"a\":2}"], events.Select(e => e.Data));
        Assert.All(events, e => Assert.Equal("result", e.EventType));
        Assert.Equal("HTTP_STATUS/200", events[^1].LastComment);
    }
}
