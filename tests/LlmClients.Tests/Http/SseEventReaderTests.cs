using System.IO.Compression;
using System.Net;
using System.Text;
using LlmClients.Http;
using LlmClients.OpenAI;
using LlmClients.OpenAICompatible;
using LlmClients.Tests.TestSupport;

namespace LlmClients.Tests.Http;

public sealed class SseEventReaderTests
{
    // DashScope-style framing: id/event lines, a status comment, data without a space.
    private const string DashScopeStream =
        "id:1\nevent:result\n:HTTP_STATUS/200\ndata:{\"output\":{\"text\":\"1+\"}}\n\n" +
        "id:2\nevent:result\n:HTTP_STATUS/200\ndata:{\"output\":{\"text\":\"1等于\"}}\n\n" +
        "id:3\nevent:error\n:HTTP_STATUS/400\ndata:{\"code\":\"InvalidParameter\"}\n\n";

    [Fact]
    public async Task ReadAsync_SplitAtEveryByteBoundary_GivesTheSameEvents()
    {
        var bytes = Encoding.UTF8.GetBytes(DashScopeStream + "data: 深度强化学习\r\n\r\n: comment\n\ndata: [DONE]\n\n");
        var expected = await ReadAllAsync(new MemoryStream(bytes));
        Assert.Equal(5, expected.Count);

        for (int split = 1; split < bytes.Length; split++)
        {
            var actual = await ReadAllAsync(new ChunkedStream(bytes, split));
            Assert.Equal(expected.Select(e => (e.EventType, e.Data)), actual.Select(e => (e.EventType, e.Data)));
            Assert.Equal(expected.Select(e => e.LastComment), actual.Select(e => e.LastComment));
        }
    }

    [Fact]
    public async Task ReadAsync_CommentsReadAhead_EachEventCarriesItsOwnComment()
    {
        // The framing stream reads the whole body before the parser yields the first event: each event must still get
        // the comment of its own block, and a block without a comment (or a comment-only block) must not lend one.
        var body = DashScopeStream
            + ": keep-alive\n\n"
            + "id:4\nevent:error\ndata:{\"code\":\"Throttling\"}\n\n"
            + "id:5\nevent:result\n:HTTP_STATUS/200\ndata:{}\nid:6\nevent:error\n:HTTP_STATUS/500\ndata:{}";
        var events = await ReadAllAsync(Stream(body));
        Assert.Equal(["HTTP_STATUS/200", "HTTP_STATUS/200", "HTTP_STATUS/400", null, "HTTP_STATUS/200", "HTTP_STATUS/500"], events.Select(e => e.LastComment));
    }

    [Fact]
    public async Task ReadAsync_OneByteReads_HandlesCrLfSplitAcrossReads()
    {
        var bytes = Encoding.UTF8.GetBytes("data:a\r\nid:2\r\ndata:b\r\n\r\n");
        var events = await ReadAllAsync(new ChunkedStream(bytes, 1));
        Assert.Equal(["a", "b"], events.Select(e => e.Data));
    }

    [Fact]
    public async Task ReadAsync_DataWithAndWithoutSpace_CrLf_Comments()
    {
        var events = await ReadAllAsync(Stream("data: spaced\r\n\r\ndata:tight\n\n: keep-alive\n\ndata: last\n\n"));
        Assert.Equal(["spaced", "tight", "last"], events.Select(e => e.Data));
        Assert.All(events, e => Assert.Equal("message", e.EventType));
    }

    [Fact]
    public async Task ReadAsync_EventsWithoutBlankLineSeparators_AreSeparateEvents()
    {
        // Quirk: a DashScope recording has no blank lines between events.
        var body = "id:1\nevent:result\n:HTTP_STATUS/200\ndata:{\"n\":1}\nid:2\nevent:result\n:HTTP_STATUS/200\ndata:{\"n\":2}\nid:3\nevent:error\n:HTTP_STATUS/400\ndata:{\"n\":3}\n";
        var events = await ReadAllAsync(Stream(body));
        Assert.Equal(["{\"n\":1}", "{\"n\":2}", "{\"n\":3}"], events.Select(e => e.Data));
        Assert.Equal(["result", "result", "error"], events.Select(e => e.EventType));
    }

    [Fact]
    public async Task ReadAsync_StatusComment_ExposedAsLastComment()
    {
        var events = await ReadAllAsync(Stream(DashScopeStream));
        Assert.Equal("error", events[^1].EventType);
        Assert.Equal("HTTP_STATUS/400", events[^1].LastComment);
    }

    [Fact]
    public async Task ReadAsync_MultiLineData_JoinedWithNewline()
    {
        var events = await ReadAllAsync(Stream("data: a\ndata: b\n\n"));
        Assert.Equal("a\nb", Assert.Single(events).Data);
    }

    [Fact]
    public async Task ReadAsync_SpecSse_EventLineAfterDataIsPartOfTheSameEvent()
    {
        // Without framing repair (every vendor but DashScope) this is one event of type "error", as the SSE spec says.
        var events = await ReadAllAsync(Stream("data:{\"x\":1}\nevent: error\n\n"), repairFraming: false);
        var only = Assert.Single(events);
        Assert.Equal("error", only.EventType);
        Assert.Equal("{\"x\":1}", only.Data);
    }

    [Fact]
    public async Task ReadAsync_RepairedFraming_EventLineAfterDataStartsANewEvent()
    {
        // DashScope's framing repair reads the same bytes as two events: the data, then an event line starting the next block.
        var events = await ReadAllAsync(Stream("data:{\"x\":1}\nevent: error\n\n"), repairFraming: true);
        Assert.Equal("message", Assert.Single(events).EventType);
    }

    [Fact]
    public async Task ReadAsync_SpecSse_CommentsAreNotKept()
    {
        var events = await ReadAllAsync(Stream(":HTTP_STATUS/400\ndata:{}\n\n"), repairFraming: false);
        Assert.Null(Assert.Single(events).LastComment);
    }

    [Fact]
    public async Task ReadEventsAsync_GzipEncodedStream_Decompressed()
    {
        var compressed = new MemoryStream();
        await using (var gzip = new GZipStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
        {
            await gzip.WriteAsync(Encoding.UTF8.GetBytes(DashScopeStream));
        }

        var content = new ByteArrayContent(compressed.ToArray());
        content.Headers.ContentType = new("text/event-stream");
        content.Headers.ContentEncoding.Add("gzip");
        var transport = TestTransport.Create(StubHttpHandler.Always(() => new HttpResponseMessage(HttpStatusCode.OK) { Content = content }), new OpenAIErrorMapper("test"));

        await using var sse = await transport.OpenStreamAsync(new HttpRequestMessage(HttpMethod.Post, "https://x.test/s"), CancellationToken.None);
        var data = new List<string>();
        await foreach (var e in sse.ReadEventsAsync(TestSseEvent.From))
        {
            data.Add(e.Data);
        }

        Assert.Equal(3, data.Count);
        Assert.Equal("{\"output\":{\"text\":\"1等于\"}}", data[1]);
    }

    [Fact]
    public async Task ReadEventsAsync_JsonBodyInsteadOfStream_SurfacedAsOneMessageEvent()
    {
        var transport = TestTransport.Create(
            StubHttpHandler.Always(() => new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent("{\"error_code\":336003}", Encoding.UTF8, "application/json") }),
            new OpenAIErrorMapper("test"));

        await using var sse = await transport.OpenStreamAsync(new HttpRequestMessage(HttpMethod.Post, "https://x.test/s"), CancellationToken.None);
        Assert.False(sse.IsEventStream);
        var events = new List<TestSseEvent>();
        await foreach (var e in sse.ReadEventsAsync(TestSseEvent.From))
        {
            events.Add(e);
        }

        Assert.Equal("{\"error_code\":336003}", Assert.Single(events).Data);
    }

    [Fact]
    public async Task Create_BurstOfSmallEvents_ReadsTheBodyInBlocksNotOnePerParserRead()
    {
        // 300 events of ~70 bytes arrive at once (21 KB): the parser asks for about 1 KB at a time, the body is read in 4 KB blocks.
        var text = string.Concat(Enumerable.Range(0, 300).Select(i => $"data: {{\"choices\":[{{\"delta\":{{\"content\":\"word {i}\"}}}}]}}\n\n"));
        var body = new CountingStream(Encoding.UTF8.GetBytes(text));

        var events = await TestSseEvent.ReadAllAsync(body, repairFraming: false, maxEventBytes: 1024);

        Assert.Equal(300, events.Count);
        Assert.Equal("{\"choices\":[{\"delta\":{\"content\":\"word 299\"}}]}", events[^1].Data);
        Assert.All(body.Requested, size => Assert.True(size >= 4096, $"a read of {size} bytes"));
        Assert.InRange(body.Requested.Count, 2, (text.Length / 4096) + 2);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Create_EventOverTheCapSpanningReadBlocks_ThrowsBeforeParsingIt(bool repairFraming)
    {
        // Small events add up past the cap and pass; one event of 10 KB (over 2 read blocks) against a 5,000-byte cap fails.
        var small = string.Concat(Enumerable.Repeat("data: {\"a\":1}\n\n", 1000));
        var huge = "data: \"" + new string('x', 10_000) + "\"\n\n";
        var ok = await TestSseEvent.ReadAllAsync(Stream(small), repairFraming, maxEventBytes: 5000);
        Assert.Equal(1000, ok.Count);

        var ex = await Assert.ThrowsAsync<LlmRequestException>(() => TestSseEvent.ReadAllAsync(Stream(small + huge), repairFraming, maxEventBytes: 5000));

        Assert.Equal(LlmErrorKind.InvalidResponse, ex.Kind);
        Assert.Contains("(MaxStreamEventBytes)", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FramingStream_IdAndEventLinesTakenOut_TypeAndCommentHandedOverPerEvent_RestByteForByte()
    {
        var repaired = new SseFramingStream(Stream("id:1\nevent:result\n:HTTP_STATUS/200\ndata:{\"a\":1}\nid:2\nevent: error\ndata:{\"a\":2}\r\n\r\nid\nevent\ndata: x\n"));
        using var reader = new StreamReader(repaired);

        var text = await reader.ReadToEndAsync();

        // Blank lines restored, id and event lines gone; each dispatched event's type and comment come from DequeueEvent.
        Assert.Equal(":HTTP_STATUS/200\ndata:{\"a\":1}\n\ndata:{\"a\":2}\r\n\r\ndata: x\n\n", text);
        Assert.Equal(("HTTP_STATUS/200", "result"), repaired.DequeueEvent());
        Assert.Equal(((string?)null, "error"), repaired.DequeueEvent());
        Assert.Equal(((string?)null, "message"), repaired.DequeueEvent());
    }

    private sealed class CountingStream(byte[] data) : MemoryStream(data)
    {
        public List<int> Requested { get; } = [];

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Requested.Add(buffer.Length);
            return base.ReadAsync(buffer, cancellationToken);
        }
    }

    private static MemoryStream Stream(string text) => new(Encoding.UTF8.GetBytes(text));

    private static Task<List<TestSseEvent>> ReadAllAsync(Stream stream, bool repairFraming = true) => TestSseEvent.ReadAllAsync(stream, repairFraming);
}
