using System.IO.Pipelines;
using System.Net;
using System.Text;
using System.Text.Json;
using LlmClients.DashScope;
using LlmClients.Http;
using LlmClients.OpenAICompatible;
using LlmClients.Spark;
using LlmClients.Streaming;
using LlmClients.Tests.TestSupport;

namespace LlmClients.Tests.Streaming;

/// <summary>The hand-written UTF-8 readers of the hot paths: the same answers as the serializer, fewer objects.</summary>
public sealed class SpanChunkReaderTests
{
    [Theory]
    [InlineData("OpenAI/chat-hello.json")]
    [InlineData("OpenAI/chat-parallel-tools.json")]
    [InlineData("Zhipu/chat-response.json")]
    [InlineData("Zhipu/chat-reasoning.json")]
    [InlineData("Zhipu/chat-tool-calls.json")]
    public void ResponseReader_Fixture_SameRecordsAsTheSerializer(string fixture)
    {
        var bytes = Encoding.UTF8.GetBytes(Fixture.Read(fixture));
        var context = OpenAIJsonContext.Default.OpenAIChatResponse;

        var expected = JsonSerializer.Serialize(JsonSerializer.Deserialize(bytes, context)!, context);
        var actual = JsonSerializer.Serialize(OpenAIResponseReader.Read(bytes), context);

        Assert.Equal(expected, actual);
    }

    [Fact]
    public void ResponseReader_EveryField_SameRecordsAsTheSerializer()
    {
        var bytes = """
            {"id":"r","object":"chat.completion","created":"7","model":"m","request_id":"q","unknown":{"a":[1,{"b":null}]},
             "choices":[{"index":1,"message":{"role":"assistant","content":"other"}},
                        {"index":0,"message":{"role":"assistant","content":[{"type":"text","text":"a"},"b"],"reasoning_content":"think","refusal":null,"name":"n","tool_call_id":"t",
                          "tool_calls":[{"index":0,"id":"c","type":"function","function":{"name":"f","arguments":"{}"}}]},
                         "finish_reason":"tool_calls","logprobs":{"content":[{"token":"a","logprob":-0.1}]},"is_end":true}],
             "usage":{"prompt_tokens":3,"completion_tokens":"4","total_tokens":7,"prompt_tokens_details":{"cached_tokens":1,"x":2},"completion_tokens_details":{"reasoning_tokens":2}},
             "error":null}
            """u8.ToArray();
        var context = OpenAIJsonContext.Default.OpenAIChatResponse;

        Assert.Equal(JsonSerializer.Serialize(JsonSerializer.Deserialize(bytes, context)!, context), JsonSerializer.Serialize(OpenAIResponseReader.Read(bytes), context));
    }

    [Theory]
    [InlineData("""{"id":5}""")]
    [InlineData("""{"created":"soon"}""")]
    [InlineData("""{"choices":{}}""")]
    [InlineData("""null""")]
    [InlineData("""{"id":"a"} x""")]
    [InlineData("""{"id":"a""")]
    public void ResponseReader_WrongShape_Throws(string body)
        => Assert.ThrowsAny<JsonException>(() => OpenAIResponseReader.Read(Encoding.UTF8.GetBytes(body)));

    [Fact]
    public void ChunkReader_RepeatedIdAndModel_CreatedOncePerStream()
    {
        var chunk = new StreamChunk();
        OpenAIChunkReader.Read("""{"id":"chatcmpl-1","model":"gpt","choices":[{"index":0,"delta":{"content":"a"}}]}"""u8, chunk);
        var (id, model) = (chunk.ResponseId, chunk.ModelId);
        OpenAIChunkReader.Read("""{"id":"chatcmpl-1","model":"gpt","choices":[{"index":0,"delta":{"content":"b"}}]}"""u8, chunk.Reset());

        Assert.Same(id, chunk.ResponseId);
        Assert.Same(model, chunk.ModelId);
        Assert.Equal("b", chunk.Text);

        OpenAIChunkReader.Read("""{"id":"chatcmpl-2","model":"gpt","choices":[]}"""u8, chunk.Reset());
        Assert.Equal("chatcmpl-2", chunk.ResponseId);
        Assert.Null(chunk.Text);
    }

    [Fact]
    public void ChunkReader_NullLogprobsAndRefusal_NoExtras()
    {
        var chunk = new StreamChunk();
        OpenAIChunkReader.Read("""{"choices":[{"index":0,"delta":{"content":"a","refusal":null},"logprobs":null,"finish_reason":null}]}"""u8, chunk);

        Assert.Null(chunk.AdditionalProperties);
        Assert.Null(chunk.FinishReason);
    }

    [Fact]
    public void ChunkReader_SecondChoiceFirst_ReadsIndexZeroOnly()
    {
        var chunk = new StreamChunk();
        OpenAIChunkReader.Read("""{"choices":[{"delta":{"content":"one"},"index":1,"finish_reason":"length"},{"delta":{"content":"zero"},"index":0}]}"""u8, chunk);

        Assert.Equal("zero", chunk.Text);
        Assert.Null(chunk.FinishReason);
    }

    [Fact]
    public void ChunkReader_UsageRepeatedOnEveryEvent_OneUsageObjectRefilled()
    {
        var chunk = new StreamChunk();
        DashScopeChatStreamDialect.Read("""{"output":{"text":"a","finish_reason":"null"},"usage":{"input_tokens":8,"output_tokens":1}}"""u8, chunk);
        var first = chunk.Usage;
        DashScopeChatStreamDialect.Read("""{"output":{"text":"ab","finish_reason":"stop"},"usage":{"input_tokens":8,"output_tokens":2,"total_tokens":10}}"""u8, chunk.Reset());

        Assert.Same(first, chunk.Usage);
        Assert.Equal(2, chunk.Usage!.OutputTokenCount);
        Assert.Equal(10, chunk.Usage.TotalTokenCount);
        Assert.Equal(ChatFinishReason.Stop, chunk.FinishReason);
    }

    [Fact]
    public void SparkRead_ToolRoleAndUsage_AssistantAndStop_CodeFlagsAnError()
    {
        var chunk = new StreamChunk();
        bool suspect = SparkChatStreamDialect.Read("""{"code":0,"sid":"s1","choices":[{"index":0,"delta":{"role":"tool","content":"x"}}],"usage":{"prompt_tokens":1,"completion_tokens":1}}"""u8, chunk, "m");

        Assert.False(suspect);
        Assert.Equal(ChatRole.Assistant, chunk.Role);
        Assert.Equal(ChatFinishReason.Stop, chunk.FinishReason);
        Assert.Equal("s1", chunk.ResponseId);
        Assert.Equal("m", chunk.ModelId);
        Assert.True(SparkChatStreamDialect.Read("""{"code":10013,"message":"bad","sid":"s1"}"""u8, chunk.Reset(), "m"));
        Assert.True(SparkChatStreamDialect.Read("""{"code":"10013"}"""u8, chunk.Reset(), "m"));
    }

    [Fact]
    public async Task ReadEventsAsync_EventsJustInsideTheIdleBudget_NeverTimeOutThenSilenceDoes()
    {
        // The budget is per event: five events 90 s apart (7.5 minutes in all) pass a 2-minute budget; 2 minutes of silence do not.
        var time = new FakeClock();
        var pipe = new Pipe();
        var content = new StreamContent(pipe.Reader.AsStream());
        content.Headers.ContentType = new("text/event-stream");
        var options = TestTransport.NoRetry();
        options.StreamIdleTimeout = TimeSpan.FromMinutes(2);
        var transport = TestTransport.Create(StubHttpHandler.Always(() => new HttpResponseMessage(HttpStatusCode.OK) { Content = content }), new OpenAIErrorMapper("openai"), options, time);

        await using var sse = await transport.OpenStreamAsync(new HttpRequestMessage(HttpMethod.Post, "https://x.test/s"), CancellationToken.None);
        var events = sse.ReadEventsAsync(TestSseEvent.From).GetAsyncEnumerator();
        for (int i = 0; i < 5; i++)
        {
            var next = events.MoveNextAsync().AsTask();
            time.Advance(TimeSpan.FromSeconds(90));
            await pipe.Writer.WriteAsync(Encoding.UTF8.GetBytes($"data: {i}\n\n"));
            Assert.True(await next.WaitAsync(TimeDriver.HangGuard));
            Assert.Equal($"{i}", events.Current.Data);
        }

        var last = events.MoveNextAsync().AsTask();
        time.Advance(TimeSpan.FromSeconds(119));
        Assert.False(last.IsCompleted);
        time.Advance(TimeSpan.FromSeconds(1));
        var ex = await Assert.ThrowsAsync<LlmRequestException>(() => last).WaitAsync(TimeDriver.HangGuard);
        Assert.Equal(LlmErrorKind.Timeout, ex.Kind);
        await events.DisposeAsync();
    }
}
