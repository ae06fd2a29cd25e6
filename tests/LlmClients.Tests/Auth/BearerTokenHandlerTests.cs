using System.Net;
using System.Net.Http.Headers;
using LlmClients.Auth;
using LlmClients.Tests.TestSupport;
using RichardSzalay.MockHttp;

namespace LlmClients.Tests.Auth;

public sealed class BearerTokenHandlerTests
{
    private readonly FakeClock _time = new();

    [Fact]
    public async Task SendAsync_ExistingAuthorization_IsOverwritten()
    {
        using var mock = new MockHttpMessageHandler();
        mock.Expect(HttpMethod.Post, "https://api.example.com/v1/chat").WithHeaders("Authorization", "Bearer key-1").Respond(HttpStatusCode.OK);
        using var invoker = new HttpMessageInvoker(new BearerTokenHandler(_ => ValueTask.FromResult("key-1")) { InnerHandler = mock });
        using var request = new HttpRequestMessage(HttpMethod.Post, "https://api.example.com/v1/chat");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "stale");

        using var response = await invoker.SendAsync(request, CancellationToken.None);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        mock.VerifyNoOutstandingExpectation();
    }

    [Fact]
    public async Task SendAsync_BehindRetryHandler_UsesRefreshedTokenOnRetry()
    {
        var issued = new System.Runtime.CompilerServices.StrongBox<int>();
        var cache = AuthPipeline.CountingCache(_time, "jwt-", TimeSpan.FromHours(1), issued);
        using var mock = new MockHttpMessageHandler();
        mock.Expect("https://api.example.com/v1/chat").WithHeaders("Authorization", "Bearer jwt-1").Respond(_ =>
        {
            // The vendor rejected the token with a transient status; the adapter invalidated it.
            cache.Invalidate("jwt-1");
            return new HttpResponseMessage(HttpStatusCode.ServiceUnavailable);
        });
        mock.Expect("https://api.example.com/v1/chat").WithHeaders("Authorization", "Bearer jwt-2").Respond(HttpStatusCode.OK);
        using var response = await AuthPipeline.SendAsync(
            _time,
            new BearerTokenHandler(cache.GetTokenAsync),
            mock,
            new HttpRequestMessage(HttpMethod.Post, "https://api.example.com/v1/chat"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        mock.VerifyNoOutstandingExpectation();
        Assert.Equal(2, issued.Value);
    }
}
