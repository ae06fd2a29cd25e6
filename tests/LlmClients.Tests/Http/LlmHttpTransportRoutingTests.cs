using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using LlmClients.Http;
using LlmClients.OpenAICompatible;
using LlmClients.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace LlmClients.Tests.Http;

/// <summary>
/// How the transport reaches the named client's handlers: straight through the chain the factory hands out (no
/// <see cref="HttpClient"/> per call) when the client adds nothing to it, through the client when it has a timeout or
/// default headers; either way, what the client's configuration says still reaches the wire.
/// </summary>
public sealed class LlmHttpTransportRoutingTests
{
    private static readonly JsonTypeInfo<JsonElement> AnyJson = (JsonTypeInfo<JsonElement>)JsonSerializerOptions.Default.GetTypeInfo(typeof(JsonElement));

    [Fact]
    public async Task SendAsync_FactoryHandsOutHandlers_EachCallGoesThroughTheCurrentHandler()
    {
        // The factory rotates its handlers (they expire): a call never keeps using one the factory has replaced.
        var first = Ok();
        var second = Ok();
        var client = Ok();
        var handlers = new Queue<HttpMessageHandler>([first, first, second]);
        var transport = Transport(new Factory(() => handlers.Dequeue(), client));

        await transport.SendAsync(Post(), AnyJson, CancellationToken.None);
        await transport.SendAsync(Post(), AnyJson, CancellationToken.None);
        await transport.SendAsync(Post(), AnyJson, CancellationToken.None);

        Assert.Equal(2, first.Attempts);
        Assert.Equal(1, second.Attempts);
        Assert.Equal(0, client.Attempts);
    }

    [Fact]
    public async Task SendAsync_NamedClientHasDefaultHeaders_SendsThroughTheClientWithThem()
    {
        var chain = Ok();
        HttpRequestMessage? seen = null;
        var client = new StubHttpHandler(null, (_, request, _) =>
        {
            seen = request;
            return Task.FromResult(Json("{}"));
        });
        var transport = Transport(new Factory(() => chain, client, c => c.DefaultRequestHeaders.Add("X-Tenant", "t1")));

        await transport.SendAsync(Post(), AnyJson, CancellationToken.None);

        Assert.Equal(0, chain.Attempts);
        Assert.Equal("t1", Assert.Single(seen!.Headers.GetValues("X-Tenant")));
    }

    [Fact]
    public async Task SendAsync_NamedClientHasATimeout_SendsThroughTheClientSoItApplies()
    {
        var chain = Ok();
        var client = new StubHttpHandler(null, (_, _, ct) => StubHttpHandler.HangAsync(ct));
        var transport = Transport(new Factory(() => chain, client, c => c.Timeout = TimeSpan.FromMilliseconds(1)));

        // HttpClient's own timeout (a TaskCanceledException over a TimeoutException): the caller did not cancel, so a timeout.
        var ex = await Assert.ThrowsAsync<LlmRequestException>(() => transport.SendAsync(Post(), AnyJson, CancellationToken.None)).WaitAsync(TimeDriver.HangGuard);

        Assert.Equal(LlmErrorKind.Timeout, ex.Kind);
        Assert.True(ex.IsTransient);
        Assert.IsType<TimeoutException>(ex.InnerException!.InnerException);
        Assert.Equal(0, chain.Attempts);
        Assert.Equal(1, client.Attempts);
    }

    [Fact]
    public async Task OpenStreamAsync_NamedClientTimeoutElapses_TimeoutNotACancellation()
    {
        var client = new StubHttpHandler(null, (_, _, ct) => StubHttpHandler.HangAsync(ct));
        var transport = Transport(new Factory(Ok, client, c => c.Timeout = TimeSpan.FromMilliseconds(1)));

        var ex = await Assert.ThrowsAsync<LlmRequestException>(() => transport.OpenStreamAsync(Post(), CancellationToken.None)).WaitAsync(TimeDriver.HangGuard);

        Assert.Equal(LlmErrorKind.Timeout, ex.Kind);
    }

    [Fact]
    public async Task SendAsync_NamedClientTimeoutButTheCallerCancelled_CallerGetsItsCancellation()
    {
        using var cts = new CancellationTokenSource();
        var client = new StubHttpHandler(null, async (_, _, ct) =>
        {
            await cts.CancelAsync();
            return await StubHttpHandler.HangAsync(ct);
        });
        var transport = Transport(new Factory(Ok, client, c => c.Timeout = TimeSpan.FromHours(1)));

        var ex = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => transport.SendAsync(Post(), AnyJson, cts.Token)).WaitAsync(TimeDriver.HangGuard);

        Assert.IsNotType<LlmRequestException>(ex);
    }

    [Fact]
    public async Task SendAsync_ChainFailsAfterTheCallerCancelled_CancellationNotANetworkError()
    {
        // What HttpClient.SendAsync does for a failure while its token is cancelled, the transport does without it.
        using var cts = new CancellationTokenSource();
        var chain = new StubHttpHandler(null, async (_, _, _) =>
        {
            await cts.CancelAsync();
            throw new HttpRequestException("connection reset");
        });
        var transport = Transport(new Factory(() => chain, Ok()));

        var ex = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => transport.SendAsync(Post(), AnyJson, cts.Token));

        Assert.IsNotType<LlmRequestException>(ex);
        Assert.Equal(cts.Token, ex.CancellationToken);
    }

    [Fact]
    public async Task OpenStreamAsync_FactoryHandsOutHandlers_GoesThroughTheChain()
    {
        var chain = StubHttpHandler.Always(() => new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent("data: {}\n\n", Encoding.UTF8, "text/event-stream") });
        var client = Ok();
        var transport = Transport(new Factory(() => chain, client));

        await using var stream = await transport.OpenStreamAsync(Post(), CancellationToken.None);

        Assert.Equal(1, chain.Attempts);
        Assert.Equal(0, client.Attempts);
    }

    [Theory]
    [InlineData("openai")]
    [InlineData("dashscope")]
    [InlineData("zhipu")]
    [InlineData("qianfan-v2")]
    public async Task GetResponseAsync_DefaultHeadersConfiguredOnTheNamedClient_ReachTheWire(string flavour)
    {
        using var host = FlavourHost.CreateWith(flavour, services => services
            .AddHttpClient(LlmProvidersBuilder.GetHttpClientName(flavour))
            .ConfigureHttpClient(c => c.DefaultRequestHeaders.Add("X-Tenant", "t1")));
        host.Respond = _ => FlavourHost.Json(HttpStatusCode.OK, flavour == "dashscope"
            ? """{"output":{"choices":[{"message":{"role":"assistant","content":"hi"},"finish_reason":"stop"}]},"request_id":"r"}"""
            : """{"id":"c","choices":[{"index":0,"message":{"role":"assistant","content":"hi"},"finish_reason":"stop"}]}""");

        var response = await host.AskAsync();

        Assert.Equal("hi", response.Text);
        Assert.Equal("t1", Assert.Single(Assert.Single(host.Calls).Headers.GetValues("X-Tenant")));
    }

    private static LlmHttpTransport Transport(IHttpClientFactory factory)
        => new(factory, "test", new OpenAIErrorMapper("openai"), TestTransport.NoRetry());

    private static HttpRequestMessage Post() => new(HttpMethod.Post, "https://x.test/c") { Content = new ByteArrayContent("{}"u8.ToArray()) };

    private static StubHttpHandler Ok() => StubHttpHandler.Always(() => Json("{}"));

    private static HttpResponseMessage Json(string body) => new(HttpStatusCode.OK) { Content = new StringContent(body, Encoding.UTF8, "application/json") };

    /// <summary>Hands out handlers (as the default factory does) and clients over another handler, so a test sees which one a call took.</summary>
    private sealed class Factory(Func<HttpMessageHandler> handlers, HttpMessageHandler clientHandler, Action<HttpClient>? configure = null) : IHttpClientFactory, IHttpMessageHandlerFactory
    {
        public HttpClient CreateClient(string name)
        {
            var client = new HttpClient(clientHandler, disposeHandler: false) { Timeout = Timeout.InfiniteTimeSpan };
            configure?.Invoke(client);
            return client;
        }

        public HttpMessageHandler CreateHandler(string name) => handlers();
    }
}
