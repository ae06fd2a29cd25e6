using System.Diagnostics;
using System.Reflection;
using LlmClients.IntegrationTests.Flavours;
using LlmClients.OpenAI;
using LlmClients.Testing;
using LlmClients.Zhipu;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Metrics;

namespace LlmClients.IntegrationTests.Telemetry;

/// <summary>The collection of the telemetry tests: OpenTelemetry listeners are process-wide, so these run alone.</summary>
[CollectionDefinition("Telemetry", DisableParallelization = true)]
public sealed class TelemetryTestsRunAlone;

/// <summary>
/// What an app that subscribes to <see cref="LlmClientsTelemetry"/>'s names sees, on every flavour (plus an
/// OpenAI-compatible instance configured as <c>deepseek</c>): the GenAI call span, one <c>http_attempt</c> span per attempt
/// under it, token-exchange and poll spans, metric points tagged with the instance, logs with stable event ids, and never
/// a secret or a message content.
/// </summary>
[Collection("Telemetry")]
public sealed class TelemetryEndToEndTests
{
    private const string Prompt = "purple-elephant-7731 says hi";
    private const string DeepSeekKey = "sk-deepseek-telemetry-secret";

    public static TheoryData<string> Names => [.. AllFlavours.Names, "deepseek"];

    [Theory]
    [MemberData(nameof(Names))]
    public async Task GetResponseAsync_EveryFlavour_CallSpanWithOneAttemptSpanUnderIt(string name)
    {
        using var capture = new TelemetryCapture();
        await using var emulator = await LlmEmulator.StartAsync();
        await using var services = Build(emulator, capture);

        await services.GetRequiredKeyedService<IChatClient>(name).GetResponseAsync("hello");

        var call = Assert.Single(capture.CallSpans);
        Assert.Equal("chat", call.GetTagItem("gen_ai.operation.name"));
        Assert.Equal(Provider(name), call.GetTagItem("gen_ai.provider.name"));
        Assert.NotNull(call.GetTagItem("gen_ai.usage.output_tokens"));
        var attempt = Assert.Single(capture.Ours("http_attempt"));
        Assert.Equal(call.SpanId, attempt.ParentSpanId);
        AssertInstance(attempt, name);
        Assert.Equal(Model(name), attempt.GetTagItem("gen_ai.request.model"));
        Assert.Equal(emulator.OpenAI.BaseUri.Host, attempt.GetTagItem("server.address"));
        Assert.Equal(1, attempt.GetTagItem("llmclients.attempt"));
        Assert.Equal(200, attempt.GetTagItem("http.response.status_code"));
        Assert.Null(attempt.GetTagItem("error.type"));
        Assert.Null(attempt.GetTagItem("llmclients.retry.delay"));
    }

    [Theory]
    [MemberData(nameof(Names))]
    public async Task GetStreamingResponseAsync_EveryFlavour_TimeToFirstChunkAndPerChunkPointsOfTheInstance(string name)
    {
        using var capture = new TelemetryCapture();
        await using var emulator = await LlmEmulator.StartAsync();
        await using var services = Build(emulator, capture);

        var updates = 0;
        await foreach (var update in services.GetRequiredKeyedService<IChatClient>(name).GetStreamingResponseAsync("one two three four"))
        {
            updates++;
        }

        Assert.True(updates > 1);
        var call = Assert.Single(capture.CallSpans);
        Assert.Equal(Provider(name), call.GetTagItem("gen_ai.provider.name"));
        Assert.Equal(call.SpanId, Assert.Single(capture.Ours("http_attempt")).ParentSpanId);
        var first = Assert.Single(capture.Points("llmclients.client.operation.time_to_first_chunk", name));
        Assert.Equal(1, first.GetHistogramCount());
        AssertTags(first, name);
        var perChunk = Assert.Single(capture.Points("llmclients.client.operation.time_per_output_chunk", name));
        Assert.Equal(updates - 1, perChunk.GetHistogramCount());
        var names = capture.AllMetrics().Select(m => m.Name).ToHashSet();
        Assert.Contains("gen_ai.client.operation.time_to_first_chunk", names);
        Assert.Contains("gen_ai.client.token.usage", names);
    }

    [Theory]
    [MemberData(nameof(Names))]
    public async Task GenerateAsync_EveryFlavour_EmbeddingsSpanWithOneAttemptSpanUnderIt(string name)
    {
        using var capture = new TelemetryCapture();
        await using var emulator = await LlmEmulator.StartAsync();
        await using var services = Build(emulator, capture);

        // Spark embeds one text per request; the others take both in one.
        string[] texts = name == "spark" ? ["a"] : ["a", "b"];
        await services.GetRequiredKeyedService<IEmbeddingClient>(name).GenerateAsync(texts, new EmbeddingGenerationOptions { ModelId = EmbeddingModel(name) });

        var call = Assert.Single(capture.CallSpans);
        Assert.Equal("embeddings", call.GetTagItem("gen_ai.operation.name"));
        Assert.Equal(Provider(name), call.GetTagItem("gen_ai.provider.name"));
        var attempt = Assert.Single(capture.Ours("http_attempt"));
        Assert.Equal(call.SpanId, attempt.ParentSpanId);
        AssertInstance(attempt, name);
        Assert.Equal(EmbeddingModel(name), attempt.GetTagItem("gen_ai.request.model"));
        Assert.Equal(200, attempt.GetTagItem("http.response.status_code"));
    }

    [Theory]
    [MemberData(nameof(Names))]
    public async Task GetStreamingResponseAsync_RetriedOnce_TwoAttemptSpansFirstWithStatusCodeAndDelay(string name)
    {
        using var capture = new TelemetryCapture();
        await using var emulator = await LlmEmulator.StartAsync();
        await using var services = Build(emulator, capture);
        emulator.Faults.Enqueue(EmulatorFault.Status(503), ChatPath(name));

        await foreach (var update in services.GetRequiredKeyedService<IChatClient>(name).GetStreamingResponseAsync("retry me"))
        {
            _ = update;
        }

        var call = Assert.Single(capture.CallSpans);
        Assert.NotNull(call.GetTagItem("gen_ai.usage.output_tokens"));
        var attempts = capture.Ours("http_attempt").OrderBy(a => a.StartTimeUtc).ToList();
        Assert.Equal(2, attempts.Count);
        Assert.All(attempts, a => Assert.Equal(call.SpanId, a.ParentSpanId));
        Assert.All(attempts, a => AssertInstance(a, name));
        Assert.Equal([1, 2], attempts.Select(a => (int)a.GetTagItem("llmclients.attempt")!));
        Assert.Equal(503, attempts[0].GetTagItem("http.response.status_code"));
        Assert.Equal("503", attempts[0].GetTagItem("error.type"));
        Assert.Equal(ActivityStatusCode.Error, attempts[0].Status);
        Assert.IsType<double>(attempts[0].GetTagItem("llmclients.retry.delay"));
        Assert.NotNull(attempts[0].GetTagItem("llmclients.vendor.error_code"));
        Assert.Equal(200, attempts[1].GetTagItem("http.response.status_code"));
        Assert.Equal(1, attempts[1].GetTagItem("http.request.resend_count"));
        Assert.Null(attempts[1].GetTagItem("llmclients.retry.delay"));
        var retries = Assert.Single(capture.Points("llmclients.client.retries", name));
        Assert.Equal(1, retries.GetSumLong());
        AssertTags(retries, name);
        Assert.Single(capture.Points("llmclients.client.operation.time_to_first_chunk", name));
        var log = Assert.Single(capture.Logs, l => l.EventId.Id == 1002);
        Assert.Equal(LogLevel.Information, log.Level);
        Assert.Equal(name, Field(log.State, "Instance"));
        Assert.Equal(503, Field(log.State, "Status"));
        Assert.Equal(1, Field(log.State, "Attempt"));
    }

    [Fact]
    public async Task QianfanV1_FirstCall_TokenExchangeSpanUnderTheAttemptAndOneExchangeCounted()
    {
        using var capture = new TelemetryCapture();
        await using var emulator = await LlmEmulator.StartAsync();
        await using var services = Build(emulator, capture);
        var chat = services.GetRequiredKeyedService<IChatClient>("qianfan-v1");

        await chat.GetResponseAsync("first");
        await chat.GetResponseAsync("second");

        var exchange = Assert.Single(capture.Ours("qianfan.token_exchange"));
        var attempts = capture.Ours("http_attempt").OrderBy(a => a.StartTimeUtc).ToList();
        Assert.Equal(2, attempts.Count);
        Assert.Equal(attempts[0].SpanId, exchange.ParentSpanId);
        AssertInstance(exchange, "qianfan-v1");
        Assert.Equal(200, exchange.GetTagItem("http.response.status_code"));
        Assert.Equal(emulator.Qianfan.OAuthBaseUri.Host, exchange.GetTagItem("server.address"));
        var exchanges = Assert.Single(capture.Points("llmclients.client.token_exchanges", "qianfan-v1"));
        Assert.Equal(1, exchanges.GetSumLong());
        AssertTags(exchanges, "qianfan-v1");
        Assert.Single(capture.Logs, l => l.EventId.Id == 1101 && Equals(Field(l.State, "Instance"), "qianfan-v1"));
    }

    [Theory]
    [InlineData("zhipu")]
    [InlineData("zhipu-jwt")]
    public async Task ZhipuAsyncTask_SubmitAndTwoPolls_OneSpanEachWithTaskIdStatusAndAttemptUnderIt(string name)
    {
        using var capture = new TelemetryCapture();
        await using var emulator = await LlmEmulator.StartAsync();
        emulator.Zhipu.ProcessingPolls = 1;
        await using var services = Build(emulator, capture);
        var tasks = services.GetRequiredKeyedService<IZhipuAsyncChatClient>(name);

        await tasks.GetResponseAsync([new ChatMessage(ChatRole.User, "async please")], polling: new ZhipuPollingOptions { InitialInterval = TimeSpan.FromMilliseconds(1), MaxInterval = TimeSpan.FromMilliseconds(2) });

        var submit = Assert.Single(capture.Ours("zhipu.async_task.submit"));
        AssertInstance(submit, name);
        var taskId = Assert.IsType<string>(submit.GetTagItem("llmclients.zhipu.task_id"));
        var polls = capture.Ours("zhipu.async_task.poll").OrderBy(a => a.StartTimeUtc).ToList();
        Assert.Equal(2, polls.Count);
        Assert.Equal([1, 2], polls.Select(p => (int)p.GetTagItem("llmclients.zhipu.poll")!));
        Assert.Equal(["PROCESSING", "SUCCESS"], polls.Select(p => (string)p.GetTagItem("llmclients.zhipu.task_status")!));
        Assert.All(polls, p => Assert.Equal(taskId, p.GetTagItem("llmclients.zhipu.task_id")));
        Assert.All(polls, p => AssertInstance(p, name));
        var attempts = capture.Ours("http_attempt");
        Assert.Equal(3, attempts.Count);
        Assert.All(polls, p => Assert.Single(attempts, a => a.ParentSpanId == p.SpanId));
        Assert.Single(attempts, a => a.ParentSpanId == submit.SpanId);
        Assert.Equal(2, capture.Logs.Count(l => l.EventId.Id == 1201));
    }

    [Theory]
    [MemberData(nameof(Names))]
    public async Task VendorError_EveryFlavour_ExceptionNamesTheInstanceAndFailureIsLogged(string name)
    {
        using var capture = new TelemetryCapture();
        await using var emulator = await LlmEmulator.StartAsync();
        await using var services = Build(emulator, capture);
        emulator.Faults.Enqueue(EmulatorFault.Status(400), ChatPath(name));

        var ex = await Assert.ThrowsAsync<LlmRequestException>(() => services.GetRequiredKeyedService<IChatClient>(name).GetResponseAsync("bad"));

        Assert.Equal(name, ex.InstanceName);
        var attempt = Assert.Single(capture.Ours("http_attempt"));
        Assert.Equal(400, attempt.GetTagItem("http.response.status_code"));
        Assert.Equal(ex.ErrorCode, attempt.GetTagItem("llmclients.vendor.error_code"));
        var log = Assert.Single(capture.Logs, l => l.EventId.Id == 1004);
        Assert.Equal(LogLevel.Information, log.Level);
        Assert.Equal(name, Field(log.State, "Instance"));
        Assert.Equal(Provider(name), Field(log.State, "Provider"));
        Assert.Equal(400, Field(log.State, "Status"));
        Assert.Equal(ex.RequestId, Field(log.State, "RequestId"));
    }

    [Fact]
    public async Task EveryFlavour_ChatStreamEmbeddingRetryAndError_NoSecretOrContentInSpansMetricsOrLogs()
    {
        using var capture = new TelemetryCapture();
        await using var emulator = await LlmEmulator.StartAsync();
        emulator.Zhipu.ProcessingPolls = 1;
        await using var services = Build(emulator, capture);
        foreach (var name in Names)
        {
            var chat = services.GetRequiredKeyedService<IChatClient>(name);
            await chat.GetResponseAsync(Prompt);
            emulator.Faults.Enqueue(EmulatorFault.Status(503), ChatPath(name));
            await foreach (var update in chat.GetStreamingResponseAsync(Prompt))
            {
                _ = update;
            }

            await services.GetRequiredKeyedService<IEmbeddingClient>(name).GenerateAsync([Prompt], new EmbeddingGenerationOptions { ModelId = EmbeddingModel(name) });
            emulator.Faults.Enqueue(EmulatorFault.Status(401), ChatPath(name));
            await Assert.ThrowsAsync<LlmRequestException>(() => chat.GetResponseAsync(Prompt));
        }

        await services.GetRequiredKeyedService<IZhipuAsyncChatClient>("zhipu-jwt").GetResponseAsync(
            [new ChatMessage(ChatRole.User, Prompt)], polling: new ZhipuPollingOptions { InitialInterval = TimeSpan.FromMilliseconds(1), MaxInterval = TimeSpan.FromMilliseconds(2) });

        var texts = new List<string>();
        foreach (var span in capture.Spans)
        {
            texts.Add(span.DisplayName);
            texts.AddRange(span.TagObjects.Select(t => $"{t.Key}={t.Value}"));
            texts.AddRange(span.Events.SelectMany(e => e.Tags.Select(t => $"{e.Name} {t.Key}={t.Value}")));
        }

        foreach (var metric in capture.AllMetrics())
        {
            foreach (var point in metric.MetricPoints)
            {
                foreach (var tag in point.Tags)
                {
                    texts.Add($"{metric.Name} {tag.Key}={tag.Value}");
                }
            }
        }

        foreach (var log in capture.Logs)
        {
            texts.Add(log.Message);
            texts.AddRange(log.State.Select(kv => $"{kv.Key}={kv.Value}"));
        }

        Assert.Contains(texts, t => t.Contains("llmclients.instance.name=qianfan-v1", StringComparison.Ordinal)); // The capture saw our data.
        Assert.Contains(capture.Logs, l => l.EventId.Id == 1001);
        string[] forbidden = ["sk-flavours", "flavours-secret", "ALTAK-flavours", DeepSeekKey, "client_secret", "client_id", "access_token=", "eyJ", "Bearer", "purple-elephant"];
        foreach (var text in texts)
        {
            foreach (var secret in forbidden)
            {
                Assert.False(text.Contains(secret, StringComparison.Ordinal), $"'{secret}' appears in: {text}");
            }
        }
    }

    [Fact]
    public async Task ListenerSubscribedAfterTheClientsAndAFirstCall_NextChatAndEmbeddingCallsGetTheirSpans()
    {
        // The GenAI layer is made on first need, not with the client: a call nobody listens to goes without it, and an
        // app that subscribes later (OpenTelemetry started after the container) still gets every call from then on.
        await using var emulator = await LlmEmulator.StartAsync();
        await using var services = AllFlavours.Build(emulator, Model);
        var chat = services.GetRequiredKeyedService<IChatClient>("openai");
        var embeddings = services.GetRequiredKeyedService<IEmbeddingClient>("openai");
        await chat.GetResponseAsync("unheard");
        await embeddings.GenerateAsync(["unheard"], new EmbeddingGenerationOptions { ModelId = EmbeddingModel("openai") });

        using var capture = new TelemetryCapture();
        await chat.GetResponseAsync("heard");
        await embeddings.GenerateAsync(["heard"], new EmbeddingGenerationOptions { ModelId = EmbeddingModel("openai") });

        Assert.Single(capture.CallSpans, a => a.DisplayName.StartsWith("chat ", StringComparison.Ordinal));
        Assert.Single(capture.CallSpans, a => a.DisplayName.StartsWith("embeddings ", StringComparison.Ordinal));
        Assert.Contains(capture.AllMetrics(), m => m.Name == "gen_ai.client.operation.duration");
        Assert.Same(chat.GetService<OpenTelemetryChatClient>(), chat.GetService<OpenTelemetryChatClient>());
    }

    [Fact]
    public async Task TelemetryDisabled_NoSpanOrPointOfTheInstance_ButTheExceptionStillNamesIt()
    {
        using var capture = new TelemetryCapture();
        await using var emulator = await LlmEmulator.StartAsync();
        await using var services = Build(emulator, capture, b => b.Services.Configure<OpenAIOptions>("deepseek", o => o.Telemetry.Enabled = false));
        var chat = services.GetRequiredKeyedService<IChatClient>("deepseek");
        emulator.Faults.Enqueue(EmulatorFault.Status(503), "chat/completions");

        await foreach (var update in chat.GetStreamingResponseAsync("quiet"))
        {
            _ = update;
        }

        await services.GetRequiredKeyedService<IEmbeddingClient>("deepseek").GenerateAsync(["a"], new EmbeddingGenerationOptions { ModelId = "text-embedding-3-small" });
        emulator.Faults.Enqueue(EmulatorFault.Status(400), "chat/completions");
        var ex = await Assert.ThrowsAsync<LlmRequestException>(() => chat.GetResponseAsync("quiet"));

        Assert.Equal("deepseek", ex.InstanceName);
        Assert.Empty(capture.Spans);
        Assert.Empty(capture.Points("llmclients.client.retries", "deepseek"));
        Assert.Empty(capture.Points("llmclients.client.operation.time_to_first_chunk", "deepseek"));
        Assert.DoesNotContain(capture.AllMetrics(), m => m.Name.StartsWith("gen_ai.", StringComparison.Ordinal));
        Assert.Contains(capture.Logs, l => l.EventId.Id == 1002); // Logs stay: they follow the logging configuration.
    }

    [Fact]
    public async Task PipelineWithItsOwnUseOpenTelemetry_OneCallSpanNotTwo()
    {
        using var capture = new TelemetryCapture();
        await using var emulator = await LlmEmulator.StartAsync();
        await using var services = Build(emulator, capture, b => b
            .ConfigureChatClient("openai", p => p.UseFunctionInvocation().UseOpenTelemetry(sourceName: LlmClientsTelemetry.GenAISourceName))
            .ConfigureEmbeddingGenerator("openai", p => p.UseOpenTelemetry(sourceName: LlmClientsTelemetry.GenAISourceName)));

        await services.GetRequiredKeyedService<IChatClient>("openai").GetResponseAsync("once");
        await services.GetRequiredKeyedService<IEmbeddingGenerator<string, Embedding<float>>>("openai").GenerateAsync(["once"], new EmbeddingGenerationOptions { ModelId = "text-embedding-3-small" });

        // Besides the function-invocation layer's own orchestrate_tools span: one chat span and one embeddings span.
        Assert.Single(capture.CallSpans, a => a.DisplayName.StartsWith("chat ", StringComparison.Ordinal));
        Assert.Single(capture.CallSpans, a => a.DisplayName.StartsWith("embeddings ", StringComparison.Ordinal));
        Assert.Equal(2, capture.Ours("http_attempt").Count);
    }

    [Fact]
    public async Task EveryRequest_UserAgentNamesLlmClientsRuntimeAndOs_AfterTheUsersOwnProductToken()
    {
        using var capture = new TelemetryCapture();
        await using var emulator = await LlmEmulator.StartAsync();
        await using var services = Build(emulator, capture, b => b.Services.Configure<OpenAIOptions>("deepseek", o => o.Headers["User-Agent"] = "MyApp/2.1"));

        foreach (var name in Names)
        {
            await services.GetRequiredKeyedService<IChatClient>(name).GetResponseAsync("who are you");
        }

        var requests = emulator.Requests.Snapshot();
        Assert.True(requests.Count > Names.Count); // Chat for every instance, plus Qianfan's token exchange.
        var ours = $"LlmClients/{typeof(LlmClientsTelemetry).Assembly.GetName().Version!.ToString(3)}";
        Assert.All(requests, r => Assert.Matches(@"^(MyApp/2\.1 )?LlmClients/\S+ \(\.NET \d+\.\d+\.\d+; [a-z0-9-]+\)$", r.Headers["User-Agent"]));
        Assert.All(requests, r => Assert.StartsWith(ours, r.Headers["User-Agent"].Replace("MyApp/2.1 ", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal));
        Assert.Single(requests, r => r.Headers["User-Agent"].StartsWith("MyApp/2.1 LlmClients/", StringComparison.Ordinal));
        Assert.Contains(requests, r => r.Path.Contains("oauth", StringComparison.Ordinal));
    }

    [Fact]
    public void Readme_EventTable_ListsEveryLogEventWithItsIdNameAndLevel()
    {
        var readme = File.ReadAllText(Path.Combine(RepoRoot(), "README.md"));
        var events = typeof(LlmClientsTelemetry).Assembly.GetType("LlmClients.Telemetry.Log", throwOnError: true)!
            .GetMethods(BindingFlags.Public | BindingFlags.Static)
            .Select(m => m.GetCustomAttribute<LoggerMessageAttribute>())
            .OfType<LoggerMessageAttribute>()
            .ToList();

        Assert.True(events.Count >= 8);
        Assert.Equal(events.Count, events.Select(e => e.EventId).Distinct().Count());
        foreach (var e in events)
        {
            Assert.Contains($"| {e.EventId} | `{e.EventName}` | {e.Level} |", readme, StringComparison.Ordinal);
        }
    }

    private static ServiceProvider Build(LlmEmulator emulator, TelemetryCapture capture, Action<LlmProvidersBuilder>? configure = null)
        => AllFlavours.Build(emulator, Model, b =>
        {
            b.Services.AddLogging(l => l.AddProvider(capture.LoggerProvider).SetMinimumLevel(LogLevel.Trace));
            b.AddOpenAI("deepseek", o =>
            {
                o.ApiKey = DeepSeekKey;
                o.BaseUrl = emulator.OpenAI.BaseUri;
                o.ProviderName = "deepseek";
                o.DefaultModel = Model("deepseek");
                o.Resilience.BaseDelay = TimeSpan.FromMilliseconds(1);
                o.Resilience.MaxDelay = TimeSpan.FromMilliseconds(5);
            });
            b.Services.Configure<LlmClients.Spark.SparkOptions>("spark", o =>
            {
                o.AppId = emulator.Spark.AppId;
                o.AppKey = emulator.Spark.AppKey;
                o.AppSecret = emulator.Spark.AppSecret;
                o.EmbeddingUrl = emulator.Spark.EmbeddingUri;
            });
            configure?.Invoke(b);
        });

    private static string ChatPath(string name) => AllFlavours.ChatPath(name == "deepseek" ? "openai" : name);

    private static string Model(string name) => name switch
    {
        "qianfan-v1" => "ERNIE-3.5-8K",
        "deepseek" => "deepseek-chat",
        _ => "model-x",
    };

    private static string EmbeddingModel(string name) => name switch
    {
        "openai" or "deepseek" => "text-embedding-3-small",
        "dashscope-compatible" or "dashscope-native" => "text-embedding-v3",
        "zhipu" or "zhipu-jwt" => "embedding-2",
        _ => "embedding-v1",
    };

    private static string Provider(string name) => name switch
    {
        "openai" => "openai",
        "deepseek" => "deepseek",
        _ when name.StartsWith("dashscope", StringComparison.Ordinal) => "dashscope",
        _ when name.StartsWith("zhipu", StringComparison.Ordinal) => "zhipu",
        "spark" => "spark",
        _ => "qianfan",
    };

    private static void AssertInstance(Activity span, string name)
    {
        Assert.Equal(name, span.GetTagItem("llmclients.instance.name"));
        Assert.Equal(Provider(name), span.GetTagItem("gen_ai.provider.name"));
    }

    private static void AssertTags(MetricPoint point, string name)
    {
        var tags = new Dictionary<string, object?>();
        foreach (var tag in point.Tags)
        {
            tags[tag.Key] = tag.Value;
        }

        Assert.Equal(name, tags["llmclients.instance.name"]);
        Assert.Equal(Provider(name), tags["gen_ai.provider.name"]);
        Assert.Equal(Model(name), tags["gen_ai.request.model"]);
    }

    private static object? Field(IReadOnlyList<KeyValuePair<string, object?>> state, string key)
        => state.FirstOrDefault(kv => string.Equals(kv.Key, key, StringComparison.OrdinalIgnoreCase)).Value; // The extended logging generator names fields after parameters.

    private static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "LlmClients.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("LlmClients.sln not found above the test output.");
    }
}
