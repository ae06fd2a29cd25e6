using System.Net;
using LlmClients.Auth;
using LlmClients.Tests.TestSupport;
using RichardSzalay.MockHttp;

namespace LlmClients.Tests.Auth;

public sealed class QueryTokenHandlerTests
{
    private readonly FakeClock _time = new();

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
        var issued = new System.Runtime.CompilerServices.StrongBox<int>();
        var cache = AuthPipeline.CountingCache(_time, "t", TimeSpan.FromDays(30), issued);
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
        using var response = await AuthPipeline.SendAsync(
            _time,
            new QueryTokenHandler("access_token", cache.GetTokenAsync),
            mock,
            new HttpRequestMessage(HttpMethod.Post, "https://aip.example.com/rpc/chat?model=ernie"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        mock.VerifyNoOutstandingExpectation();
        Assert.Equal(2, issued.Value);
    }
}
