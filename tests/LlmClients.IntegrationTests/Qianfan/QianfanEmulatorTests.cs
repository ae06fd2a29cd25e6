using System.Text.Json;
using LlmClients.Qianfan;
using LlmClients.Testing;
using LlmClients.Testing.Qianfan;
using LlmClients.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace LlmClients.IntegrationTests.Qianfan;

/// <summary>Qianfan v1 and v2 end to end: DI, the real handler chain, and the emulator over a loopback socket.</summary>
public sealed class QianfanEmulatorTests : IAsyncLifetime
{
    private LlmEmulator _emulator = null!;
    private ServiceProvider? _services;

    private QianfanEmulator Control => _emulator.Qianfan;

    public async Task InitializeAsync() => _emulator = await LlmEmulator.StartAsync();

    public async Task DisposeAsync()
    {
        if (_services is not null)
        {
            await _services.DisposeAsync();
        }

        await _emulator.DisposeAsync();
    }

    [Fact]
    public async Task GetResponseAsync_V1_ExchangesTokenOnceAndSendsSystemAtTopLevel()
    {
        var chat = Services().GetRequiredKeyedService<IChatClient>("qianfan");

        var first = await chat.GetResponseAsync([new ChatMessage(ChatRole.System, "Be brief."), new ChatMessage(ChatRole.User, "你好")], new ChatOptions { ModelId = "ERNIE-4.0-8K" });
        var second = await chat.GetResponseAsync("again", new ChatOptions { ModelId = "ERNIE-Speed-8K" });

        Assert.Equal(EmulatorReplies.ChatText("completions_pro", "你好"), first.Text);
        Assert.Equal(EmulatorReplies.ChatText("ernie_speed", "again"), second.Text);
        Assert.Equal(ChatFinishReason.Stop, first.FinishReason);
        Assert.True(first.Usage!.TotalTokenCount > 0);
        Assert.StartsWith("req_emu_", first.GetRequestId());
        Assert.Equal(1, Control.TokenExchangeCount);
        var request = _emulator.Requests.Snapshot().First(r => r.Path.EndsWith("/chat/completions_pro", StringComparison.Ordinal));
        Assert.Contains("access_token=24.", request.Query);
        using var body = JsonDocument.Parse(request.Body);
        Assert.Equal("Be brief.", body.RootElement.GetProperty("system").GetString());
        Assert.Equal(1, body.RootElement.GetProperty("messages").GetArrayLength());
    }

    [Fact]
    public async Task GetStreamingResponseAsync_V1_EndsOnIsEndWithOneUsage()
    {
        var chat = Services().GetRequiredKeyedService<IChatClient>("qianfan");

        var updates = new List<ChatResponseUpdate>();
        await foreach (var update in chat.GetStreamingResponseAsync("stream me", new ChatOptions { ModelId = "ERNIE-Bot-turbo" }))
        {
            updates.Add(update);
        }

        Assert.Equal(EmulatorReplies.ChatText("eb-instant", "stream me"), string.Concat(updates.Select(u => u.Text)));
        Assert.Equal(ChatFinishReason.Stop, updates[^1].FinishReason);
        var usage = Assert.Single(updates.SelectMany(u => u.Contents).OfType<UsageContent>());
        Assert.Equal(EmulatorReplies.EstimateTokens(EmulatorReplies.ChatText("eb-instant", "stream me").Length), usage.Details.OutputTokenCount);
    }

    [Fact]
    public async Task GenerateAsync_V1_40Texts_SplitsInto16sKeepingOrder()
    {
        var embeddings = Services().GetRequiredKeyedService<IEmbeddingClient>("qianfan");
        var texts = Enumerable.Range(0, 40).Select(i => $"文本 {i}").ToList();

        var result = await embeddings.GenerateAsync(texts);

        Assert.Equal(40, result.Count);
        Assert.Equal(3, _emulator.RequestCount("/embeddings/embedding-v1"));
        for (var i = 0; i < texts.Count; i++)
        {
            Assert.Equal(384, result[i].Dimensions);
            Assert.Equal(EmulatorReplies.Embedding(texts[i], 384), result[i].Vector.ToArray());
        }
    }

    [Fact]
    public async Task GetResponseAsync_TokenExpired111_RefreshesOnceAndSucceeds()
    {
        var chat = Services().GetRequiredKeyedService<IChatClient>("qianfan");
        await chat.GetResponseAsync("one");
        Control.ExpireAllTokens();

        var response = await chat.GetResponseAsync("two");

        Assert.Equal(EmulatorReplies.ChatText("ernie-lite-8k", "two"), response.Text);
        Assert.Equal(2, Control.TokenExchangeCount);
        Assert.Equal(3, _emulator.RequestCount("/chat/"));
    }

    [Fact]
    public async Task GetResponseAsync_200ConcurrentCallsColdCache_OneTokenExchange()
    {
        // The exchange is held until all 200 calls have asked the token cache (counted right after the query-token
        // handler asked it), so every call really waits on the one exchange in flight.
        var gate = new TaskCompletionSource();
        var allWaiting = new TaskCompletionSource();
        int waiting = 0;
        var chat = Services(configureServices: services =>
        {
            services.AddHttpClient(QianfanRegistration.OAuthClientName("qianfan")).AddHttpMessageHandler(() => InterceptingHandler.Hold(gate.Task));
            services.AddHttpClient(LlmProvidersBuilder.GetHttpClientName("qianfan")).ConfigureAdditionalHttpMessageHandlers((handlers, _) =>
                handlers.Insert(handlers.ToList().FindIndex(h => h is LlmClients.Auth.QueryTokenHandler), InterceptingHandler.AfterSend(() =>
                {
                    if (Interlocked.Increment(ref waiting) == 200)
                    {
                        allWaiting.TrySetResult();
                    }
                })));
        }).GetRequiredKeyedService<IChatClient>("qianfan");

        var calls = Enumerable.Range(0, 200).Select(i => Task.Run(() => chat.GetResponseAsync($"q{i}"))).ToList();
        await allWaiting.Task.WaitAsync(TimeDriver.HangGuard);
        Assert.Equal(0, _emulator.RequestCount("/chat/"));
        gate.SetResult();
        var responses = await Task.WhenAll(calls).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(200, responses.Length);
        Assert.Equal(1, Control.TokenExchangeCount);
        Assert.Equal(200, _emulator.RequestCount("/chat/"));
    }

    [Theory]
    [InlineData(18)]
    [InlineData(336100)]
    [InlineData(336501)]
    [InlineData(2)]
    public async Task GetResponseAsync_TransientCodeAtHttp200_IsRetried(int code)
    {
        var chat = Services().GetRequiredKeyedService<IChatClient>("qianfan");
        Control.EnqueueError(code);

        var response = await chat.GetResponseAsync("retry me");

        Assert.Equal(EmulatorReplies.ChatText("ernie-lite-8k", "retry me"), response.Text);
        Assert.Equal(2, _emulator.RequestCount("/chat/"));
    }

    [Fact]
    public async Task GetResponseAsync_TransientCodeEveryTime_ThrowsAfterRetries()
    {
        var chat = Services().GetRequiredKeyedService<IChatClient>("qianfan");
        Control.EnqueueError(336100, times: 10);

        var ex = await Assert.ThrowsAsync<LlmRequestException>(() => chat.GetResponseAsync("x"));

        Assert.Equal("336100", ex.ErrorCode);
        Assert.True(ex.IsTransient);
        Assert.Equal(4, _emulator.RequestCount("/chat/"));
    }

    [Fact]
    public async Task GetResponseAsync_DailyLimit17_NotRetried()
    {
        var chat = Services().GetRequiredKeyedService<IChatClient>("qianfan");
        Control.EnqueueError(17);

        var ex = await Assert.ThrowsAsync<LlmRequestException>(() => chat.GetResponseAsync("x"));

        Assert.Equal(LlmErrorKind.QuotaExhausted, ex.Kind);
        Assert.Equal(1, _emulator.RequestCount("/chat/"));
    }

    [Fact]
    public async Task GetStreamingResponseAsync_ErrorInsteadOfStream_Throws()
    {
        var chat = Services().GetRequiredKeyedService<IChatClient>("qianfan");
        Control.EnqueueError(336003, message: "message content can not be empty");

        var ex = await Assert.ThrowsAsync<LlmRequestException>(async () =>
        {
            await foreach (var _ in chat.GetStreamingResponseAsync("x"))
            {
            }
        });

        Assert.Equal("336003", ex.ErrorCode);
        Assert.Equal(LlmErrorKind.InvalidRequest, ex.Kind);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_TokenExpired_RefreshesAndStreams()
    {
        var chat = Services().GetRequiredKeyedService<IChatClient>("qianfan");
        await chat.GetResponseAsync("warm");
        Control.ExpireAllTokens();

        var text = string.Concat(await ToListAsync(chat.GetStreamingResponseAsync("after expiry")));

        Assert.Equal(EmulatorReplies.ChatText("ernie-lite-8k", "after expiry"), text);
        Assert.Equal(2, Control.TokenExchangeCount);
    }

    [Theory]
    [InlineData("bad-key", "sk", "ApiKey")]
    [InlineData("ak", QianfanEmulator.RejectedSecretKey, "SecretKey")]
    public async Task GetResponseAsync_RejectedCredentials_AuthenticationErrorNamesSettingNotValue(string ak, string sk, string setting)
    {
        var chat = Services(o => { o.ApiKey = ak; o.SecretKey = sk; }).GetRequiredKeyedService<IChatClient>("qianfan");

        var ex = await Assert.ThrowsAsync<LlmRequestException>(() => chat.GetResponseAsync("x"));

        Assert.Equal(LlmErrorKind.Authentication, ex.Kind);
        Assert.Contains(setting, ex.Message);
        Assert.DoesNotContain(ak == "ak" ? sk : ak, ex.Message);
        Assert.Equal(0, _emulator.RequestCount("/chat/"));
    }

    [Fact]
    public async Task GetResponseAsync_V2_UsesOpenAICompatibleRoutesWithBearerAndAppId()
    {
        var services = Services(o =>
        {
            o.ApiKey = null;
            o.SecretKey = null;
            o.V2ApiKey = "bce-v3/ALTAK-emulator/secret";
            o.AppId = "app-123";
        });
        var chat = services.GetRequiredKeyedService<IChatClient>("qianfan");
        var embeddings = services.GetRequiredKeyedService<IEmbeddingClient>("qianfan");

        var response = await chat.GetResponseAsync([new ChatMessage(ChatRole.System, "sys"), new ChatMessage(ChatRole.User, "hello v2")]);
        var streamed = string.Concat(await ToListAsync(chat.GetStreamingResponseAsync("stream v2")));
        var vectors = await embeddings.GenerateAsync(["a", "b"]);

        Assert.Equal(EmulatorReplies.ChatText("ernie-lite-8k", "hello v2"), response.Text);
        Assert.Equal(EmulatorReplies.ChatText("ernie-lite-8k", "stream v2"), streamed);
        Assert.Equal(2, vectors.Count);
        var request = _emulator.Requests.Snapshot().First(r => r.Path == "/v2/chat/completions");
        Assert.Equal("Bearer bce-v3/ALTAK-emulator/secret", request.Headers["authorization"]);
        Assert.Equal("app-123", request.Headers["appid"]);
        Assert.Equal(0, Control.TokenExchangeCount);
        Assert.Equal("qianfan", chat.GetService<ChatClientMetadata>()?.ProviderName);
    }

    private static async Task<List<string>> ToListAsync(IAsyncEnumerable<ChatResponseUpdate> updates)
    {
        var list = new List<string>();
        await foreach (var update in updates)
        {
            list.Add(update.Text);
        }

        return list;
    }

    private ServiceProvider Services(Action<QianfanOptions>? configure = null, Action<IServiceCollection>? configureServices = null)
    {
        var services = new ServiceCollection();
        services.AddLlmProviders(b => b.AddQianfan("qianfan", o =>
        {
            o.ApiKey = "ak";
            o.SecretKey = "sk";
            o.OAuthBaseUrl = _emulator.Qianfan.OAuthBaseUri;
            o.BaseUrl = _emulator.Qianfan.BaseUri;
            o.V2BaseUrl = _emulator.Qianfan.V2BaseUri;
            o.Resilience.BaseDelay = TimeSpan.Zero;
            configure?.Invoke(o);
        }));
        configureServices?.Invoke(services);
        _services = services.BuildServiceProvider();
        return _services;
    }
}
