using System.Text.Json.Nodes;
using LlmClients.Spark;
using LlmClients.Testing;
using LlmClients.Testing.Spark;
using Microsoft.Extensions.DependencyInjection;
using FakeClock = Microsoft.Extensions.Time.Testing.FakeTimeProvider;

namespace LlmClients.IntegrationTests.Spark;

/// <summary>Spark through DI against the emulator on a real loopback socket: the quirks end to end.</summary>
public sealed class SparkEmulatorTests : IAsyncLifetime
{
    private const string Password = "spark-it-PASSWORD";
    private LlmEmulator _emulator = null!;

    public async Task InitializeAsync() => _emulator = await LlmEmulator.StartAsync();

    public async Task DisposeAsync() => await _emulator.DisposeAsync();

    [Fact]
    public async Task GenerateAsync_QueryInputType_SendsDomainQueryAndGets2560Floats()
    {
        using var services = Build();

        var result = await Embeddings(services).GenerateAsync(["深度学习"], new EmbeddingGenerationOptions().WithInputType(EmbeddingInputType.Query));

        Assert.Equal(EmulatorReplies.Embedding("深度学习", 2560), result[0].Vector.ToArray());
        var request = Assert.Single(_emulator.Spark.Requests.Snapshot());
        Assert.Equal("query", JsonNode.Parse(request.Body)!["parameter"]!["emb"]!["domain"]!.GetValue<string>());
        Assert.StartsWith("emb", result.GetRequestId(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task GenerateAsync_WrongSecret_EmulatorRejectsSignatureAsAuthenticationError()
    {
        using var services = Build(o => o.AppSecret = "not-the-secret");

        var ex = await Assert.ThrowsAsync<LlmRequestException>(() => Embeddings(services).GenerateAsync(["a"]));

        Assert.Equal(401, ex.StatusCode);
        Assert.Equal(LlmErrorKind.Authentication, ex.Kind);
        Assert.Contains("HMAC signature does not match", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("not-the-secret", ex.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task GenerateAsync_ClientClockSixMinutesOff_EmulatorRejectsTheDateWith403()
    {
        var clock = new FakeClock(DateTimeOffset.UtcNow.AddMinutes(-6));
        using var services = Build(services: s => s.AddSingleton<TimeProvider>(clock));

        var ex = await Assert.ThrowsAsync<LlmRequestException>(() => Embeddings(services).GenerateAsync(["a"]));

        Assert.Equal(403, ex.StatusCode);
        Assert.Contains("valid date", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GenerateAsync_RetriedAfter503_IsSignedAgainAndSucceeds()
    {
        using var services = Build();
        _emulator.Faults.Enqueue(EmulatorFault.FailTimes(1, 503), "/spark/emb/");

        var result = await Embeddings(services).GenerateAsync(["重试"]);

        Assert.Equal(EmulatorReplies.Embedding("重试", 2560), result[0].Vector.ToArray());
        Assert.Equal(2, _emulator.Spark.Requests.CountMatching("/spark/emb/"));
    }

    [Fact]
    public async Task GenerateAsync_HeaderCodeMarker_ThrowsQuotaExhausted()
    {
        using var services = Build();

        var ex = await Assert.ThrowsAsync<LlmRequestException>(() => Embeddings(services).GenerateAsync(["ok", "配额 " + SparkEmulatorMarkers.Error(11200)]));

        Assert.Equal(LlmErrorKind.QuotaExhausted, ex.Kind);
        Assert.Equal("11200", ex.ErrorCode);
        Assert.False(ex.IsTransient);
    }

    [Fact]
    public async Task GetResponseAsync_ContentFilterCodeAtHttp200_ThrowsContentFiltered()
    {
        using var services = Build();

        var ex = await Assert.ThrowsAsync<LlmRequestException>(() => Chat(services).GetResponseAsync("违规 " + SparkEmulatorMarkers.Error(10013)));

        Assert.Equal(LlmErrorKind.ContentFiltered, ex.Kind);
        Assert.Equal(200, ex.StatusCode);
        Assert.Equal(1, _emulator.Spark.Requests.CountMatching("chat/completions")); // Final: not retried.
        Assert.StartsWith("cha", ex.RequestId, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetResponseAsync_RateLimitCodeAtHttp200_IsRetried()
    {
        using var services = Build();

        var ex = await Assert.ThrowsAsync<LlmRequestException>(() => Chat(services).GetResponseAsync("busy " + SparkEmulatorMarkers.Error(11202)));

        Assert.Equal(LlmErrorKind.RateLimited, ex.Kind);
        Assert.True(ex.IsTransient);
        Assert.Equal(4, _emulator.Spark.Requests.CountMatching("chat/completions")); // The first try and three retries.
    }

    [Fact]
    public async Task GetStreamingResponseAsync_ErrorChunkMidStream_ThrowsOutputFiltered()
    {
        using var services = Build();
        var received = new List<ChatResponseUpdate>();

        var ex = await Assert.ThrowsAsync<LlmRequestException>(async () =>
        {
            await foreach (var update in Chat(services).GetStreamingResponseAsync("a long enough reply to stream " + SparkEmulatorMarkers.StreamError(10014)))
            {
                received.Add(update);
            }
        });

        Assert.Equal(LlmErrorKind.ContentFiltered, ex.Kind);
        Assert.NotEmpty(received);
    }

    [Fact]
    public async Task GetResponseAsync_ToolCallsSwitch_ArrayWithRoleToolBecomesAnAssistantCall()
    {
        using var services = Build();
        var options = new ChatOptions
        {
            Tools = [AIFunctionFactory.Create((string city) => "晴", "get_weather")],
            AdditionalProperties = new() { ["tool_calls_switch"] = true },
        };

        var response = await Chat(services).GetResponseAsync("北京天气", options);

        var call = Assert.Single(response.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>());
        Assert.StartsWith("call_cha", call.CallId, StringComparison.Ordinal); // The array form carries Spark's own id.
        Assert.Equal(ChatRole.Assistant, response.Messages[^1].Role);
        Assert.True(JsonNode.Parse(_emulator.Spark.Requests.Snapshot().Single().Body)!["tool_calls_switch"]!.GetValue<bool>());
    }

    [Fact]
    public async Task GetStreamingResponseAsync_X1_ReasoningThenTextAndUsageFromItsOwnLastChunk()
    {
        using var services = Build();

        var updates = new List<ChatResponseUpdate>();
        await foreach (var update in Chat(services).GetStreamingResponseAsync("想一想", new ChatOptions { ModelId = "x1", Reasoning = new ReasoningOptions { Effort = ReasoningEffort.Medium } }))
        {
            updates.Add(update);
        }

        Assert.Equal(EmulatorReplies.ReasoningText("x1", "想一想"), string.Concat(updates.Select(u => u.Contents.OfType<TextReasoningContent>().Select(r => r.Text).FirstOrDefault())));
        Assert.Equal(EmulatorReplies.ChatText("x1", "想一想"), string.Concat(updates.Select(u => u.Text)));
        Assert.Single(updates.SelectMany(u => u.Contents).OfType<UsageContent>());
        Assert.Equal(ChatFinishReason.Stop, updates[^1].FinishReason);
        Assert.Equal(1, _emulator.Spark.Requests.CountMatching("/spark/v2/chat/completions"));
    }

    [Fact]
    public async Task GetResponseAsync_RejectedPassword_ThrowsAuthenticationWithoutThePassword()
    {
        using var services = Build(o => o.ApiKey = "bad-key");

        var ex = await Assert.ThrowsAsync<LlmRequestException>(() => Chat(services).GetResponseAsync("hi"));

        Assert.Equal(LlmErrorKind.Authentication, ex.Kind);
        Assert.Equal(401, ex.StatusCode);
    }

    private static IChatClient Chat(ServiceProvider services) => services.GetRequiredKeyedService<IChatClient>("spark");

    private static IEmbeddingClient Embeddings(ServiceProvider services) => services.GetRequiredKeyedService<IEmbeddingClient>("spark");

    private ServiceProvider Build(Action<SparkOptions>? configure = null, Action<IServiceCollection>? services = null)
    {
        var collection = new ServiceCollection();
        services?.Invoke(collection);
        collection.AddLlmProviders(b => b.AddSpark(configure: o =>
        {
            o.ApiKey = Password;
            o.AppId = _emulator.Spark.AppId;
            o.AppKey = _emulator.Spark.AppKey;
            o.AppSecret = _emulator.Spark.AppSecret;
            o.BaseUrl = _emulator.Spark.BaseUri;
            o.X1BaseUrl = _emulator.Spark.X1BaseUri;
            o.EmbeddingUrl = _emulator.Spark.EmbeddingUri;
            o.Resilience.BaseDelay = TimeSpan.FromMilliseconds(1);
            o.Resilience.MaxDelay = TimeSpan.FromMilliseconds(5);
            configure?.Invoke(o);
        }));
        return collection.BuildServiceProvider();
    }
}
