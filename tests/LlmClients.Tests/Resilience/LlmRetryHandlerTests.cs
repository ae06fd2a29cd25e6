using System.Net;
using System.Net.Http.Headers;
using System.Text;
using LlmClients.Resilience;
using LlmClients.Tests.TestSupport;
using Microsoft.Extensions.Logging;
using RichardSzalay.MockHttp;

namespace LlmClients.Tests.Resilience;

public sealed class LlmRetryHandlerTests
{
    private const string Url = "https://api.example.com/v1/chat?access_token=s3cret-token&x=1";

    private readonly FakeClock _time = new();

    [Fact]
    public async Task SendAsync_RetryAfterSeconds_WaitsExactlyThatLongBeforeSecondAttempt()
    {
        var stub = new StubHttpHandler(_time, (attempt, _, _) => Task.FromResult(attempt == 1 ? Status(503, retryAfterSeconds: 7) : Status(200)));
        using var invoker = CreateInvoker(stub);

        var task = invoker.SendAsync(NewRequest(), CancellationToken.None);
        await _time.WaitForTimersAsync(1).WaitAsync(TimeDriver.HangGuard);
        _time.Advance(TimeSpan.FromSeconds(7) - TimeSpan.FromTicks(1));
        Assert.Equal(1, stub.Attempts);
        _time.Advance(TimeSpan.FromTicks(1));
        using var response = await task.Guarded();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(7), stub.AttemptTimes[1] - stub.AttemptTimes[0]);
    }

    [Fact]
    public async Task SendAsync_RetryAfterMilliseconds_PreferredOverRetryAfter()
    {
        var stub = new StubHttpHandler(_time, (attempt, _, _) =>
        {
            var response = Status(attempt == 1 ? 429 : 200, retryAfterSeconds: 30);
            response.Headers.Add("retry-after-ms", "1500");
            return Task.FromResult(response);
        });
        using var response = await SendDrivenAsync(stub);

        Assert.Equal(TimeSpan.FromMilliseconds(1500), stub.AttemptTimes[1] - stub.AttemptTimes[0]);
    }

    [Fact]
    public async Task SendAsync_RetryAfterHttpDate_WaitsUntilThatDate()
    {
        var retryAt = _time.GetUtcNow().AddSeconds(20);
        var stub = new StubHttpHandler(_time, (attempt, _, _) =>
        {
            var response = Status(attempt == 1 ? 503 : 200);
            response.Headers.RetryAfter = new RetryConditionHeaderValue(retryAt);
            return Task.FromResult(response);
        });
        var advances = new List<TimeSpan>();
        using var response = await SendDrivenAsync(stub, advances: advances);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal([TimeSpan.FromSeconds(20)], advances);
        Assert.Equal(retryAt, stub.AttemptTimes[1]);
    }

    [Fact]
    public async Task SendAsync_RetryAfterAboveCap_ReturnsResponseWithoutRetry()
    {
        var stub = StubHttpHandler.Always(_time, () => Status(429, retryAfterSeconds: 61, body: """{"error":{"code":"busy","message":"slow down"}}"""));
        using var invoker = CreateInvoker(stub, new LlmResilienceOptions { MaxRetryAfter = TimeSpan.FromSeconds(60), FirstByteTimeout = Timeout.InfiniteTimeSpan });

        using var response = await invoker.SendAsync(NewRequest(), CancellationToken.None).Guarded();

        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.Equal(1, stub.Attempts);
        Assert.Equal(0, _time.PendingTimerCount);
        Assert.Equal(TimeSpan.FromSeconds(61), LlmRetryHandler.GetRetryAfter(response, _time));
        Assert.Contains("slow down", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SendAsync_Repeated503_MakesMaxRetriesPlusOneAttemptsAndReturnsLast()
    {
        using var mock = new MockHttpMessageHandler();
        var request = mock.When("https://api.example.com/v1/chat").Respond(HttpStatusCode.ServiceUnavailable);
        var advances = new List<TimeSpan>();
        using var response = await SendDrivenAsync(mock, Options(maxRetries: 3), advances: advances);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(4, mock.GetMatchCount(request));
        Assert.Equal(3, advances.Count);
    }

    [Fact]
    public async Task SendAsync_MaxRetriesZero_DoesNotRetry()
    {
        var stub = StubHttpHandler.Always(_time, () => Status(503));
        using var invoker = CreateInvoker(stub, Options(maxRetries: 0));

        using var response = await invoker.SendAsync(NewRequest(), CancellationToken.None).Guarded();

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(1, stub.Attempts);
    }

    [Theory]
    [InlineData(400)]
    [InlineData(401)]
    [InlineData(403)]
    [InlineData(404)]
    public async Task SendAsync_ClientError_IsNotRetried(int status)
    {
        // Even when the header or the body would say otherwise.
        var stub = StubHttpHandler.Always(_time, () =>
        {
            var response = Status(status, body: """{"error":{"code":"busy"}}""");
            response.Headers.Add("x-should-retry", "true");
            return response;
        });
        using var invoker = CreateInvoker(stub);

        using var response = await invoker.SendAsync(NewRequest(), CancellationToken.None).Guarded();

        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal(1, stub.Attempts);
    }

    [Fact]
    public async Task SendAsync_NonTransientCodeAt429_IsNotRetriedAndBodyStaysReadable()
    {
        var stub = StubHttpHandler.Always(_time, () => Status(429, body: """{"error":{"code":"quota","message":"arrears"}}"""));
        using var invoker = CreateInvoker(stub);

        using var response = await invoker.SendAsync(NewRequest(), CancellationToken.None).Guarded();

        Assert.Equal(1, stub.Attempts);
        Assert.Contains("arrears", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SendAsync_ShouldRetryHeader_OverridesStatusRules()
    {
        var stub = new StubHttpHandler(_time, (attempt, _, _) =>
        {
            var response = Status(attempt switch { 1 => 409, 2 => 503, _ => 200 });
            response.Headers.Add("x-should-retry", attempt == 1 ? "true" : "false");
            return Task.FromResult(response);
        });
        using var response = await SendDrivenAsync(stub);

        // 409 retried because the vendor said so; 503 returned because the vendor said not to retry.
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(2, stub.Attempts);
    }

    [Fact]
    public async Task SendAsync_SuccessWithTransientErrorBody_IsRetried()
    {
        var stub = new StubHttpHandler(_time, (attempt, _, _) => Task.FromResult(
            Status(200, body: attempt == 1 ? """{"error":{"code":"busy","message":"try later"}}""" : """{"result":"ok"}""")));
        using var response = await SendDrivenAsync(stub);

        Assert.Equal(2, stub.Attempts);
        Assert.Equal("""{"result":"ok"}""", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task SendAsync_SuccessWithNonTransientErrorBody_IsNotRetried()
    {
        var stub = StubHttpHandler.Always(_time, () => Status(200, body: """{"error":{"code":"quota"}}"""));
        using var invoker = CreateInvoker(stub);

        using var response = await invoker.SendAsync(NewRequest(), CancellationToken.None).Guarded();

        Assert.Equal(1, stub.Attempts);
    }

    [Fact]
    public async Task SendAsync_SuccessfulEventStream_IsNeitherInspectedNorRetried()
    {
        var stub = StubHttpHandler.Always(_time, () =>
        {
            var response = Status(200);
            response.Content = new StringContent("""data: {"error":{"code":"busy"}}""" + "\n\n", Encoding.UTF8, "text/event-stream");
            return response;
        });
        using var invoker = CreateInvoker(stub);

        using var response = await invoker.SendAsync(NewRequest(), CancellationToken.None).Guarded();

        Assert.Equal(1, stub.Attempts);
    }

    [Fact]
    public async Task SendAsync_SuccessLongerThanAnyEnvelope_IsReturnedUnbufferedAndNotInspected()
    {
        // An answer declared longer than an error envelope can be (an embedding batch) is not copied to look for one.
        var original = new StringContent("{\"data\":\"" + new string('x', 20_000) + "\",\"error\":{\"code\":\"busy\"}}", Encoding.UTF8, "application/json");
        var stub = StubHttpHandler.Always(_time, () => new HttpResponseMessage(HttpStatusCode.OK) { Content = original });
        using var invoker = CreateInvoker(stub);

        using var response = await invoker.SendAsync(NewRequest(), CancellationToken.None).Guarded();

        Assert.Equal(1, stub.Attempts);
        Assert.Same(original, response.Content);
    }

    [Fact]
    public async Task SendAsync_ShortSuccess_IsStillInspectedForAnEnvelope()
    {
        var original = new StringContent("""{"result":"ok"}""", Encoding.UTF8, "application/json");
        var stub = StubHttpHandler.Always(_time, () => new HttpResponseMessage(HttpStatusCode.OK) { Content = original });
        using var invoker = CreateInvoker(stub);

        using var response = await invoker.SendAsync(NewRequest(), CancellationToken.None).Guarded();

        Assert.NotSame(original, response.Content); // read under the budget and replaced by the buffered copy
        Assert.Equal("""{"result":"ok"}""", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task SendAsync_TransportFailure_IsRetriedThenSucceeds()
    {
        var stub = new StubHttpHandler(_time, (attempt, _, _) => attempt == 1
            ? Task.FromException<HttpResponseMessage>(new HttpRequestException("connection reset"))
            : Task.FromResult(Status(200)));
        using var response = await SendDrivenAsync(stub);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2, stub.Attempts);
    }

    [Fact]
    public async Task SendAsync_FirstByteTimeoutOnEveryAttempt_ThrowsLlmRequestExceptionTimeout()
    {
        var stub = new StubHttpHandler(_time, (_, _, ct) => StubHttpHandler.HangAsync(ct));
        using var invoker = CreateInvoker(stub, new LlmResilienceOptions { MaxRetries = 2, FirstByteTimeout = TimeSpan.FromMinutes(5) });

        var task = invoker.SendAsync(NewRequest(), CancellationToken.None);
        await TimeDriver.RunAsync(_time, task);
        var ex = await Assert.ThrowsAsync<LlmRequestException>(() => task);

        Assert.Equal(LlmErrorKind.Timeout, ex.Kind);
        Assert.True(ex.IsTransient);
        Assert.Null(ex.StatusCode);
        Assert.Equal("testvendor", ex.Provider);
        Assert.Contains("no response headers within 00:05:00", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("example.com", ex.Message, StringComparison.Ordinal);
        Assert.Equal(3, stub.Attempts);
    }

    [Fact]
    public async Task SendAsync_FirstByteTimeoutWithoutRetries_ThrowsLlmRequestExceptionTimeoutAfterOneAttempt()
    {
        var stub = new StubHttpHandler(_time, (_, _, ct) => StubHttpHandler.HangAsync(ct));
        using var invoker = CreateInvoker(stub, new LlmResilienceOptions { MaxRetries = 0, FirstByteTimeout = TimeSpan.FromMinutes(5) });

        var task = invoker.SendAsync(NewRequest(), CancellationToken.None);
        await TimeDriver.RunAsync(_time, task);
        var ex = await Assert.ThrowsAsync<LlmRequestException>(() => task);

        Assert.Equal(LlmErrorKind.Timeout, ex.Kind);
        Assert.IsType<Polly.Timeout.TimeoutRejectedException>(ex.InnerException);
        Assert.Contains("no response headers within 00:05:00", ex.Message, StringComparison.Ordinal);
        Assert.Equal(1, stub.Attempts);
        Assert.Equal(0, _time.PendingTimerCount);
    }

    [Fact]
    public async Task SendAsync_FirstByteTimeoutThenResponse_ArmsOneTimerPerAttemptAndOneDelay()
    {
        // The first attempt runs before the pipeline and is replayed into it: the replay must arm no timeout of its own
        // (a test driving a fake clock would otherwise see a stray timer between the timeout and the retry delay).
        var stub = new StubHttpHandler(_time, (attempt, _, ct) => attempt == 1 ? StubHttpHandler.HangAsync(ct) : Task.FromResult(Status(200)));
        using var invoker = CreateInvoker(stub, new LlmResilienceOptions { MaxRetries = 1, FirstByteTimeout = TimeSpan.FromMinutes(5) });

        // Driven by hand, not by TimeDriver: attempt 2 arms its first-byte timer before it reaches the stub, and a driver on
        // another thread could fire that one instead of waiting for the answer. Fire attempt 1's timeout, then the delay.
        var task = invoker.SendAsync(NewRequest(), CancellationToken.None);
        await _time.WaitForTimersAsync(1).WaitAsync(TimeDriver.HangGuard);
        _time.Advance(TimeSpan.FromMinutes(5));
        await _time.WaitForCreatedTimersAsync(2).WaitAsync(TimeDriver.HangGuard);
        await _time.WaitForTimersAsync(1).WaitAsync(TimeDriver.HangGuard);
        _time.Advance(_time.NextTimerDueIn!.Value);
        using var response = await task.Guarded();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2, stub.Attempts);
        // Attempt 1's budget, the retry delay, attempt 2's budget and the budget of the 2xx body check; none for the replay.
        Assert.Equal(4, _time.CreatedTimerCount);
    }

    [Fact]
    public async Task SendAsync_FirstByteTimeoutThenResponse_RetriesAfterExactlyTheTimeout()
    {
        var stub = new StubHttpHandler(_time, (attempt, _, ct) => attempt == 1 ? StubHttpHandler.HangAsync(ct) : Task.FromResult(Status(200)));
        using var invoker = CreateInvoker(stub, new LlmResilienceOptions { BaseDelay = TimeSpan.Zero, FirstByteTimeout = TimeSpan.FromMinutes(5) });

        // Driven by hand, not by TimeDriver: the second attempt arms its own first-byte timer before it reaches the stub, and a
        // driver on another thread could fire that one first. One advance of exactly the timeout must be enough to finish.
        var task = invoker.SendAsync(NewRequest(), CancellationToken.None);
        await _time.WaitForTimersAsync(1).WaitAsync(TimeDriver.HangGuard);
        _time.Advance(TimeSpan.FromMinutes(5));
        using var response = await task.Guarded();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(TimeSpan.FromMinutes(5), stub.AttemptTimes[1] - stub.AttemptTimes[0]);
    }

    [Fact]
    public async Task SendAsync_CallerCancelsDuringAttempt_ThrowsOperationCanceledUnwrapped()
    {
        var entered = new TaskCompletionSource();
        var stub = new StubHttpHandler(_time, (_, _, ct) =>
        {
            entered.TrySetResult();
            return StubHttpHandler.HangAsync(ct);
        });
        using var invoker = CreateInvoker(stub, new LlmResilienceOptions { FirstByteTimeout = TimeSpan.FromMinutes(5) });
        using var cts = new CancellationTokenSource();

        var task = invoker.SendAsync(NewRequest(), cts.Token);
        await entered.Task.WaitAsync(TimeDriver.HangGuard);
        await cts.CancelAsync();
        var ex = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => task.WaitAsync(TimeDriver.HangGuard));

        Assert.Equal(cts.Token, ex.CancellationToken);
        Assert.Equal(1, stub.Attempts);
        Assert.Equal(0, _time.PendingTimerCount);
    }

    [Fact]
    public async Task SendAsync_CallerCancelsDuringBackoff_StopsRetrying()
    {
        var stub = StubHttpHandler.Always(_time, () => Status(503));
        using var invoker = CreateInvoker(stub);
        using var cts = new CancellationTokenSource();

        var task = invoker.SendAsync(NewRequest(), cts.Token);
        await _time.WaitForTimersAsync(1).WaitAsync(TimeDriver.HangGuard);
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => task.WaitAsync(TimeDriver.HangGuard));
        _time.Advance(TimeSpan.FromHours(1));

        Assert.Equal(1, stub.Attempts);
    }

    [Fact]
    public async Task SendAsync_RepeatedFailures_BackoffGrowsExponentiallyUnderMaxDelay()
    {
        var stub = StubHttpHandler.Always(_time, () => Status(503));
        var options = new LlmResilienceOptions
        {
            MaxRetries = 6,
            BaseDelay = TimeSpan.FromSeconds(1),
            MaxDelay = TimeSpan.FromSeconds(10),
            FirstByteTimeout = Timeout.InfiniteTimeSpan,
        };
        var delays = new List<TimeSpan>();
        (await SendDrivenAsync(stub, options, advances: delays)).Dispose();

        Assert.Equal(7, stub.Attempts);
        Assert.Equal(6, delays.Count);
        for (var i = 0; i < delays.Count; i++)
        {
            var nominal = TimeSpan.FromSeconds(Math.Pow(2, i));
            Assert.InRange(delays[i], Min(nominal * 0.8, options.MaxDelay), Min(nominal * 1.2, options.MaxDelay));
        }

        for (var i = 0; i < 4; i++)
        {
            Assert.True(delays[i + 1] > delays[i], $"delay {i + 1} ({delays[i + 1]}) should exceed delay {i} ({delays[i]})");
        }
    }

    [Fact]
    public async Task SendAsync_Retry_DisposesDiscardedResponses()
    {
        var contents = new List<TrackingContent>();
        var stub = new StubHttpHandler(_time, (attempt, _, _) =>
        {
            var content = new TrackingContent();
            contents.Add(content);
            return Task.FromResult(new HttpResponseMessage(attempt < 3 ? HttpStatusCode.BadGateway : HttpStatusCode.OK) { Content = content });
        });
        using var response = await SendDrivenAsync(stub);

        Assert.Equal(3, contents.Count);
        Assert.True(contents[0].IsDisposed);
        Assert.True(contents[1].IsDisposed);
        Assert.False(contents[2].IsDisposed);
    }

    [Fact]
    public async Task SendAsync_Retry_LogsRedactedUrlWithoutQueryString()
    {
        var logger = new InMemoryLogger();
        var stub = new StubHttpHandler(_time, (attempt, _, _) => attempt switch
        {
            1 => Task.FromResult(Status(503, body: """{"error":{"code":"busy","message":"key sk-abcdefghijklmnop"}}""")),
            2 => Task.FromException<HttpResponseMessage>(new HttpRequestException("reset talking to " + Url)),
            _ => Task.FromResult(Status(200)),
        });
        var request = NewRequest();
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "sk-abcdefghijklmnop");
        (await SendDrivenAsync(stub, logger: logger, request: request)).Dispose();

        Assert.Equal(2, logger.Entries.Count);
        Assert.Contains("https://api.example.com/v1/chat", logger.Entries[0].Message, StringComparison.Ordinal);
        Assert.Contains("503", logger.Entries[0].Message, StringComparison.Ordinal);
        Assert.Contains(nameof(HttpRequestException), logger.Entries[1].Message, StringComparison.Ordinal);
        Assert.Equal(LogLevel.Information, logger.Entries[1].Level); // Retries log at Information (event 1003).
        foreach (var (_, message) in logger.Entries)
        {
            Assert.DoesNotContain("s3cret", message, StringComparison.Ordinal);
            Assert.DoesNotContain("access_token", message, StringComparison.Ordinal);
            Assert.DoesNotContain("sk-abc", message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void GetRetryAfter_DateInThePast_ReturnsZero()
    {
        using var response = Status(503);
        response.Headers.RetryAfter = new RetryConditionHeaderValue(_time.GetUtcNow().AddMinutes(-1));

        Assert.Equal(TimeSpan.Zero, LlmRetryHandler.GetRetryAfter(response, _time));
    }

    [Fact]
    public void GetRetryAfter_NoHeader_ReturnsNull()
    {
        using var response = Status(503);

        Assert.Null(LlmRetryHandler.GetRetryAfter(response, _time));
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    private static LlmResilienceOptions Options(int maxRetries = 3)
        => new() { MaxRetries = maxRetries, FirstByteTimeout = Timeout.InfiniteTimeSpan };

    private static HttpRequestMessage NewRequest()
        => new(HttpMethod.Post, Url) { Content = new ByteArrayContent("{}"u8.ToArray()) };

    private static HttpResponseMessage Status(int status, int? retryAfterSeconds = null, string body = "{}")
    {
        var response = new HttpResponseMessage((HttpStatusCode)status)
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        if (retryAfterSeconds is int seconds)
        {
            response.Headers.RetryAfter = new RetryConditionHeaderValue(TimeSpan.FromSeconds(seconds));
        }

        return response;
    }

    private async Task<HttpResponseMessage> SendDrivenAsync(
        HttpMessageHandler inner,
        LlmResilienceOptions? options = null,
        ILogger? logger = null,
        HttpRequestMessage? request = null,
        List<TimeSpan>? advances = null)
    {
        using var invoker = CreateInvoker(inner, options, logger);
        var task = invoker.SendAsync(request ?? NewRequest(), CancellationToken.None);
        var moved = await TimeDriver.RunAsync(_time, task);
        advances?.AddRange(moved);
        return await task;
    }

    private HttpMessageInvoker CreateInvoker(HttpMessageHandler inner, LlmResilienceOptions? options = null, ILogger? logger = null)
        => new(new LlmRetryHandler(options ?? Options(), new TestVendorErrorMapper(), _time, logger) { InnerHandler = inner });

    private sealed class TrackingContent : ByteArrayContent
    {
        public TrackingContent()
            : base("{}"u8.ToArray())
        {
        }

        public bool IsDisposed { get; private set; }

        protected override void Dispose(bool disposing)
        {
            IsDisposed = true;
            base.Dispose(disposing);
        }
    }
}
