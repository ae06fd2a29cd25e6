using System.Net;
using LlmClients.Auth;
using LlmClients.Resilience;
using LlmClients.Tests.TestSupport;
using RichardSzalay.MockHttp;

namespace LlmClients.Tests.Auth;

public sealed class QueryTokenHandlerTests
{
    private readonly FakeTimeProvider _time = new();

    [Fact]
    public void SetQueryParameter_ExistingParameters_KeepsOthersAndReplacesToken()
    {
        var uri = QueryTokenHandler.SetQueryParameter(
            new Uri("https://aip.example.com/rpc/chat/ernie?a=1&access_token=old&b=x%20y"),
            "access_token",
            "24.ab+c/d=");

        Assert.Equal("https://aip.example.com/rpc/chat/ernie?a=1&b=x%20y&access_token=24.ab%2Bc%2Fd%3D", uri.AbsoluteUri);
    }

    [Fact]
    public void SetQueryParameter_NoQuery_AddsToken()
    {
        var uri = QueryTokenHandler.SetQueryParameter(new Uri("https://aip.example.com/rpc/chat"), "access_token", "t1");

        Assert.Equal("https://aip.example.com/rpc/chat?access_token=t1", uri.AbsoluteUri);
    }

    [Fact]
    public async Task SendAsync_BehindRetryHandler_SetsTokenPerAttemptAndUsesRefreshedTokenOnRetry()
    {
        var issued = 0;
        var cache = new AccessTokenCache(
            _ => Task.FromResult(new AccessToken("t" + Interlocked.Increment(ref issued), _time.GetUtcNow().AddDays(30))),
            _time,
            TimeSpan.FromDays(1));
        using var mock = new MockHttpMessageHandler();
        mock.Expect("https://aip.example.com/rpc/chat")
            .WithExactQueryString(new Dictionary<string, string> { ["model"] = "ernie", ["access_token"] = "t1" })
            .Respond(_ =>
            {
                cache.Invalidate("t1");
                return new HttpResponseMessage(HttpStatusCode.BadGateway);
            });
        mock.Expect("https://aip.example.com/rpc/chat")
            .WithExactQueryString(new Dictionary<string, string> { ["model"] = "ernie", ["access_token"] = "t2" })
            .Respond(HttpStatusCode.OK);
        var retry = new LlmRetryHandler(new LlmResilienceOptions { FirstByteTimeout = Timeout.InfiniteTimeSpan }, new TestVendorErrorHandler(), _time)
        {
            InnerHandler = new QueryTokenHandler("access_token", cache.GetTokenAsync) { InnerHandler = mock },
        };
        using var invoker = new HttpMessageInvoker(retry);

        var task = invoker.SendAsync(new HttpRequestMessage(HttpMethod.Post, "https://aip.example.com/rpc/chat?model=ernie"), CancellationToken.None);
        await TimeDriver.RunAsync(_time, task);
        using var response = await task;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        mock.VerifyNoOutstandingExpectation();
        Assert.Equal(2, cache.AcquireCount);
    }
}
