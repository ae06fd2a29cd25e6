namespace LlmClients.Tests.TestSupport;

/// <summary>
/// Our one stub server, for what MockHttp cannot do (hang until cancelled, answer by attempt number, record attempt times on
/// a fake clock, stream a body in odd chunks). Answers from a callback and records each attempt (time, request).
/// </summary>
internal sealed class StubHttpHandler(TimeProvider? time, Func<int, HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>> respond)
    : HttpMessageHandler
{
    private readonly List<DateTimeOffset> _attemptTimes = [];
    private int _attempts;

    /// <summary>Gets how many requests reached the handler.</summary>
    public int Attempts => Volatile.Read(ref _attempts);

    /// <summary>Gets the time of each attempt on the clock given at construction (empty without a clock).</summary>
    public IReadOnlyList<DateTimeOffset> AttemptTimes
    {
        get
        {
            lock (_attemptTimes)
            {
                return [.. _attemptTimes];
            }
        }
    }

    /// <summary>Answers every attempt the same way.</summary>
    public static StubHttpHandler Always(TimeProvider? time, Func<HttpResponseMessage> respond)
        => new(time, (_, _, _) => Task.FromResult(respond()));

    /// <summary>Answers every attempt the same way, recording no times.</summary>
    public static StubHttpHandler Always(Func<HttpResponseMessage> respond) => Always(null, respond);

    /// <summary>Never answers; ends only when the attempt's token is cancelled.</summary>
    public static async Task<HttpResponseMessage> HangAsync(CancellationToken cancellationToken)
    {
        await new TaskCompletionSource().Task.WaitAsync(cancellationToken);
        throw new InvalidOperationException("unreachable");
    }

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (time is not null)
        {
            lock (_attemptTimes)
            {
                _attemptTimes.Add(time.GetUtcNow());
            }
        }

        var attempt = Interlocked.Increment(ref _attempts);
        return respond(attempt, request, cancellationToken);
    }
}
