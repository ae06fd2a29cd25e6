using System.Runtime.CompilerServices;
using LlmClients.Auth;
using LlmClients.Resilience;

namespace LlmClients.Tests.TestSupport;

/// <summary>The production order of handlers, for auth tests: retry first, then auth, then the fake server.</summary>
internal static class AuthPipeline
{
    /// <summary>
    /// A cache whose acquisitions issue <c>prefix1</c>, <c>prefix2</c>... each valid for <paramref name="lifetime"/>;
    /// <paramref name="issued"/>, when given, counts the acquisitions.
    /// </summary>
    public static AccessTokenCache CountingCache(TimeProvider time, string prefix, TimeSpan lifetime, StrongBox<int>? issued = null)
    {
        issued ??= new StrongBox<int>();
        return new AccessTokenCache(
            _ => Task.FromResult(new AccessToken(prefix + Interlocked.Increment(ref issued.Value), time.GetUtcNow() + lifetime)),
            time,
            lifetime / 10);
    }

    /// <summary>Sends one request through LlmRetryHandler -> <paramref name="auth"/> -> <paramref name="server"/>, driving the fake clock.</summary>
    public static async Task<HttpResponseMessage> SendAsync(FakeClock time, DelegatingHandler auth, HttpMessageHandler server, HttpRequestMessage request)
    {
        auth.InnerHandler = server;

        // No first-byte timeout: MockHttp answers asynchronously, and the driver fires every armed timer.
        var options = new LlmResilienceOptions { FirstByteTimeout = Timeout.InfiniteTimeSpan };
        using var invoker = new HttpMessageInvoker(new LlmRetryHandler(options, new TestVendorErrorMapper(), time) { InnerHandler = auth });
        var task = invoker.SendAsync(request, CancellationToken.None);
        await TimeDriver.RunAsync(time, task);
        return await task;
    }
}
