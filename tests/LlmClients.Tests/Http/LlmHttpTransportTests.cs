using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using LlmClients.Http;
using LlmClients.OpenAI;
using LlmClients.OpenAICompatible;
using LlmClients.Resilience;
using LlmClients.Tests.TestSupport;

namespace LlmClients.Tests.Http;

public sealed class LlmHttpTransportTests
{
    private static readonly JsonTypeInfo<JsonElement> AnyJson = (JsonTypeInfo<JsonElement>)JsonSerializerOptions.Default.GetTypeInfo(typeof(JsonElement));

    private readonly FakeClock _time = new();

    [Fact]
    public async Task SendAsync_WholeCallBudgetElapses_ThrowsTimeoutNotCancellation()
    {
        var handler = new StubHttpHandler(_time, (_, _, ct) => StubHttpHandler.HangAsync(ct));
        var options = TestTransport.NoRetry();
        options.RequestTimeout = TimeSpan.FromMinutes(10);
        var transport = TestTransport.Create(handler, new OpenAIErrorMapper("openai"), options, _time);

        var call = transport.SendAsync(new HttpRequestMessage(HttpMethod.Post, "https://x.test/c?access_token=secret"), AnyJson, CancellationToken.None);
        await _time.WaitForTimersAsync(1).WaitAsync(TimeDriver.HangGuard);
        _time.Advance(TimeSpan.FromMinutes(10));
        var ex = await Assert.ThrowsAsync<LlmRequestException>(() => call).WaitAsync(TimeDriver.HangGuard);

        Assert.Equal(LlmErrorKind.Timeout, ex.Kind);
        Assert.Contains("RequestTimeout", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", ex.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SendAsync_SmallSuccessBodyWithErrorEnvelope_Throws()
    {
        var handler = StubHttpHandler.Always(_time, () => Json("""{"object":"error","code":404,"message":"The model `x` does not exist."}"""));
        var transport = TestTransport.Create(handler, new OpenAIErrorMapper("openai"), TestTransport.NoRetry(), _time);

        var ex = await Assert.ThrowsAsync<LlmRequestException>(() => transport.SendAsync(new HttpRequestMessage(HttpMethod.Post, "https://x.test/c"), AnyJson, CancellationToken.None));

        Assert.Equal(404, ex.StatusCode);
    }

    [Fact]
    public async Task SendAsync_SuccessBodyLongerThanAnyEnvelope_IsParsedAsTheAnswerNotScannedForAnError()
    {
        // An answer that happens to hold an "error" field (a long text mentioning one) is an answer once it is too long to be an envelope.
        var body = """{"object":"error","code":404,"message":"x","padding":""" + "\"" + new string('x', 20_000) + "\"}";
        var handler = StubHttpHandler.Always(_time, () => Json(body));
        var transport = TestTransport.Create(handler, new OpenAIErrorMapper("openai"), TestTransport.NoRetry(), _time);

        var response = await transport.SendAsync(new HttpRequestMessage(HttpMethod.Post, "https://x.test/c"), AnyJson, CancellationToken.None);

        Assert.Equal(20_000, response.Value.GetProperty("padding").GetString()!.Length);
    }

    private static HttpResponseMessage Json(string body) => new(HttpStatusCode.OK) { Content = new StringContent(body, Encoding.UTF8, "application/json") };

    [Fact]
    public async Task SendAsync_CallerCancels_OperationCanceledPassesThrough()
    {
        var handler = new StubHttpHandler(_time, (_, _, ct) => StubHttpHandler.HangAsync(ct));
        var transport = TestTransport.Create(handler, new OpenAIErrorMapper("openai"), time: _time);
        using var cts = new CancellationTokenSource();

        var call = transport.SendAsync(new HttpRequestMessage(HttpMethod.Post, "https://x.test/c"), AnyJson, cts.Token);
        await cts.CancelAsync();
        var ex = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call).WaitAsync(TimeDriver.HangGuard);

        Assert.IsNotType<LlmRequestException>(ex);
    }

    [Fact]
    public async Task SendAsync_TransportFailure_NetworkKindWithInnerException()
    {
        var inner = new HttpRequestException("Connection reset by peer");
        var handler = new StubHttpHandler(_time, (_, _, _) => Task.FromException<HttpResponseMessage>(inner));
        var transport = TestTransport.Create(handler, new OpenAIErrorMapper("openai"), time: _time);

        var ex = await Assert.ThrowsAsync<LlmRequestException>(() => transport.SendAsync(new HttpRequestMessage(HttpMethod.Post, "https://x.test/c?access_token=secret"), AnyJson, CancellationToken.None));

        Assert.Equal(LlmErrorKind.Network, ex.Kind);
        Assert.True(ex.IsTransient);
        Assert.Same(inner, ex.InnerException);
        Assert.DoesNotContain("secret", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SendAsync_ErrorStatus_CarriesRetryAfterAndHeaderRequestId()
    {
        var transport = TestTransport.Create(
            StubHttpHandler.Always(() =>
            {
                var r = new HttpResponseMessage(HttpStatusCode.TooManyRequests) { Content = new StringContent("""{"error":{"message":"slow down","type":"requests","code":"rate_limit_exceeded"}}""") };
                r.Headers.Add("Retry-After", "20");
                r.Headers.Add("x-request-id", "req-9");
                return r;
            }),
            new OpenAIErrorMapper("openai"));

        var ex = await Assert.ThrowsAsync<LlmRequestException>(() => transport.SendAsync(new HttpRequestMessage(HttpMethod.Post, "https://x.test/c"), AnyJson, CancellationToken.None));

        Assert.Equal(TimeSpan.FromSeconds(20), ex.RetryAfter);
        Assert.Equal("req-9", ex.RequestId);
        Assert.Equal(LlmErrorKind.RateLimited, ex.Kind);
        Assert.True(ex.IsTransient);
    }

    [Fact]
    public async Task OpenStreamAsync_SseErrorBody_ParsedFromFirstDataLine()
    {
        var transport = TestTransport.Create(
            StubHttpHandler.Always(() => new HttpResponseMessage(HttpStatusCode.BadRequest)
            {
                Content = new StringContent("data: {\"error\":{\"code\":\"invalid_parameter_error\",\"message\":\"Range of top_logprobs should be [0, 5]\",\"type\":\"invalid_request_error\"},\"id\":\"chatcmpl-54036480\"}\n\n", Encoding.UTF8, "text/event-stream"),
            }),
            new OpenAIErrorMapper("dashscope"));

        var ex = await Assert.ThrowsAsync<LlmRequestException>(() => transport.OpenStreamAsync(new HttpRequestMessage(HttpMethod.Post, "https://x.test/s"), CancellationToken.None));

        Assert.Equal("invalid_parameter_error", ex.ErrorCode);
        Assert.Equal("chatcmpl-54036480", ex.RequestId);
        Assert.Equal(400, ex.StatusCode);
    }

    [Fact]
    public async Task ReadEventsAsync_IdleLongerThanBudget_ThrowsTimeout()
    {
        var pipe = new System.IO.Pipelines.Pipe();
        var content = new StreamContent(pipe.Reader.AsStream());
        content.Headers.ContentType = new("text/event-stream");
        var options = TestTransport.NoRetry();
        options.StreamIdleTimeout = TimeSpan.FromMinutes(2);
        var transport = TestTransport.Create(StubHttpHandler.Always(() => new HttpResponseMessage(HttpStatusCode.OK) { Content = content }), new OpenAIErrorMapper("openai"), options, _time);

        await using var sse = await transport.OpenStreamAsync(new HttpRequestMessage(HttpMethod.Post, "https://x.test/s"), CancellationToken.None);
        var events = sse.ReadEventsAsync(TestSseEvent.From).GetAsyncEnumerator();
        await pipe.Writer.WriteAsync(Encoding.UTF8.GetBytes("data: one\n\n"));
        Assert.True(await events.MoveNextAsync().AsTask().WaitAsync(TimeDriver.HangGuard));
        Assert.Equal("one", events.Current.Data);

        var next = events.MoveNextAsync().AsTask();
        await _time.WaitForTimersAsync(1).WaitAsync(TimeDriver.HangGuard);
        _time.Advance(TimeSpan.FromMinutes(2));
        var ex = await Assert.ThrowsAsync<LlmRequestException>(() => next).WaitAsync(TimeDriver.HangGuard);

        Assert.Equal(LlmErrorKind.Timeout, ex.Kind);
        Assert.Contains("(StreamIdleTimeout)", ex.Message, StringComparison.Ordinal);
        await events.DisposeAsync();
    }

    [Fact]
    public async Task ReadEventsAsync_EventTrickledOneByteEveryHalfSecond_TimesOutAtTheEventBudget()
    {
        // The example: "data: " then one "x" every 0.5 s; a 2 s budget per event must end it although bytes keep coming.
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider();
        var pipe = new System.IO.Pipelines.Pipe();
        var content = new StreamContent(pipe.Reader.AsStream());
        content.Headers.ContentType = new("text/event-stream");
        var options = TestTransport.NoRetry();
        options.StreamIdleTimeout = TimeSpan.FromSeconds(2);
        var transport = TestTransport.Create(StubHttpHandler.Always(() => new HttpResponseMessage(HttpStatusCode.OK) { Content = content }), new OpenAIErrorMapper("openai"), options, time);

        await using var sse = await transport.OpenStreamAsync(new HttpRequestMessage(HttpMethod.Post, "https://x.test/s"), CancellationToken.None);
        var events = sse.ReadEventsAsync(TestSseEvent.From).GetAsyncEnumerator();
        var next = events.MoveNextAsync().AsTask();
        await pipe.Writer.WriteAsync(Encoding.UTF8.GetBytes("data: "));
        int bytes = 0;
        while (!next.IsCompleted && bytes < 40)
        {
            time.Advance(TimeSpan.FromMilliseconds(500));
            await pipe.Writer.WriteAsync(Encoding.UTF8.GetBytes("x"));
            bytes++;
            await Task.Yield();
        }

        var ex = await Assert.ThrowsAsync<LlmRequestException>(() => next).WaitAsync(TimeDriver.HangGuard);

        Assert.Equal(LlmErrorKind.Timeout, ex.Kind);
        Assert.True(ex.IsTransient);
        Assert.Contains("(StreamIdleTimeout)", ex.Message, StringComparison.Ordinal);
        Assert.True(bytes >= 4, $"the budget ran out after {bytes} bytes (0.5 s each), before its 2 s");
        await events.DisposeAsync();
    }
}
