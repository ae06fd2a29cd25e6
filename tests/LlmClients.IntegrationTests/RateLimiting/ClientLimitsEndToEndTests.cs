using LlmClients.IntegrationTests.OpenAI;
using LlmClients.RateLimiting;
using LlmClients.Testing;
using LlmClients.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace LlmClients.IntegrationTests.RateLimiting;

/// <summary>
/// Client-side limits (<c>Limits:*</c>) through the whole stack against the emulator: extra calls wait for the window
/// instead of being sent, a bounded wait ends in a typed error before any request, a stream holds its concurrency permit
/// until it ends, per-model limits, and startup validation. Time is a fake clock shared with the emulator.
/// </summary>
public sealed class ClientLimitsEndToEndTests
{
    private readonly FakeClock _clock = new();

    [Fact]
    public async Task GetResponseAsync_MoreCallsThanRequestsPerMinute_ExtraCallsWaitForTheWindowInsteadOfBeingSent()
    {
        await using var stack = await StartAsync(o => o.Limits.RequestsPerMinute = 3);
        var started = _clock.GetUtcNow();

        var calls = Enumerable.Range(0, 5).Select(i => stack.Chat.GetResponseAsync($"call {i}")).ToList();
        await WaitForCompletedAsync(calls, 3);

        Assert.Equal(3, stack.Emulator.RequestCount("chat/completions")); // The other two wait in the queue, unsent.
        _clock.Advance(TimeSpan.FromMinutes(1));
        await Task.WhenAll(calls).WaitAsync(TimeDriver.HangGuard);

        var sent = stack.Emulator.Requests.Snapshot().Where(r => r.Path.Contains("chat/completions", StringComparison.Ordinal)).ToList();
        Assert.Equal(5, sent.Count);
        Assert.Equal(3, sent.Count(r => r.Timestamp < started + TimeSpan.FromMinutes(1)));
    }

    [Fact]
    public async Task GetResponseAsync_WindowFullAndNoQueueWait_ThrowsRateLimitedBeforeSending()
    {
        await using var stack = await StartAsync(o =>
        {
            o.Limits.RequestsPerMinute = 1;
            o.Limits.MaxQueueWait = TimeSpan.Zero;
        });
        await stack.Chat.GetResponseAsync("first");

        var ex = await Assert.ThrowsAsync<LlmRequestException>(() => stack.Chat.GetResponseAsync("second"));

        Assert.Equal(LlmErrorKind.RateLimited, ex.Kind);
        Assert.True(ex.IsTransient);
        Assert.Null(ex.StatusCode);
        Assert.Equal("openai", ex.InstanceName);
        Assert.Equal(TimeSpan.FromMinutes(1), ex.RetryAfter);
        Assert.Contains("client-side limit Limits:RequestsPerMinute = 1 of instance 'openai'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Limits:MaxQueueWait", ex.Message, StringComparison.Ordinal);
        Assert.Equal(1, stack.Emulator.RequestCount("chat/completions"));
    }

    [Fact]
    public async Task GetStreamingResponseAsync_MaxConcurrencyOne_StreamHoldsThePermitUntilItEnds()
    {
        await using var stack = await StartAsync(o =>
        {
            o.Limits.MaxConcurrency = 1;
            o.Limits.MaxQueueWait = TimeSpan.Zero;
        });
        var stream = stack.Chat.GetStreamingResponseAsync("a long story").GetAsyncEnumerator();
        Assert.True(await stream.MoveNextAsync());

        var ex = await Assert.ThrowsAsync<LlmRequestException>(() => stack.Chat.GetResponseAsync("while streaming"));
        Assert.Equal(LlmErrorKind.RateLimited, ex.Kind);
        Assert.Contains("Limits:MaxConcurrency = 1", ex.Message, StringComparison.Ordinal);

        while (await stream.MoveNextAsync())
        {
        }

        await stream.DisposeAsync();
        var after = await stack.Chat.GetResponseAsync("after the stream");
        Assert.False(string.IsNullOrEmpty(after.Text));
        Assert.Equal(2, stack.Emulator.RequestCount("chat/completions"));
    }

    [Fact]
    public async Task GetResponseAsync_PerModelLimit_AppliesToThatModelOnly()
    {
        await using var stack = await StartAsync(o =>
        {
            o.Limits.Models["gpt-4o"] = new LlmModelRateLimits { RequestsPerMinute = 1 };
            o.Limits.MaxQueueWait = TimeSpan.Zero;
        });
        await stack.Chat.GetResponseAsync("one", new ChatOptions { ModelId = "gpt-4o" });

        var ex = await Assert.ThrowsAsync<LlmRequestException>(() => stack.Chat.GetResponseAsync("two", new ChatOptions { ModelId = "gpt-4o" }));
        await stack.Chat.GetResponseAsync("other model", new ChatOptions { ModelId = "gpt-4o-mini" });

        Assert.Contains("Limits:Models:gpt-4o:RequestsPerMinute = 1", ex.Message, StringComparison.Ordinal);
        Assert.Contains("(model gpt-4o)", ex.Message, StringComparison.Ordinal);
        Assert.Equal(2, stack.Emulator.RequestCount("chat/completions"));
    }

    [Fact]
    public async Task GenerateAsync_SplitBatch_EachPartIsOneRequestAgainstTheLimit()
    {
        await using var stack = await StartAsync(o =>
        {
            o.Limits.RequestsPerMinute = 2;
            o.Limits.MaxQueueWait = TimeSpan.Zero;
            o.MaxEmbeddingBatchSize = 2;
            o.EmbeddingParallelism = 1; // Parts in order: the third is refused after two were sent.
        });

        var ex = await Assert.ThrowsAsync<LlmRequestException>(() => stack.Embeddings.GenerateAsync(["a", "b", "c", "d", "e"]));

        Assert.Equal(LlmErrorKind.RateLimited, ex.Kind);
        Assert.Equal(2, stack.Emulator.RequestCount("embeddings"));
    }

    [Fact]
    public async Task AddLlmProviders_InvalidLimits_FailValidationNamingTheConfigKey()
    {
        await using var stack = await StartAsync(o =>
        {
            o.Limits.RequestsPerMinute = 0;
            o.Limits.MaxQueueWait = TimeSpan.FromSeconds(-1);
            o.Limits.Models["qwen-plus"] = new LlmModelRateLimits { TokensPerMinute = -5 };
        });

        var ex = Assert.Throws<OptionsValidationException>(() => stack.Chat);

        Assert.Contains("'LlmProviders:openai:Limits:RequestsPerMinute'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("'LlmProviders:openai:Limits:MaxQueueWait'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("'LlmProviders:openai:Limits:Models:qwen-plus:TokensPerMinute'", ex.Message, StringComparison.Ordinal);
    }

    internal static async Task WaitForCompletedAsync(IReadOnlyCollection<Task> calls, int count)
    {
        while (calls.Count(c => c.IsCompleted) < count)
        {
            await Task.WhenAny(calls.Where(c => !c.IsCompleted)).WaitAsync(TimeDriver.HangGuard);
        }
    }

    private Task<OpenAIStack> StartAsync(Action<LlmClients.OpenAI.OpenAIOptions> configure)
        => OpenAIStack.StartAsync(
            o =>
            {
                o.Resilience.RequestTimeout = TimeSpan.FromHours(1);
                o.Limits.MaxQueueWait = TimeSpan.FromMinutes(30);
                configure(o);
            },
            new LlmEmulatorOptions { TimeProvider = _clock },
            services => services.AddSingleton<TimeProvider>(_clock));
}
