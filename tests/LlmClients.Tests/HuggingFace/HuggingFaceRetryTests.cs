using System.Net;
using System.Text;
using LlmClients.HuggingFace;
using LlmClients.Resilience;
using FakeClock = Microsoft.Extensions.Time.Testing.FakeTimeProvider;

namespace LlmClients.Tests.HuggingFace;

/// <summary>The 503 of a model still loading, through the one retry handler: its body's <c>estimated_time</c> is the wait.</summary>
public sealed class HuggingFaceRetryTests
{
    private const string Loading = """{"error":"Model moka-ai/m3e-base is currently loading","estimated_time":20.0}""";

    private readonly TimerWatchingClock _time = new();

    [Fact]
    public async Task SendAsync_ModelLoading_WaitsEstimatedTimeThenRetries()
    {
        var attempts = new List<DateTimeOffset>();
        using var invoker = Invoker(attempts, attempt => attempt == 1 ? Response(503, Loading) : Response(200, "[[1,0]]"), TimeSpan.FromSeconds(60));

        var task = invoker.SendAsync(new HttpRequestMessage(HttpMethod.Post, "http://tei.test/embed"), CancellationToken.None);
        await _time.TimerArmed.WaitAsync(TimeSpan.FromSeconds(30));
        _time.Advance(TimeSpan.FromSeconds(20) - TimeSpan.FromTicks(1));
        Assert.Single(attempts);
        _time.Advance(TimeSpan.FromTicks(1));
        using var response = await task.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(20), attempts[1] - attempts[0]);
    }

    [Fact]
    public async Task SendAsync_ModelLoadingLongerThanMaxRetryAfter_ReturnsTheResponseForTheCallerToThrowWithRetryAfter()
    {
        var attempts = new List<DateTimeOffset>();
        using var invoker = Invoker(attempts, _ => Response(503, Loading), TimeSpan.FromSeconds(10));

        using var response = await invoker.SendAsync(new HttpRequestMessage(HttpMethod.Post, "http://tei.test/embed"), CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Single(attempts);
        var body = await response.Content.ReadAsByteArrayAsync();
        var ex = HuggingFaceErrorMapper.Instance.CreateException(503, HuggingFaceErrorMapper.Instance.ParseError(503, body), response.Headers, LlmRetryHandler.GetRetryAfter(response, _time));
        Assert.Equal(TimeSpan.FromSeconds(20), ex.RetryAfter);
        Assert.True(ex.IsTransient);
    }

    private HttpMessageInvoker Invoker(List<DateTimeOffset> attempts, Func<int, HttpResponseMessage> respond, TimeSpan maxRetryAfter)
    {
        var options = new LlmResilienceOptions { MaxRetries = 3, MaxRetryAfter = maxRetryAfter, FirstByteTimeout = Timeout.InfiniteTimeSpan };
        var handler = new LlmRetryHandler(options, HuggingFaceErrorMapper.Instance, _time) { InnerHandler = new Answering(_time, attempts, respond) };
        return new HttpMessageInvoker(handler);
    }

    private static HttpResponseMessage Response(int status, string json) =>
        new((HttpStatusCode)status) { Content = new StringContent(json, Encoding.UTF8, "application/json") };

    private sealed class Answering(TimeProvider time, List<DateTimeOffset> attempts, Func<int, HttpResponseMessage> respond) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            lock (attempts)
            {
                attempts.Add(time.GetUtcNow());
                return Task.FromResult(respond(attempts.Count));
            }
        }
    }

    /// <summary>A fake clock that says when a timer with a due time is armed (the retry delay), so the test advances only then.</summary>
    private sealed class TimerWatchingClock : FakeClock
    {
        private readonly TaskCompletionSource _armed = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task TimerArmed => _armed.Task;

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            var timer = base.CreateTimer(callback, state, dueTime, period);
            if (dueTime != Timeout.InfiniteTimeSpan)
            {
                _armed.TrySetResult();
            }

            return timer;
        }
    }
}
