namespace LlmClients.Tests.TestSupport;

/// <summary>Answers every request from a factory and counts the requests.</summary>
internal sealed class StaticHandler(Func<HttpResponseMessage> respond) : HttpMessageHandler
{
    private int _count;

    public int Count => Volatile.Read(ref _count);

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _count);
        return Task.FromResult(respond());
    }
}
