using LlmClients.DashScope;
using LlmClients.Testing;
using LlmClients.Testing.DashScope;
using Microsoft.Extensions.DependencyInjection;

namespace LlmClients.IntegrationTests.DashScope;

/// <summary>End to end through DI and the emulator over a real loopback socket.</summary>
public sealed class DashScopeEmulatorTests : IAsyncLifetime
{
    private LlmEmulator _emulator = null!;
    private ServiceProvider _services = null!;

    public async Task InitializeAsync()
    {
        _emulator = await LlmEmulator.StartAsync();
        var services = new ServiceCollection();
        services.AddLlmProviders(b => b
            .AddDashScope(configure: o => Configure(o))
            .AddDashScope("quirky", o => Configure(o))
            .AddDashScope("compat", o => { Configure(o); o.Mode = DashScopeMode.Compatible; })
            .AddDashScope("uncapped", o => { Configure(o); o.MaxEmbeddingBatchSize = 30; })
            .AddDashScope("badkey", o => { Configure(o); o.ApiKey = "bad-key"; }));
        _services = services.BuildServiceProvider();
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        await _emulator.DisposeAsync();
    }

    private void Configure(DashScopeOptions o)
    {
        o.ApiKey = "emulator-key";
        o.BaseUrl = _emulator.DashScope.BaseUri;
        o.DefaultModel = "qwen-turbo";
        o.DefaultEmbeddingModel = "text-embedding-v2";
        o.Resilience.BaseDelay = TimeSpan.FromMilliseconds(1);
    }

    private IChatClient Chat(string name = "dashscope")
    {
        // "quirky" streams reproduce the recorded transport quirks; each test gets its own emulator.
        _emulator.DashScope.StreamQuirks = name == "quirky" ? DashScopeStreamQuirks.NoSeparators | DashScopeStreamQuirks.Gzip : DashScopeStreamQuirks.None;
        return _services.GetRequiredKeyedService<IChatClient>(name);
    }

    private IEmbeddingClient Embeddings(string name = "dashscope") => _services.GetRequiredKeyedService<IEmbeddingClient>(name);

    private static async Task<(string Text, string Reasoning, List<ChatResponseUpdate> Updates)> StreamAsync(IAsyncEnumerable<ChatResponseUpdate> stream)
    {
        var updates = new List<ChatResponseUpdate>();
        await foreach (var update in stream)
        {
            updates.Add(update);
        }

        return (string.Concat(updates.Select(u => u.Text)), string.Concat(updates.Select(u => u.ReasoningText())), updates);
    }

    [Theory]
    [InlineData("dashscope")]
    [InlineData("compat")]
    public async Task GetResponseAsync_Hello_ReturnsEchoWithUsageAndRequestId(string name)
    {
        var response = await Chat(name).GetResponseAsync("你好");

        Assert.Equal(EmulatorReplies.ChatText("qwen-turbo", "你好"), response.Text);
        Assert.Equal(ChatFinishReason.Stop, response.FinishReason);
        Assert.True(response.Usage!.TotalTokenCount > 0);
        Assert.False(string.IsNullOrEmpty(response.GetRequestId()));
    }

    [Fact]
    public async Task GetResponseAsync_TextResultFormat_UsesPromptAndOutputText()
    {
        var response = await Chat().GetResponseAsync("1+1?", new ChatOptions { AdditionalProperties = new() { ["result_format"] = "text" } });

        Assert.Equal(EmulatorReplies.ChatText("qwen-turbo", "1+1?"), response.Text);
        Assert.Equal("1+1?", System.Text.Json.Nodes.JsonNode.Parse(_emulator.Requests.Snapshot()[^1].Body)!["input"]!["prompt"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("dashscope", null)]
    [InlineData("dashscope", false)]
    [InlineData("quirky", null)]
    [InlineData("quirky", false)]
    public async Task GetStreamingResponseAsync_TextResultFormat_SendsPromptAndStreamsOutputTextAsDeltas(string name, bool? incremental)
    {
        var extras = new AdditionalPropertiesDictionary { ["result_format"] = "text" };
        if (incremental is not null)
        {
            extras["incremental_output"] = incremental.Value;
        }

        var (text, _, updates) = await StreamAsync(Chat(name).GetStreamingResponseAsync("写一首诗", new ChatOptions { AdditionalProperties = extras }));

        var sent = System.Text.Json.Nodes.JsonNode.Parse(_emulator.Requests.Snapshot()[^1].Body)!;
        Assert.Equal("写一首诗", sent["input"]!["prompt"]!.GetValue<string>());
        Assert.Null(sent["input"]!["messages"]);
        Assert.Equal(EmulatorReplies.ChatText("qwen-turbo", "写一首诗"), text);
        Assert.Equal(EmulatorReplies.SplitForStreaming(text).Count, updates.Count(u => u.Text.Length > 0));
        Assert.Single(updates.SelectMany(u => u.Contents).OfType<UsageContent>());
        Assert.Equal(ChatFinishReason.Stop, updates[^1].FinishReason);
    }

    [Theory]
    [InlineData("dashscope", null)]
    [InlineData("dashscope", false)]
    [InlineData("quirky", null)]
    [InlineData("quirky", false)]
    [InlineData("compat", null)]
    public async Task GetStreamingResponseAsync_IncrementalCumulativeNoSeparatorsGzip_YieldsDeltasAndOneUsage(string name, bool? incremental)
    {
        var options = new ChatOptions { ModelId = "qwen-plus", AdditionalProperties = incremental is null ? null : new() { ["incremental_output"] = incremental.Value } };

        var (text, _, updates) = await StreamAsync(Chat(name).GetStreamingResponseAsync("写一首诗", options));

        Assert.Equal(EmulatorReplies.ChatText("qwen-plus", "写一首诗"), text);
        Assert.Single(updates.SelectMany(u => u.Contents).OfType<UsageContent>());
        Assert.Equal(ChatFinishReason.Stop, updates[^1].FinishReason);
        Assert.Equal(EmulatorReplies.SplitForStreaming(text).Count, updates.Count(u => u.Text.Length > 0));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task GetStreamingResponseAsync_Thinking_SeparatesReasoning(bool incremental)
    {
        var options = new ChatOptions { ModelId = "qwen-plus", AdditionalProperties = new() { ["enable_thinking"] = true, ["incremental_output"] = incremental } };

        var (text, reasoning, _) = await StreamAsync(Chat().GetStreamingResponseAsync("1+1", options));

        Assert.Equal(EmulatorReplies.ReasoningText("qwen-plus", "1+1"), reasoning);
        Assert.Equal(EmulatorReplies.ChatText("qwen-plus", "1+1"), text);
    }

    [Theory]
    [InlineData("dashscope")]
    [InlineData("quirky")]
    public async Task GetStreamingResponseAsync_ToolCall_AssembledFromEmptyIdContinuations(string name)
    {
        var options = new ChatOptions { Tools = [TestContent.Function("get_current_weather", null, """{"type":"object","properties":{"location":{"type":"string"}}}""")] };

        var (_, _, updates) = await StreamAsync(Chat(name).GetStreamingResponseAsync("杭州天气", options));

        var call = Assert.Single(updates.SelectMany(u => u.Contents).OfType<FunctionCallContent>());
        Assert.Equal("get_current_weather", call.Name);
        Assert.StartsWith("call_emu_", call.CallId, StringComparison.Ordinal);
        Assert.Equal(EmulatorReplies.ToolArguments("杭州天气"), call.RawArguments());
        Assert.Equal("杭州天气", Assert.IsType<System.Text.Json.JsonElement>(call.Arguments!["location"]).GetString());
        Assert.Equal(ChatFinishReason.ToolCalls, updates[^1].FinishReason);
    }

    [Theory]
    [InlineData("dashscope")]
    [InlineData("quirky")]
    public async Task GetStreamingResponseAsync_ToolCallWithIncrementalOutputOff_CumulativeArgumentsNotRepeated(string name)
    {
        var options = new ChatOptions
        {
            Tools = [TestContent.Function("get_current_weather", null, """{"type":"object","properties":{"location":{"type":"string"}}}""")],
            AdditionalProperties = new() { ["incremental_output"] = false },
        };

        var (_, _, updates) = await StreamAsync(Chat(name).GetStreamingResponseAsync("杭州天气", options));

        var call = Assert.Single(updates.SelectMany(u => u.Contents).OfType<FunctionCallContent>());
        Assert.Equal(EmulatorReplies.ToolArguments("杭州天气"), call.RawArguments());
        Assert.Equal("杭州天气", Assert.IsType<System.Text.Json.JsonElement>(call.Arguments!["location"]).GetString());
        Assert.Equal(ChatFinishReason.ToolCalls, updates[^1].FinishReason);
    }

    [Fact]
    public async Task GetResponseAsync_ToolCallNonStreaming_DetectedDespiteFinishReasonStop()
    {
        var options = new ChatOptions { Tools = [TestContent.Function("get_current_weather", null, """{"type":"object"}""")] };

        var response = await Chat().GetResponseAsync("杭州天气", options);

        Assert.Single(response.ToolCalls());
        Assert.Equal(ChatFinishReason.ToolCalls, response.FinishReason);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_ParameterErrorInStream_ThrowsTypedFromErrorEventAt200()
    {
        // A role the native API does not know (an empty message is now refused before any call).
        ChatMessage[] messages = [new(new ChatRole("narrator"), "hi")];

        var ex = await Assert.ThrowsAsync<LlmRequestException>(() => StreamAsync(Chat("quirky").GetStreamingResponseAsync(messages)));

        Assert.Equal(400, ex.StatusCode);
        Assert.Equal("InvalidParameter", ex.ErrorCode);
        Assert.StartsWith("req_emu_", ex.RequestId, StringComparison.Ordinal);
        Assert.Equal(LlmErrorKind.InvalidRequest, ex.Kind);
    }

    [Theory]
    [InlineData("dashscope")]
    [InlineData("quirky")]
    public async Task GetStreamingResponseAsync_ErrorMidStream_ThrowsServerErrorAfterSomeText(string name)
    {
        // The error event comes last, after result events whose comments say ":HTTP_STATUS/200"; "quirky" adds gzip and no separators.
        _emulator.Faults.Enqueue(EmulatorFault.ErrorMidStream(2), "generation");
        var received = new List<ChatResponseUpdate>();

        var ex = await Assert.ThrowsAsync<LlmRequestException>(async () =>
        {
            await foreach (var update in Chat(name).GetStreamingResponseAsync("hello there friend"))
            {
                received.Add(update);
            }
        });

        Assert.Equal(500, ex.StatusCode);
        Assert.Equal("InternalError", ex.ErrorCode);
        Assert.Equal(2, received.Count);
        Assert.Equal(LlmErrorKind.ServerError, ex.Kind);
        Assert.StartsWith("req_emu_", ex.RequestId, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetResponseAsync_RejectedKey_ThrowsAuthenticationNotTransient()
    {
        var ex = await Assert.ThrowsAsync<LlmRequestException>(() => Chat("badkey").GetResponseAsync("hi"));

        Assert.Equal(LlmErrorKind.Authentication, ex.Kind);
        Assert.Equal("InvalidApiKey", ex.ErrorCode);
        Assert.False(ex.IsTransient);
        Assert.DoesNotContain("bad-key", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetResponseAsync_ThrottlingThenSuccess_Retried()
    {
        _emulator.Faults.Enqueue(EmulatorFault.Status(429), "generation");

        var response = await Chat().GetResponseAsync("hi");

        Assert.Equal(EmulatorReplies.ChatText("qwen-turbo", "hi"), response.Text);
        Assert.Equal(2, _emulator.RequestCount("generation"));
    }

    [Theory]
    [InlineData("dashscope", "text-embedding-v1", 60, 1536)]
    [InlineData("dashscope", "text-embedding-v2", 30, 1536)]
    [InlineData("dashscope", "text-embedding-v3", 15, 1024)]
    [InlineData("compat", "text-embedding-v2", 30, 1536)]
    [InlineData("compat", "text-embedding-v4", 11, 1024)]
    public async Task GenerateAsync_MoreTextsThanCap_SplitsAndKeepsOrder(string name, string model, int count, int dimensions)
    {
        var texts = Enumerable.Range(0, count).Select(i => $"文本{i}").ToList();

        var result = await Embeddings(name).GenerateAsync(texts, new EmbeddingGenerationOptions { ModelId = model }.WithInputType(EmbeddingInputType.Document));

        Assert.Equal(count, result.Count);
        for (int i = 0; i < count; i++)
        {
            Assert.Equal(EmulatorReplies.Embedding(texts[i], dimensions), result[i].Vector.ToArray());
        }

        Assert.True(result.Usage!.TotalTokenCount >= count);
    }

    [Theory]
    [InlineData("dashscope")]
    [InlineData("compat")]
    public async Task GenerateAsync_V4Dimension_ReturnsThatManyDimensions(string name)
    {
        var result = await Embeddings(name).GenerateAsync(["机器学习"], new EmbeddingGenerationOptions { ModelId = "text-embedding-v4", Dimensions = 512 });

        Assert.Equal(512, result[0].Dimensions);
    }

    [Fact]
    public async Task GenerateAsync_CapOverriddenAboveService_EmulatorRejectsLikeService()
    {
        var ex = await Assert.ThrowsAsync<LlmRequestException>(() => Embeddings("uncapped").GenerateAsync(Enumerable.Range(0, 30).Select(i => $"t{i}"), new EmbeddingGenerationOptions { ModelId = "text-embedding-v3" }));

        Assert.Equal(400, ex.StatusCode);
        Assert.Contains("should not be larger than 10", ex.VendorMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("dashscope")]
    [InlineData("compat")]
    public async Task DocumentChat_UploadedFile_ListGetStreamDelete(string name)
    {
        var files = _services.GetRequiredKeyedService<IDashScopeFileClient>(name);
        Assert.Same(files, Chat(name).GetService(typeof(IDashScopeFileClient)));
        var path = Path.Combine(Path.GetTempPath(), $"百炼-{Guid.NewGuid():N}.txt");
        await File.WriteAllTextAsync(path, "百炼手机产品介绍：续航 48 小时。");
        try
        {
            var file = await files.UploadAsync(path);
            Assert.StartsWith("file-fe-", file.Id, StringComparison.Ordinal);
            Assert.Equal("processed", file.Status);
            Assert.Contains(file.Id, (await files.ListAsync()).Files.Select(f => f.Id));
            Assert.Equal(Path.GetFileName(path), (await files.GetAsync(file.Id)).FileName);

            ChatMessage[] messages = [new(ChatRole.System, "You are a helpful assistant."), DashScopeDocuments.CreateFileReferenceMessage(file.Id), new(ChatRole.User, "续航多久？")];
            var (text, _, _) = await StreamAsync(Chat(name).GetStreamingResponseAsync(messages, new ChatOptions { ModelId = "qwen-long" }));

            Assert.Equal(EmulatorReplies.ChatText("qwen-long", "续航多久？"), text);
            Assert.Contains($"fileid://{file.Id}", _emulator.Requests.Snapshot()[^1].Body, StringComparison.Ordinal);
            Assert.True(await files.DeleteAsync(file.Id));
            var gone = await Assert.ThrowsAsync<LlmRequestException>(() => files.GetAsync(file.Id));
            Assert.Equal(LlmErrorKind.NotFound, gone.Kind);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task DocumentChat_InlineText_Streams()
    {
        ChatMessage[] messages = [new(ChatRole.System, "You are a helpful assistant."), DashScopeDocuments.CreateTextDocumentMessage("第一章：机器学习。"), new(ChatRole.User, "总结")];

        var (text, _, _) = await StreamAsync(Chat().GetStreamingResponseAsync(messages, new ChatOptions { ModelId = "qwen-long" }));

        Assert.Equal(EmulatorReplies.ChatText("qwen-long", "总结"), text);
    }

    [Fact]
    public async Task UploadAsync_BadPurpose_ThrowsTypedError()
    {
        var files = _services.GetRequiredKeyedService<IDashScopeFileClient>("dashscope");

        var ex = await Assert.ThrowsAsync<LlmRequestException>(() => files.UploadAsync(new MemoryStream("x"u8.ToArray()), "a.txt", "fine-tune"));

        Assert.Equal(400, ex.StatusCode);
        Assert.Equal("'purpose' must be 'file-extract'", ex.VendorMessage);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("<html><head><title>413 Request Entity Too Large</title></head></html>")]
    public async Task UploadAsync_ServiceSaysTooLarge_ThrowsTyped413NotRetried(string? body)
    {
        var files = _services.GetRequiredKeyedService<IDashScopeFileClient>("dashscope");
        _emulator.Faults.Enqueue(EmulatorFault.Status(413, body: body), "files");
        var before = _emulator.RequestCount("files");

        var ex = await Assert.ThrowsAsync<LlmRequestException>(() => files.UploadAsync(new MemoryStream("x"u8.ToArray()), "big.pdf"));

        Assert.Equal(413, ex.StatusCode);
        Assert.Equal(LlmErrorKind.InvalidRequest, ex.Kind);
        Assert.False(ex.IsTransient);
        Assert.False(string.IsNullOrEmpty(ex.RequestId));
        Assert.Equal(before + 1, _emulator.RequestCount("files"));
    }

    [Fact]
    public async Task GetResponseAsync_UnknownFileId_ThrowsTypedError()
    {
        ChatMessage[] messages = [DashScopeDocuments.CreateFileReferenceMessage("file-fe-missing"), new(ChatRole.User, "?")];

        var ex = await Assert.ThrowsAsync<LlmRequestException>(() => Chat().GetResponseAsync(messages, new ChatOptions { ModelId = "qwen-long" }));

        Assert.Equal(400, ex.StatusCode);
        Assert.Contains("file-fe-missing", ex.VendorMessage, StringComparison.Ordinal);
    }
}
