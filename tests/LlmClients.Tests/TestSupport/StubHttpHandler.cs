namespace LlmClients.Tests.TestSupport;

/// <summary>An innermost handler that answers from a callback and records each attempt (time, URL, token).</summary>
internal sealed class StubHttpHandler(TimeProvider time, Func<int, HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>> respond)
    : HttpMessageHandler
{
    private readonly List<DateTimeOffset> _attemptTimes = [];
    private int _attempts;

    public int Attempts => Volatile.Read(ref _attempts);

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
    public static StubHttpHandler Always(TimeProvider time, Func<HttpResponseMessage> respond)
        => new(time, (_, _, _) => Task.FromResult(respond()));

    /// <summary>Never answers; ends only when the attempt's token is cancelled.</summary>
    public static async Task<HttpResponseMessage> HangAsync(CancellationToken cancellationToken)
    {
        await new TaskCompletionSource().Task.WaitAsync(cancellationToken);
        throw new InvalidOperationException("unreachable");
    }

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        lock (_attemptTimes)
        {
            _attemptTimes.Add(time.GetUtcNow());
        }

        var attempt = Interlocked.Increment(ref _attempts);
        return respond(attempt, request, cancellationToken);
    }
}
