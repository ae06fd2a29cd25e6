namespace LlmClients.Tests.TestSupport;

/// <summary>
/// Our one test <see cref="DelegatingHandler"/>: runs <c>intercept(request, next, cancellationToken)</c> around the inner
/// handler, to hold, rewrite or observe a request in a real pipeline (<c>next()</c> sends it on).
/// </summary>
internal sealed class InterceptingHandler(Func<HttpRequestMessage, Func<Task<HttpResponseMessage>>, CancellationToken, Task<HttpResponseMessage>> intercept)
    : DelegatingHandler
{
    /// <summary>Runs <paramref name="afterSend"/> once the inner handlers have started on the request (synchronously), before awaiting them.</summary>
    public static InterceptingHandler AfterSend(Action afterSend) => new((_, next, _) =>
    {
        var sending = next();
        afterSend();
        return sending;
    });

    /// <summary>Holds every request until <paramref name="gate"/> completes (or the request is cancelled).</summary>
    public static InterceptingHandler Hold(Task gate) => new(async (_, next, cancellationToken) =>
    {
        await gate.WaitAsync(cancellationToken);
        return await next();
    });

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        => intercept(request, () => base.SendAsync(request, cancellationToken), cancellationToken);
}
