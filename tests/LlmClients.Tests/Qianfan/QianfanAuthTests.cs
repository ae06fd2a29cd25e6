using System.Net;
using LlmClients.Auth;
using LlmClients.Qianfan;
using LlmClients.Tests.TestSupport;
using Microsoft.Extensions.Time.Testing;
using Microsoft.Extensions.DependencyInjection;
using RichardSzalay.MockHttp;
using static LlmClients.Tests.Qianfan.QianfanTestHost;

namespace LlmClients.Tests.Qianfan;

public sealed class QianfanAuthTests
{
    private const string SecondToken = "24.00000000000000000000000000000002.2592000.1485516651.282335-8574074";
    private readonly MockHttpMessageHandler _mock = new();

    [Fact]
    public async Task GetResponseAsync_200CallsColdCache_ExactlyOneTokenExchange()
    {
        var gate = new TaskCompletionSource();
        var allWaiting = new TaskCompletionSource();
        int waiting = 0;
        var exchange = _mock.When(HttpMethod.Post, TokenUrl);
        exchange.Respond(async () =>
        {
            await gate.Task; // Hold the exchange until every call is waiting on it.
            return new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(Fixture("token-success.json"), System.Text.Encoding.UTF8, "application/json") };
        });
        var chat = _mock.When(HttpMethod.Post, ChatBase + "ernie-lite-8k")
            .WithQueryString("access_token", FixtureToken)
            .Respond("application/json", Fixture("chat-normal.json"));

        // Counts calls that have asked the token cache (the query-token handler asks synchronously, before its first await).
        using var services = Build(_mock, configureServices: s => s.AddHttpClient(LlmProvidersBuilder.GetHttpClientName(Name))
            .ConfigureAdditionalHttpMessageHandlers((handlers, _) =>
            {
                var index = handlers.ToList().FindIndex(h => h is QueryTokenHandler);
                Assert.True(index >= 0);
                handlers.Insert(index, InterceptingHandler.AfterSend(() =>
                {
                    if (Interlocked.Increment(ref waiting) == 200)
                    {
                        allWaiting.TrySetResult();
                    }
                }));
            }));
        var client = services.Chat();

        var calls = Enumerable.Range(0, 200).Select(_ => Task.Run(() => client.GetResponseAsync("hi"))).ToList();
        await allWaiting.Task.WaitAsync(TimeDriver.HangGuard);

        // All 200 calls are inside the pipeline at once, with the one exchange still held: none has a token yet.
        Assert.Equal(1, _mock.GetMatchCount(exchange));
        Assert.Equal(0, _mock.GetMatchCount(chat));
        gate.SetResult();
        await Task.WhenAll(calls).WaitAsync(TimeDriver.HangGuard);

        Assert.Equal(1, _mock.GetMatchCount(exchange));
        Assert.Equal(200, _mock.GetMatchCount(chat));
    }

    [Fact]
    public async Task GetResponseAsync_ExchangeTransportFailureOnce_RetriedOnceAndSucceeds()
    {
        _mock.Expect(HttpMethod.Post, TokenUrl).Throw(new HttpRequestException("connection reset"));
        _mock.Expect(HttpMethod.Post, TokenUrl).Respond("application/json", Fixture("token-success.json"));
        _mock.Expect(HttpMethod.Post, ChatBase + "ernie-lite-8k").WithQueryString("access_token", FixtureToken).Respond("application/json", Fixture("chat-normal.json"));
        using var services = Build(_mock);

        var response = await services.Chat().GetResponseAsync("hi");

        Assert.Equal(ChatFinishReason.Stop, response.FinishReason);
        _mock.VerifyNoOutstandingExpectation();
    }

    [Fact]
    public async Task GetResponseAsync_ExchangeTransportFailureTwice_ThrowsNetworkAfterTwoAttempts()
    {
        var mock = new MockHttpMessageHandler(BackendDefinitionBehavior.Always);
        var exchange = mock.When(HttpMethod.Post, TokenUrl).Throw(new HttpRequestException("connection refused"));
        var chat = mock.When(HttpMethod.Post, ChatBase + "*").Respond("application/json", Fixture("chat-normal.json"));
        using var services = Build(mock);

        var ex = await Assert.ThrowsAsync<LlmRequestException>(() => services.Chat().GetResponseAsync("hi"));

        Assert.Equal(LlmErrorKind.Network, ex.Kind);
        Assert.True(ex.IsTransient);
        Assert.Contains("access-token exchange", ex.Message);
        Assert.Equal(2, mock.GetMatchCount(exchange));
        Assert.Equal(0, mock.GetMatchCount(chat));
    }

    [Fact]
    public async Task Logs_AtTraceIncludingOAuthClient_NeverContainCredentialsOrToken()
    {
        var logs = new CategoryLoggerProvider();
        _mock.Expect(HttpMethod.Post, TokenUrl).Throw(new HttpRequestException("connection reset"));
        _mock.Expect(HttpMethod.Post, TokenUrl).Respond("application/json", Fixture("token-success.json"));
        _mock.Expect(HttpMethod.Post, ChatBase + "ernie-lite-8k").Respond("application/json", Fixture("error-110.json"));
        _mock.Expect(HttpMethod.Post, TokenUrl).Respond(HttpStatusCode.Unauthorized, "application/json", Fixture("token-error-bad-secret.json"));
        using var services = Build(_mock, logs: logs);

        var ex = await Assert.ThrowsAsync<LlmRequestException>(() => services.Chat().GetResponseAsync("hi"));

        Assert.Equal(LlmErrorKind.Authentication, ex.Kind);
        var everything = string.Join("\n", logs.Entries.Select(e => e.Message)) + "\n" + ex;
        Assert.Contains("oauth/2.0/token?REDACTED", everything); // The exchange was logged (Debug and the retry Warning), redacted.
        Assert.Contains("retrying once", everything);
        Assert.Contains("refreshing the access token", everything);
        foreach (var secret in new[] { "test-ak", "test-sk", "client_id=", "client_secret=", FixtureToken, "6c5e1ff107f0e8bcef8c46d3424a0e78" })
        {
            Assert.DoesNotContain(secret, everything, StringComparison.Ordinal);
        }

        // The factory's own request loggers (which print URLs) are removed from both the API and the OAuth clients.
        Assert.DoesNotContain(logs.Categories, c => c.StartsWith("System.Net.Http.HttpClient.", StringComparison.Ordinal));
        _mock.VerifyNoOutstandingExpectation();
    }

    [Theory]
    [InlineData("error-110.json")]
    [InlineData("error-111.json")]
    public async Task GetResponseAsync_TokenRejectedAtHttp200_InvalidatesRefreshesOnceAndResendsOnce(string rejection)
    {
        _mock.Expect(HttpMethod.Post, TokenUrl).Respond("application/json", Fixture("token-success.json"));
        _mock.Expect(HttpMethod.Post, ChatBase + "ernie-lite-8k").WithQueryString("access_token", FixtureToken).Respond("application/json", Fixture(rejection));
        _mock.Expect(HttpMethod.Post, TokenUrl).Respond("application/json", Fixture("token-success.json").Replace(FixtureToken, SecondToken, StringComparison.Ordinal));
        _mock.Expect(HttpMethod.Post, ChatBase + "ernie-lite-8k").WithQueryString("access_token", SecondToken).Respond("application/json", Fixture("chat-normal.json"));
        using var services = Build(_mock);

        var response = await services.Chat().GetResponseAsync("hi");

        Assert.Equal(ChatFinishReason.Stop, response.FinishReason);
        _mock.VerifyNoOutstandingExpectation();
    }

    [Fact]
    public async Task GetResponseAsync_TokenRejectedTwice_ThrowsAuthenticationWithoutThirdAttempt()
    {
        var exchange = _mock.When(HttpMethod.Post, TokenUrl).Respond("application/json", Fixture("token-success.json"));
        var chat = _mock.When(HttpMethod.Post, ChatBase + "ernie-lite-8k").Respond("application/json", Fixture("error-110.json"));
        using var services = Build(_mock);

        var ex = await Assert.ThrowsAsync<LlmRequestException>(() => services.Chat().GetResponseAsync("hi"));

        Assert.Equal(LlmErrorKind.Authentication, ex.Kind);
        Assert.Equal("110", ex.ErrorCode);
        Assert.False(ex.IsTransient);
        Assert.Equal(2, _mock.GetMatchCount(chat));
        Assert.Equal(2, _mock.GetMatchCount(exchange));
    }

    [Fact]
    public async Task GetResponseAsync_TokenNearExpiry_RefreshedEarlyOnFakeClock()
    {
        var time = new FakeTimeProvider();
        var exchange = _mock.When(HttpMethod.Post, TokenUrl).Respond("application/json", Fixture("token-success.json"));
        _mock.When(HttpMethod.Post, ChatBase + "ernie-lite-8k").Respond("application/json", Fixture("chat-normal.json"));
        using var services = Build(_mock, o => o.TokenRefreshMargin = TimeSpan.FromHours(1), time: time);
        var client = services.Chat();

        await client.GetResponseAsync("one");
        time.Advance(TimeSpan.FromDays(30) - TimeSpan.FromHours(2));
        await client.GetResponseAsync("two");
        Assert.Equal(1, _mock.GetMatchCount(exchange));
        time.Advance(TimeSpan.FromHours(1.5));
        await client.GetResponseAsync("three");

        Assert.Equal(2, _mock.GetMatchCount(exchange));
    }

    [Fact]
    public async Task GetResponseAsync_TwoInstancesSameCredentials_ShareOneToken()
    {
        var exchange = _mock.When(HttpMethod.Post, TokenUrl).Respond("application/json", Fixture("token-success.json"));
        _mock.When(HttpMethod.Post, ChatBase + "*").Respond("application/json", Fixture("chat-normal.json"));
        var services = new ServiceCollection();
        services.AddLlmProviders(b => b
            .AddQianfan("a", o => { o.ApiKey = "test-ak"; o.SecretKey = "test-sk"; })
            .AddQianfan("b", o => { o.ApiKey = "test-ak"; o.SecretKey = "test-sk"; o.DefaultModel = "ERNIE-Speed-8K"; }));
        foreach (var name in new[] { "a", "b" })
        {
            services.AddHttpClient(LlmProvidersBuilder.GetHttpClientName(name)).ConfigurePrimaryHttpMessageHandler(() => _mock);
            services.AddHttpClient(QianfanRegistration.OAuthClientName(name)).ConfigurePrimaryHttpMessageHandler(() => _mock);
        }

        using var provider = services.BuildServiceProvider();
        await provider.GetRequiredKeyedService<IChatClient>("a").GetResponseAsync("hi");
        await provider.GetRequiredKeyedService<IChatClient>("b").GetResponseAsync("hi");

        Assert.Equal(1, _mock.GetMatchCount(exchange));
    }

    [Theory]
    [InlineData("token-error-unknown-client.json", "ApiKey", "QIANFAN_AK")]
    [InlineData("token-error-bad-secret.json", "SecretKey", "QIANFAN_SK")]
    public async Task GetResponseAsync_ExchangeRefused_AuthenticationErrorNamesSettingNeverValue(string fixture, string setting, string variable)
    {
        _mock.When(HttpMethod.Post, TokenUrl).Respond(HttpStatusCode.Unauthorized, "application/json", Fixture(fixture));
        var chat = _mock.When(HttpMethod.Post, ChatBase + "*").Respond("application/json", Fixture("chat-normal.json"));
        using var services = Build(_mock);

        var ex = await Assert.ThrowsAsync<LlmRequestException>(() => services.Chat().GetResponseAsync("hi"));

        Assert.Equal(LlmErrorKind.Authentication, ex.Kind);
        Assert.Equal("invalid_client", ex.ErrorCode);
        Assert.Contains($"LlmProviders:qianfan:{setting}", ex.Message);
        Assert.Contains(variable, ex.Message);
        Assert.DoesNotContain("test-ak", ex.ToString());
        Assert.DoesNotContain("test-sk", ex.ToString());
        Assert.Equal(0, _mock.GetMatchCount(chat));
    }

    [Fact]
    public async Task Logs_And_Exceptions_NeverContainAccessTokenOrSecret()
    {
        var logs = new InMemoryLoggerProvider();
        _mock.Expect(HttpMethod.Post, TokenUrl).Respond("application/json", Fixture("token-success.json"));
        _mock.Expect(HttpMethod.Post, ChatBase + "ernie-lite-8k").Respond("application/json", Fixture("error-111.json"));
        _mock.Expect(HttpMethod.Post, TokenUrl).Respond("application/json", Fixture("token-success.json"));
        _mock.Expect(HttpMethod.Post, ChatBase + "ernie-lite-8k").Respond("application/json", Fixture("error-18.json"));
        _mock.Expect(HttpMethod.Post, ChatBase + "ernie-lite-8k").Respond(HttpStatusCode.BadGateway);
        _mock.Expect(HttpMethod.Post, ChatBase + "ernie-lite-8k").Respond("application/json", "{\"error_code\":336003,\"error_msg\":\"bad url https://x/y?access_token=" + FixtureToken + "\"}");
        using var services = Build(_mock, logs: logs);

        var ex = await Assert.ThrowsAsync<LlmRequestException>(() => services.Chat().GetResponseAsync("hi"));

        Assert.Equal("336003", ex.ErrorCode);
        var everything = string.Join("\n", logs.Logger.Entries.Select(e => e.Message)) + "\n" + ex;
        Assert.Contains("REDACTED", everything);
        Assert.Contains("retrying", everything);
        Assert.Contains("refreshing the access token", everything);
        Assert.DoesNotContain(FixtureToken, everything);
        Assert.DoesNotContain("6c5e1ff107f0e8bcef8c46d3424a0e78", everything);
        Assert.DoesNotContain("test-sk", everything);
        Assert.DoesNotContain("client_secret=", everything);
        _mock.VerifyNoOutstandingExpectation();
    }

    [Fact]
    public async Task ExchangeAsync_ExpiresInHonoured_OnFakeClock()
    {
        var time = new FakeTimeProvider();
        _mock.When(HttpMethod.Post, TokenUrl).Respond("application/json", Fixture("token-success.json"));
        using var services = Build(_mock);
        var exchange = new QianfanTokenExchange(
            services.GetRequiredService<IHttpClientFactory>(), QianfanRegistration.OAuthClientName(Name), new Uri("https://aip.baidubce.com/"), "test-ak", "test-sk", Name, time);

        AccessToken token = await exchange.ExchangeAsync(CancellationToken.None);

        Assert.Equal(FixtureToken, token.Value);
        Assert.Equal(time.GetUtcNow().AddDays(30), token.ExpiresAt);
    }

    [Theory]
    [InlineData(null, "sk", "ApiKey")]
    [InlineData("ak", " ", "SecretKey")]
    public void TokenExchange_BlankCredential_ThrowsNamingTheSetting(string? ak, string sk, string setting)
    {
        var ex = Assert.Throws<ArgumentException>(() => new QianfanTokenExchange(null!, "x", new Uri("https://aip.baidubce.com/"), ak, sk, Name, TimeProvider.System));

        Assert.Contains($"LlmProviders:qianfan:{setting}", ex.Message);
    }
}
