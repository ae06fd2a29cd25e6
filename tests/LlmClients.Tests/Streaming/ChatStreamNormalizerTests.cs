using LlmClients.Streaming;

namespace LlmClients.Tests.Streaming;

public sealed class ChatStreamNormalizerTests
{
    [Fact]
    public void Process_CumulativeMode_EmitsDeltasForTextAndReasoningSeparately()
    {
        var n = new ChatStreamNormalizer(TextStreamMode.Cumulative);

        var u1 = n.Process(new StreamChunk { Reasoning = "嗯", Text = "" });
        var u2 = n.Process(new StreamChunk { Reasoning = "嗯，1+1", Text = "" });
        var u3 = n.Process(new StreamChunk { Reasoning = "嗯，1+1", Text = "1+1" });
        var u4 = n.Process(new StreamChunk { Reasoning = "嗯，1+1", Text = "1+1等于2" });

        Assert.Equal(["嗯", "，1+1", "", ""], new[] { u1, u2, u3, u4 }.Select(u => u.ReasoningText()));
        Assert.Equal(["", "", "1+1", "等于2"], new[] { u1, u2, u3, u4 }.Select(u => u.Text));
    }

    [Fact]
    public void Process_DetectMode_SwitchesToCumulativeWhenTheStreamRepeatsItself()
    {
        var n = new ChatStreamNormalizer(TextStreamMode.Detect);

        var texts = new[] { "1+", "1+1", "1+1等于", "1+1等于2。" }.Select(t => n.Process(new StreamChunk { Text = t }).Text).ToList();

        Assert.Equal(["1+", "1", "等于", "2。"], texts);
        Assert.Equal(TextStreamMode.Cumulative, n.Mode);
    }

    [Fact]
    public void Process_DetectMode_StopsKeepingHistoryAfterTheDetectionWindow()
    {
        var n = new ChatStreamNormalizer(TextStreamMode.Detect);

        var texts = Enumerable.Range(0, 20).Select(i => n.Process(new StreamChunk { Text = $"w{i} " }).Text).ToList();

        Assert.Equal(Enumerable.Range(0, 20).Select(i => $"w{i} "), texts);
        Assert.Equal(TextStreamMode.Incremental, n.Mode);
    }

    [Fact]
    public void Process_DetectMode_TrueDeltasStayDeltas()
    {
        var n = new ChatStreamNormalizer(TextStreamMode.Detect);

        var texts = new[] { "Hello", " world", "!", " Hello" }.Select(t => n.Process(new StreamChunk { Text = t }).Text).ToList();

        Assert.Equal(["Hello", " world", "!", " Hello"], texts);
        Assert.Equal(TextStreamMode.Detect, n.Mode);
    }

    [Fact]
    public void Process_IncrementalMode_LongStreamAllocatesLinearly()
    {
        // 4,000 deltas of 20 chars: re-concatenating the text so far on every chunk would allocate ~320 MB.
        var n = new ChatStreamNormalizer(TextStreamMode.Incremental);
        var piece = "0123456789abcdefghij";
        n.Process(new StreamChunk { Text = piece });

        long before = GC.GetAllocatedBytesForCurrentThread();
        int chars = 0;
        for (int i = 0; i < 4000; i++)
        {
            chars += n.Process(new StreamChunk { Text = piece, Reasoning = piece }).Text.Length;
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(80_000, chars);
        Assert.True(allocated < 16_000_000, $"allocated {allocated:N0} bytes for 4,000 chunks");
    }

    [Fact]
    public void Process_CumulativeText_NeverSplitsSurrogatePairs()
    {
        var n = new ChatStreamNormalizer(TextStreamMode.Cumulative);
        n.Process(new StreamChunk { Text = "a\U0001F600" });

        var update = n.Process(new StreamChunk { Text = "a\U0001F601b" });

        Assert.Equal("\U0001F601b", update.Text);
    }

    [Fact]
    public void Complete_ToolFragmentsWithEmptyIds_AssembledByIndexAndEmittedOnceAtTheEnd()
    {
        var n = new ChatStreamNormalizer(TextStreamMode.Incremental);

        var u1 = n.Process(new StreamChunk { ToolCalls = [new(0, "call_29a", "get_current_weather", "{\"location\": \"")] });
        var u2 = n.Process(new StreamChunk { ToolCalls = [new(0, "", null, "浙江省杭州市\"}")] });
        var u3 = n.Process(new StreamChunk { ToolCalls = [new(1, "call_026", "get_current_weather", "{\"location\":")] });
        var u4 = n.Process(new StreamChunk { ToolCalls = [new(1, "", "", " \"上海市\"}")], FinishReason = ChatFinishReason.ToolCalls });
        var last = n.Complete()!;

        Assert.All(new[] { u1, u2, u3, u4 }, u => Assert.Empty(u.Contents.OfType<FunctionCallContent>()));
        Assert.Null(u4.FinishReason);
        Assert.Equal(ChatFinishReason.ToolCalls, last.FinishReason);
        Assert.Collection(
            last.Contents.OfType<FunctionCallContent>(),
            c => Assert.Equal(("call_29a", "get_current_weather", "{\"location\": \"浙江省杭州市\"}"), (c.CallId, c.Name, c.RawArguments())),
            c => Assert.Equal(("call_026", "get_current_weather", "{\"location\": \"上海市\"}"), (c.CallId, c.Name, c.RawArguments())));
        Assert.Equal("上海市", ((System.Text.Json.JsonElement)last.Contents.OfType<FunctionCallContent>().Last().Arguments!["location"]!).GetString());
    }

    [Fact]
    public void Complete_ToolCallsWithStopFinish_ReportedAsToolCalls()
    {
        var n = new ChatStreamNormalizer(TextStreamMode.Incremental);
        n.Process(new StreamChunk { ToolCalls = [new(0, null, "f", "{}")], FinishReason = ChatFinishReason.Stop });

        var last = n.Complete()!;

        Assert.Equal(ChatFinishReason.ToolCalls, last.FinishReason);
        Assert.Equal("call_0", last.Contents.OfType<FunctionCallContent>().Single().CallId);
    }

    [Fact]
    public void Complete_CumulativeToolArguments_Replaced()
    {
        var n = new ChatStreamNormalizer(TextStreamMode.Cumulative);
        n.Process(new StreamChunk { ToolCalls = [new(0, "c", "f", "{\"a\":")] });
        n.Process(new StreamChunk { ToolCalls = [new(0, "", null, "{\"a\":1}")] });

        var call = n.Complete()!.Contents.OfType<FunctionCallContent>().Single();

        Assert.Equal("{\"a\":1}", call.RawArguments());
        Assert.Equal(1, ((System.Text.Json.JsonElement)call.Arguments!["a"]!).GetInt32());
    }

    [Fact]
    public void Complete_UsageOnEveryEvent_ReportedOnceWithTheLastValue()
    {
        var n = new ChatStreamNormalizer(TextStreamMode.Incremental);
        var updates = Enumerable.Range(1, 4).Select(i => n.Process(new StreamChunk { Text = "x", Usage = new UsageDetails { OutputTokenCount = i } })).ToList();
        var last = n.Complete()!;

        Assert.All(updates, u => Assert.Empty(u.Contents.OfType<UsageContent>()));
        Assert.Equal(4, last.Contents.OfType<UsageContent>().Single().Details.OutputTokenCount);
    }

    [Fact]
    public void Complete_NothingToReport_ReturnsNull()
    {
        var n = new ChatStreamNormalizer(TextStreamMode.Incremental);
        n.Process(new StreamChunk { Text = "x" });

        Assert.Null(n.Complete());
    }

    [Fact]
    public void ProcessThenComplete_OneUpdatePerChunkPlusSummary_ResponseIdCarriedForwardRequestIdOnFirstAndLast()
    {
        var n = new ChatStreamNormalizer(TextStreamMode.Incremental);
        var updates = new List<ChatResponseUpdate>
        {
            n.Process(new StreamChunk { ResponseId = "resp-1", RequestId = "req-1", Text = "a" }),
            n.Process(new StreamChunk { Text = "" }),
            n.Process(new StreamChunk { Text = "b", FinishReason = ChatFinishReason.Length, Usage = new UsageDetails { TotalTokenCount = 3 } }),
        };
        updates.Add(n.Complete()!);

        Assert.Equal(4, updates.Count);
        Assert.All(updates, u => Assert.Equal("resp-1", u.ResponseId));
        Assert.Equal(["req-1", null, null, "req-1"], updates.Select(u => u.GetRequestId()));
        var response = updates.ToChatResponse();
        Assert.Equal("ab", response.Text);
        Assert.Equal("req-1", response.GetRequestId());
        Assert.Equal("resp-1", response.ResponseId);
        Assert.Equal(ChatFinishReason.Length, updates[^1].FinishReason);
    }
}
