using LlmClients.Testing;
using LlmClients.Testing.Zhipu;
using LlmClients.Zhipu;
using Microsoft.Extensions.DependencyInjection;

namespace LlmClients.IntegrationTests.Zhipu;

/// <summary>Zhipu through DI against the emulator on a real loopback socket.</summary>
public sealed class ZhipuEmulatorTests : IAsyncLifetime
{
    private LlmEmulator _emulator = null!;
    private ServiceProvider _services = null!;

    private IChatClient Chat => _services.GetRequiredKeyedService<IChatClient>("zhipu");

    public async Task InitializeAsync()
    {
        _emulator = await LlmEmulator.StartAsync();
        _services = Build(ZhipuAuthMode.Bearer);
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        await _emulator.DisposeAsync();
    }

    [Fact]
    public async Task GetResponseAsync_MultiTurn_EchoesLastUserMessage()
    {
        var response = await Chat.GetResponseAsync(
        [
            new ChatMessage(ChatRole.System, "你是一个乐于解答各种问题的助手。"),
            new ChatMessage(ChatRole.User, "我是人工智能公司的创始人"),
            new ChatMessage(ChatRole.Assistant, "好的"),
            new ChatMessage(ChatRole.User, "帮我创作一个口号"),
        ], new ChatOptions { AdditionalProperties = new() { ["request_id"] = "slogan-1" } });

        Assert.Equal(EmulatorReplies.ChatText("glm-4", "帮我创作一个口号"), response.Text);
        Assert.Equal("slogan-1", response.GetRequestId());
        Assert.Equal(ChatFinishReason.Stop, response.FinishReason);
        Assert.True(response.Usage?.TotalTokenCount > 0);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_Emulator_DeltasThenOneUsageAndFinishLast()
    {
        var updates = new List<ChatResponseUpdate>();
        await foreach (var update in Chat.GetStreamingResponseAsync([new ChatMessage(ChatRole.User, "stream me")]))
        {
            updates.Add(update);
        }

        Assert.Equal(EmulatorReplies.ChatText("glm-4", "stream me"), string.Concat(updates.Select(u => u.Text)));
        Assert.Single(updates.SelectMany(u => u.Contents).OfType<UsageContent>());
        Assert.Equal(ChatFinishReason.Stop, updates[^1].FinishReason);
        Assert.All(updates[..^1], u => Assert.Null(u.FinishReason));
        Assert.DoesNotContain("stream_options", _emulator.Requests.Snapshot().Single().Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_StreamErrorMarker_ThrowsTyped()
    {
        var ex = await Assert.ThrowsAsync<LlmRequestException>(async () =>
        {
            await foreach (var _ in Chat.GetStreamingResponseAsync([new ChatMessage(ChatRole.User, "hello there, friend " + ZhipuEmulatorMarkers.StreamError("1301"))]))
            {
            }
        });

        Assert.Equal(LlmErrorKind.ContentFiltered, ex.Kind);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_WeatherTool_ToolCallAssembled()
    {
        var updates = new List<ChatResponseUpdate>();
        await foreach (var update in Chat.GetStreamingResponseAsync([new ChatMessage(ChatRole.User, "weather in 北京")], new ChatOptions { Tools = [TestContent.Function("get_weather", "Gets the weather")] }))
        {
            updates.Add(update);
        }

        var call = Assert.Single(updates.SelectMany(u => u.Contents).OfType<FunctionCallContent>());
        Assert.Equal("get_weather", call.Name);
        Assert.Equal(EmulatorReplies.ToolArguments("weather in 北京"), call.RawArguments());
        Assert.Equal(ChatFinishReason.ToolCalls, updates[^1].FinishReason);
    }

    [Theory]
    [InlineData("1301", "content_filtered", 1)]
    [InlineData("1113", "quota_exhausted", 1)]
    [InlineData("1002", "authentication", 1)]
    [InlineData("1305", "rate_limited", 2)]
    public async Task GetResponseAsync_ErrorCodeMarker_MapsKindAndRetriesOnlyTransient(string code, string kind, int attempts)
    {
        var ex = await Assert.ThrowsAsync<LlmRequestException>(() => Chat.GetResponseAsync([new ChatMessage(ChatRole.User, "x " + ZhipuEmulatorMarkers.Error(code))]));

        Assert.Equal(kind, ex.Kind.Value);
        Assert.Equal(code, ex.ErrorCode);
        Assert.Equal(attempts, _emulator.RequestCount("chat/completions"));
    }

    [Fact]
    public async Task AsyncTasks_ProcessingThenSuccess_ReturnsResponseAfterPolls()
    {
        var tasks = Chat.GetService<IZhipuAsyncChatClient>()!;
        var seen = new List<ZhipuTaskStatus>();
        var prompt = "讲一个童话故事 " + ZhipuEmulatorMarkers.Polls(3);

        var response = await tasks.GetResponseAsync([new ChatMessage(ChatRole.User, prompt)], polling: FastPolling, progress: new SyncProgress(t => seen.Add(t.Status)));

        Assert.Equal(EmulatorReplies.ChatText("glm-4", prompt), response.Text);
        Assert.Equal(5, seen.Count); // The submission, three PROCESSING polls, SUCCESS.
        Assert.Equal(ZhipuTaskStatus.Success, seen[^1]);
        Assert.Equal(4, _emulator.RequestCount("async-result"));
    }

    [Fact]
    public async Task AsyncTasks_FailMarker_ThrowsWithTaskId()
    {
        var tasks = _services.GetRequiredKeyedService<IZhipuAsyncChatClient>("zhipu");
        var submitted = await tasks.SubmitAsync([new ChatMessage(ChatRole.User, "x " + ZhipuEmulatorMarkers.Fail + ZhipuEmulatorMarkers.Polls(1))]);

        var ex = await Assert.ThrowsAsync<LlmRequestException>(() => tasks.WaitForCompletionAsync(submitted.TaskId, FastPolling));

        Assert.Equal(submitted.TaskId, ex.Data[IZhipuAsyncChatClient.TaskIdDataKey]);
        Assert.Contains($"async task {submitted.TaskId} ended with FAIL", ex.Message, StringComparison.Ordinal);
        Assert.False(ex.IsTransient);
    }

    [Fact]
    public async Task AsyncTasks_UnknownTaskId_ThrowsNotFound()
    {
        var ex = await Assert.ThrowsAsync<LlmRequestException>(() => Chat.GetService<IZhipuAsyncChatClient>()!.GetAsync("does-not-exist"));

        Assert.Equal(LlmErrorKind.NotFound, ex.Kind);
        Assert.Equal("1214", ex.ErrorCode);
        Assert.Contains("does-not-exist", ex.Message, StringComparison.Ordinal);
        Assert.Equal("does-not-exist", ex.Data[IZhipuAsyncChatClient.TaskIdDataKey]);
    }

    [Fact]
    public async Task GenerateAsync_Embedding2AndEmbedding3_SizesAndSplitting()
    {
        var embeddings = _services.GetRequiredKeyedService<IEmbeddingClient>("zhipu");

        var two = await embeddings.GenerateAsync(["深度学习", "机器学习"]);
        var three = await embeddings.GenerateAsync([.. Enumerable.Range(0, 70).Select(i => "text " + i)], new EmbeddingGenerationOptions { ModelId = "embedding-3", Dimensions = 256 });

        Assert.All(two, e => Assert.Equal(1024, e.Vector.Length));
        Assert.Equal(EmulatorReplies.Embedding("机器学习", 1024), two[1].Vector.ToArray());
        Assert.Equal(70, three.Count);
        Assert.Equal(EmulatorReplies.Embedding("text 69", 256), three[69].Vector.ToArray());
        Assert.Equal(3, _emulator.RequestCount("embeddings"));
    }

    [Fact]
    public async Task GenerateAsync_CogView_ReturnsImageUrl()
    {
        var images = Chat.GetService<IZhipuImageClient>()!;

        var result = await images.GenerateAsync("一只可爱的小猫咪", new ZhipuImageOptions { Size = "1024x1024" });

        Assert.EndsWith(".png", Assert.Single(result.ImageUrls).AbsolutePath, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetResponseAsync_JwtMode_AcceptedByEmulator()
    {
        await using var services = Build(ZhipuAuthMode.Jwt);

        var response = await services.GetRequiredKeyedService<IChatClient>("zhipu").GetResponseAsync([new ChatMessage(ChatRole.User, "hi")]);

        Assert.Equal(EmulatorReplies.ChatText("glm-4", "hi"), response.Text);
        Assert.StartsWith("Bearer eyJ", _emulator.Requests.Snapshot().Single().Headers["authorization"], StringComparison.Ordinal);
    }

    private static ZhipuPollingOptions FastPolling => new() { InitialInterval = TimeSpan.FromMilliseconds(10), MaxInterval = TimeSpan.FromMilliseconds(20), Timeout = TimeSpan.FromSeconds(30) };

    private ServiceProvider Build(ZhipuAuthMode mode)
    {
        var services = new ServiceCollection();
        services.AddLlmProviders(b => b.AddZhipu(configure: o =>
        {
            o.BaseUrl = _emulator.Zhipu.BaseUri;
            o.ApiKey = "emulator-id.emulator-secret";
            o.AuthMode = mode;
            o.Resilience.BaseDelay = TimeSpan.FromMilliseconds(1);
            o.Resilience.MaxRetries = 1;
        }));
        return services.BuildServiceProvider();
    }

    private sealed class SyncProgress(Action<ZhipuAsyncTask> report) : IProgress<ZhipuAsyncTask>
    {
        public void Report(ZhipuAsyncTask value) => report(value);
    }
}
