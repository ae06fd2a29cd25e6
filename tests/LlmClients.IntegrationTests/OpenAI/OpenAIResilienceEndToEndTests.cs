using LlmClients.Testing;
using LlmClients.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using static LlmClients.IntegrationTests.OpenAI.OpenAIStack;

namespace LlmClients.IntegrationTests.OpenAI;

/// <summary>
/// Retries, errors, timeouts and cancellation through the whole stack. Timeouts, Retry-After waits and server pauses run on
/// fake clocks (the client's and the emulator's), moved only by the test; the real socket is bounded by a hang guard.
/// </summary>
public class OpenAIResilienceEndToEndTests
{
    private const string Chat = "chat/completions";

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public async Task GetResponseAsync_429WithRetryAfter_RetriesOnceAndSucceeds(int retryAfterSeconds)
    {
        var clock = new FakeClock();
        await using var stack = await StartOnFakeTimeAsync(clock, new FakeClock());
        stack.Emulator.Faults.Enqueue(EmulatorFault.Status(429, TimeSpan.FromSeconds(retryAfterSeconds)), Chat);

        var call = stack.Chat.GetResponseAsync(Messages("hi"));
        var waits = await TimeDriver.RunAsync(clock, call);

        Assert.Equal(EmulatorReplies.ChatText(ChatModel, "hi"), (await call).Text);
        if (retryAfterSeconds > 0)
        {
            Assert.Equal([TimeSpan.FromSeconds(retryAfterSeconds)], waits);
        }

        Assert.Equal(2, stack.Emulator.RequestCount(Chat));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Chat_503Twice_RetriesTwiceAndSucceeds(bool streaming)
    {
        await using var stack = await StartAsync();
        stack.Emulator.Faults.Enqueue(EmulatorFault.FailTimes(2, 503), Chat);

        var text = await GetTextAsync(stack.Chat, "hi", streaming);

        Assert.Equal(EmulatorReplies.ChatText(ChatModel, "hi"), text);
        Assert.Equal(3, stack.Emulator.RequestCount(Chat));
    }

    [Fact]
    public async Task GenerateAsync_503Once_RetriesAndSucceeds()
    {
        await using var stack = await StartAsync();
        stack.Emulator.Faults.Enqueue(EmulatorFault.FailTimes(1, 503), "embeddings");

        var result = await stack.Embeddings.GenerateAsync(["x y"], new EmbeddingGenerationOptions { Dimensions = 8 });

        Assert.Equal(EmulatorReplies.Embedding("x y", 8), Assert.Single(result).Vector.ToArray());
        Assert.Equal(2, stack.Emulator.RequestCount("embeddings"));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Chat_400_IsNotRetriedAndThrowsInvalidRequest(bool streaming)
    {
        await using var stack = await StartAsync();
        stack.Emulator.Faults.Enqueue(EmulatorFault.Status(400), Chat);

        var ex = await Assert.ThrowsAsync<LlmRequestException>(() => GetTextAsync(stack.Chat, "hi", streaming));

        Assert.Equal(1, stack.Emulator.RequestCount(Chat));
        Assert.Equal(400, ex.StatusCode);
        Assert.Equal(LlmErrorKind.InvalidRequest, ex.Kind);
        Assert.False(ex.IsTransient);
        Assert.Equal("openai", ex.Provider);
        Assert.StartsWith("req_emu_", ex.RequestId);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Chat_RejectedKey_ThrowsAuthenticationWithoutLeakingTheKey(bool streaming)
    {
        const string RejectedKey = "sk-rejected-0123456789abcdef";
        await using var stack = await StartAsync(o => o.ApiKey = RejectedKey, new LlmEmulatorOptions { RejectedApiKey = RejectedKey });

        var ex = await Assert.ThrowsAsync<LlmRequestException>(() => GetTextAsync(stack.Chat, "hi", streaming));

        Assert.Equal(1, stack.Emulator.RequestCount(Chat));
        Assert.Equal(LlmErrorKind.Authentication, ex.Kind);
        Assert.Equal(401, ex.StatusCode);
        Assert.Equal("invalid_api_key", ex.ErrorCode);
        Assert.False(ex.IsTransient);
        Assert.DoesNotContain(RejectedKey, ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(RejectedKey, ex.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(RejectedKey, ex.VendorMessage ?? string.Empty, StringComparison.Ordinal);
        Assert.Equal($"Bearer {RejectedKey}", Assert.Single(stack.Emulator.Requests.Snapshot()).Headers["authorization"]);
    }

    [Fact]
    public async Task GetResponseAsync_RetryAfterAboveMax_IsNotRetriedAndCarriesRetryAfter()
    {
        await using var stack = await StartAsync(o => o.Resilience.MaxRetryAfter = TimeSpan.FromSeconds(5));
        stack.Emulator.Faults.Enqueue(EmulatorFault.Status(429, TimeSpan.FromSeconds(30)), Chat);

        var ex = await Assert.ThrowsAsync<LlmRequestException>(() => stack.Chat.GetResponseAsync(Messages("hi")));

        Assert.Equal(1, stack.Emulator.RequestCount(Chat));
        Assert.Equal(429, ex.StatusCode);
        Assert.Equal(LlmErrorKind.RateLimited, ex.Kind);
        Assert.Equal(TimeSpan.FromSeconds(30), ex.RetryAfter);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Chat_ResetBeforeHeaders_IsRetriedAndSucceeds(bool streaming)
    {
        await using var stack = await StartAsync();
        stack.Emulator.Faults.Enqueue(EmulatorFault.ResetBeforeHeaders(), Chat);

        var text = await GetTextAsync(stack.Chat, "hi", streaming);

        Assert.Equal(EmulatorReplies.ChatText(ChatModel, "hi"), text);
        Assert.Equal(2, stack.Emulator.RequestCount(Chat));
    }

    [Fact]
    public async Task GetResponseAsync_ResetBeforeHeadersEveryTime_ThrowsNetworkAfterAllRetries()
    {
        await using var stack = await StartAsync(o => o.Resilience.MaxRetries = 2);
        stack.Emulator.Faults.Enqueue(EmulatorFault.ResetBeforeHeaders(), Chat);
        stack.Emulator.Faults.Enqueue(EmulatorFault.ResetBeforeHeaders(), Chat);
        stack.Emulator.Faults.Enqueue(EmulatorFault.ResetBeforeHeaders(), Chat);

        var ex = await Assert.ThrowsAsync<LlmRequestException>(() => stack.Chat.GetResponseAsync(Messages("hi")));

        Assert.Equal(LlmErrorKind.Network, ex.Kind);
        Assert.True(ex.IsTransient);
        Assert.Equal(3, stack.Emulator.RequestCount(Chat));
    }

    [Fact]
    public async Task GetStreamingResponseAsync_ResetMidStream_ThrowsNetworkAfterUpdatesAndIsNotReplayed()
    {
        await using var stack = await StartAsync();
        stack.Emulator.Faults.Enqueue(EmulatorFault.ResetMidStream(2), Chat);

        var updates = new List<ChatResponseUpdate>();
        var ex = await Assert.ThrowsAsync<LlmRequestException>(async () =>
        {
            await foreach (var update in stack.Chat.GetStreamingResponseAsync(Messages("a longer prompt to stream")))
            {
                updates.Add(update);
            }
        });

        Assert.Equal(LlmErrorKind.Network, ex.Kind);
        Assert.Equal(2, updates.Count);
        Assert.Equal(1, stack.Emulator.RequestCount(Chat));
    }

    [Fact]
    public async Task GetResponseAsync_ResetMidBody_ThrowsTransientNetwork()
    {
        await using var stack = await StartAsync(o => o.Resilience.MaxRetries = 0);
        stack.Emulator.Faults.Enqueue(EmulatorFault.ResetMidStream(0), Chat);

        var ex = await Assert.ThrowsAsync<LlmRequestException>(() => stack.Chat.GetResponseAsync(Messages("hi")));

        Assert.Equal(LlmErrorKind.Network, ex.Kind);
        Assert.True(ex.IsTransient);
        Assert.Equal(1, stack.Emulator.RequestCount(Chat));
    }

    [Fact]
    public async Task GetStreamingResponseAsync_ErrorMidStream_ThrowsVendorCodeAndIsNotReplayed()
    {
        await using var stack = await StartAsync();
        stack.Emulator.Faults.Enqueue(EmulatorFault.ErrorMidStream(2), Chat);

        var updates = new List<ChatResponseUpdate>();
        var ex = await Assert.ThrowsAsync<LlmRequestException>(async () =>
        {
            await foreach (var update in stack.Chat.GetStreamingResponseAsync(Messages("a longer prompt to stream")))
            {
                updates.Add(update);
            }
        });

        Assert.Equal("server_error", ex.ErrorCode);
        Assert.Equal("emulated mid-stream failure", ex.VendorMessage);
        Assert.StartsWith("req_emu_", ex.RequestId);
        Assert.Equal(2, updates.Count);
        Assert.Equal(1, stack.Emulator.RequestCount(Chat));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Chat_SlowFirstByteBeyondBudget_IsRetriedThenThrowsTimeout(bool streaming)
    {
        var (clock, server) = (new FakeClock(), new FakeClock());
        await using var stack = await StartOnFakeTimeAsync(clock, server, o =>
        {
            o.Resilience.MaxRetries = 1;
            o.Resilience.FirstByteTimeout = TimeSpan.FromMilliseconds(300);
        });
        stack.Emulator.Faults.Enqueue(EmulatorFault.SlowFirstByte(TimeSpan.FromSeconds(3)), Chat);
        stack.Emulator.Faults.Enqueue(EmulatorFault.SlowFirstByte(TimeSpan.FromSeconds(3)), Chat);

        var call = GetTextAsync(stack.Chat, "hi", streaming);
        await FireFirstByteTimeoutAsync(clock, server, heldRequests: 1, TimeSpan.FromMilliseconds(300));
        await FireRetryDelayAsync(clock, armed: 1);
        await FireFirstByteTimeoutAsync(clock, server, heldRequests: 2, TimeSpan.FromMilliseconds(300));

        var ex = await Assert.ThrowsAsync<LlmRequestException>(() => call.WaitAsync(TimeDriver.HangGuard));

        Assert.Equal(LlmErrorKind.Timeout, ex.Kind);
        Assert.True(ex.IsTransient);
        Assert.Equal(2, stack.Emulator.RequestCount(Chat));
    }

    [Fact]
    public async Task GetResponseAsync_SlowFirstByteOnce_IsRetriedAndSucceeds()
    {
        var (clock, server) = (new FakeClock(), new FakeClock());
        await using var stack = await StartOnFakeTimeAsync(clock, server, o => o.Resilience.FirstByteTimeout = TimeSpan.FromMilliseconds(300));
        stack.Emulator.Faults.Enqueue(EmulatorFault.SlowFirstByte(TimeSpan.FromSeconds(3)), Chat);

        var call = stack.Chat.GetResponseAsync(Messages("hi"));
        await FireFirstByteTimeoutAsync(clock, server, heldRequests: 1, TimeSpan.FromMilliseconds(300));
        await FireRetryDelayAsync(clock, armed: 1);

        var response = await call.WaitAsync(TimeDriver.HangGuard);

        Assert.Equal(EmulatorReplies.ChatText(ChatModel, "hi"), response.Text);
        Assert.Equal(2, stack.Emulator.RequestCount(Chat));
    }

    [Fact]
    public async Task GetStreamingResponseAsync_IdleBeyondBudget_ThrowsTimeoutMidStream()
    {
        var (clock, server) = (new FakeClock(), new FakeClock());
        await using var stack = await StartOnFakeTimeAsync(clock, server, o => o.Resilience.StreamIdleTimeout = TimeSpan.FromMilliseconds(300));
        stack.Emulator.Faults.Enqueue(EmulatorFault.IdleStream(2, TimeSpan.FromSeconds(3)), Chat);

        await using var updates = stack.Chat.GetStreamingResponseAsync(Messages("a longer prompt to stream")).GetAsyncEnumerator();
        Assert.True(await updates.MoveNextAsync().AsTask().WaitAsync(TimeDriver.HangGuard));
        Assert.True(await updates.MoveNextAsync().AsTask().WaitAsync(TimeDriver.HangGuard));
        var third = updates.MoveNextAsync().AsTask();
        await server.WaitForCreatedTimersAsync(1).WaitAsync(TimeDriver.HangGuard);     // the emulator pauses after 2 events
        await clock.WaitForTimersAsync(1).WaitAsync(TimeDriver.HangGuard);
        Assert.Equal(TimeSpan.FromMilliseconds(300), clock.NextTimerDueIn);           // the idle budget, from the last event
        clock.Advance(TimeSpan.FromMilliseconds(300));

        var ex = await Assert.ThrowsAsync<LlmRequestException>(() => third.WaitAsync(TimeDriver.HangGuard));
        Assert.Equal(LlmErrorKind.Timeout, ex.Kind);
        Assert.Equal(1, stack.Emulator.RequestCount(Chat));
    }

    [Fact]
    public async Task GetStreamingResponseAsync_IdleWithinBudget_Completes()
    {
        // One clock for both sides: the server's 200 ms pause passes on it, the 5 s idle budget does not.
        var clock = new FakeClock();
        await using var stack = await StartOnFakeTimeAsync(clock, clock, o => o.Resilience.StreamIdleTimeout = TimeSpan.FromSeconds(5));
        stack.Emulator.Faults.Enqueue(EmulatorFault.IdleStream(2, TimeSpan.FromMilliseconds(200)), Chat);

        var reading = GetTextAsync(stack.Chat, "hi there", streaming: true);
        await clock.WaitForTimersAsync(2).WaitAsync(TimeDriver.HangGuard);            // the idle budget and the pause
        Assert.Equal(TimeSpan.FromMilliseconds(200), clock.NextTimerDueIn);
        clock.Advance(TimeSpan.FromMilliseconds(200));

        var text = await reading.WaitAsync(TimeDriver.HangGuard);

        Assert.Equal(EmulatorReplies.ChatText(ChatModel, "hi there"), text);
    }

    [Fact]
    public async Task GetResponseAsync_RequestTimeoutShorterThanSlowAttemptsWithRetries_ThrowsTimeout()
    {
        // The fault header applies to every attempt, so every retry is slow too; the whole-call budget ends the call:
        // attempt 1 times out at 250 ms, attempt 2 starts after the retry delay and is cut at 400 ms by the budget.
        var (clock, server) = (new FakeClock(), new FakeClock());
        await using var stack = await StartOnFakeTimeAsync(clock, server, o =>
        {
            o.Resilience.MaxRetries = 3;
            o.Resilience.FirstByteTimeout = TimeSpan.FromMilliseconds(250);
            o.Resilience.RequestTimeout = TimeSpan.FromMilliseconds(400);
            o.Headers[LlmEmulator.FaultHeader] = EmulatorFault.SlowFirstByte(TimeSpan.FromSeconds(3)).ToString();
        });
        var start = clock.GetUtcNow();

        var call = stack.Chat.GetResponseAsync(Messages("hi"));
        await FireFirstByteTimeoutAsync(clock, server, heldRequests: 1, TimeSpan.FromMilliseconds(250));
        await FireRetryDelayAsync(clock, armed: 2);                                    // the budget and the retry delay
        await server.WaitForCreatedTimersAsync(2).WaitAsync(TimeDriver.HangGuard);
        Assert.Equal(start + TimeSpan.FromMilliseconds(400), clock.GetUtcNow() + clock.NextTimerDueIn);
        clock.Advance(clock.NextTimerDueIn!.Value);

        var ex = await Assert.ThrowsAsync<LlmRequestException>(() => call.WaitAsync(TimeDriver.HangGuard));
        Assert.Equal(LlmErrorKind.Timeout, ex.Kind);
        Assert.Equal(2, stack.Emulator.RequestCount(Chat));
    }

    [Fact]
    public async Task GetResponseAsync_RequestTimeoutShorterThanSlowFirstByte_ThrowsTimeout()
    {
        var (clock, server) = (new FakeClock(), new FakeClock());
        await using var stack = await StartOnFakeTimeAsync(clock, server, o =>
        {
            o.Resilience.RequestTimeout = TimeSpan.FromMilliseconds(300);
            o.Headers[LlmEmulator.FaultHeader] = EmulatorFault.SlowFirstByte(TimeSpan.FromSeconds(3)).ToString();
        });

        var call = stack.Chat.GetResponseAsync(Messages("hi"));
        await server.WaitForCreatedTimersAsync(1).WaitAsync(TimeDriver.HangGuard);
        Assert.Equal(TimeSpan.FromMilliseconds(300), clock.NextTimerDueIn);
        clock.Advance(TimeSpan.FromMilliseconds(300));

        var ex = await Assert.ThrowsAsync<LlmRequestException>(() => call.WaitAsync(TimeDriver.HangGuard));

        Assert.Equal(LlmErrorKind.Timeout, ex.Kind);
        Assert.Contains("RequestTimeout", ex.Message, StringComparison.Ordinal);
        Assert.Equal(1, stack.Emulator.RequestCount(Chat));
    }

    [Fact]
    public async Task GetResponseAsync_MalformedJson_ThrowsInvalidResponse()
    {
        await using var stack = await StartAsync();
        stack.Emulator.Faults.Enqueue(EmulatorFault.MalformedJson(), Chat);

        var ex = await Assert.ThrowsAsync<LlmRequestException>(() => stack.Chat.GetResponseAsync(Messages("hi")));

        Assert.Equal(LlmErrorKind.InvalidResponse, ex.Kind);
        Assert.False(ex.IsTransient);
        Assert.Equal(1, stack.Emulator.RequestCount(Chat));
    }

    [Fact]
    public async Task GetStreamingResponseAsync_MalformedFrame_ThrowsInvalidResponse()
    {
        await using var stack = await StartAsync();
        stack.Emulator.Faults.Enqueue(EmulatorFault.MalformedJson(2), Chat);

        var ex = await Assert.ThrowsAsync<LlmRequestException>(() => GetTextAsync(stack.Chat, "hi", streaming: true));

        Assert.Equal(LlmErrorKind.InvalidResponse, ex.Kind);
        Assert.Equal(1, stack.Emulator.RequestCount(Chat));
    }

    [Fact]
    public async Task GenerateAsync_MalformedJson_ThrowsInvalidResponse()
    {
        await using var stack = await StartAsync();
        stack.Emulator.Faults.Enqueue(EmulatorFault.MalformedJson(), "embeddings");

        var ex = await Assert.ThrowsAsync<LlmRequestException>(() => stack.Embeddings.GenerateAsync(["x"]));

        Assert.Equal(LlmErrorKind.InvalidResponse, ex.Kind);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_CancelledMidStream_ThrowsOperationCanceled()
    {
        var server = new FakeClock();
        await using var stack = await StartOnFakeTimeAsync(new FakeClock(), server);
        // A pause after 2 events keeps the stream open while we cancel, so the cancellation hits a pending read.
        stack.Emulator.Faults.Enqueue(EmulatorFault.IdleStream(2, TimeSpan.FromSeconds(3)), Chat);
        using var cts = new CancellationTokenSource();

        await using var updates = stack.Chat.GetStreamingResponseAsync(Messages("a longer prompt to stream"), cancellationToken: cts.Token).GetAsyncEnumerator();
        Assert.True(await updates.MoveNextAsync().AsTask().WaitAsync(TimeDriver.HangGuard));
        Assert.True(await updates.MoveNextAsync().AsTask().WaitAsync(TimeDriver.HangGuard));
        var third = updates.MoveNextAsync().AsTask();
        await server.WaitForCreatedTimersAsync(1).WaitAsync(TimeDriver.HangGuard);
        Assert.False(third.IsCompleted, "the server is paused, so the third read is pending");
        await cts.CancelAsync();

        var ex = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => third.WaitAsync(TimeDriver.HangGuard));
        Assert.IsNotType<LlmRequestException>(ex);
        Assert.Equal(1, stack.Emulator.RequestCount(Chat));
    }

    [Fact]
    public async Task GetStreamingResponseAsync_CancelledAfterFirstUpdateWithDataBuffered_StopsWithOperationCanceled()
    {
        await using var stack = await StartAsync();
        using var cts = new CancellationTokenSource();

        var updates = new List<ChatResponseUpdate>();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var update in stack.Chat.GetStreamingResponseAsync(Messages("a longer prompt to stream"), cancellationToken: cts.Token))
            {
                updates.Add(update);
                await cts.CancelAsync();
            }
        });

        Assert.Single(updates);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Chat_CancelledBeforeCall_ThrowsOperationCanceledAndSendsNothing(bool streaming)
    {
        await using var stack = await StartAsync();
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();

        var ex = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => GetTextAsync(stack.Chat, "hi", streaming, cts.Token));

        Assert.IsNotType<LlmRequestException>(ex);
        Assert.Equal(0, stack.Emulator.RequestCount(Chat));
    }

    [Fact]
    public async Task GetResponseAsync_CancelledWhileWaitingForSlowServer_ThrowsOperationCanceled()
    {
        var server = new FakeClock();
        await using var stack = await StartOnFakeTimeAsync(new FakeClock(), server);
        stack.Emulator.Faults.Enqueue(EmulatorFault.SlowFirstByte(TimeSpan.FromSeconds(3)), Chat);
        using var cts = new CancellationTokenSource();

        var call = stack.Chat.GetResponseAsync(Messages("hi"), cancellationToken: cts.Token);
        await server.WaitForCreatedTimersAsync(1).WaitAsync(TimeDriver.HangGuard);
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call.WaitAsync(TimeDriver.HangGuard));

        Assert.Equal(1, stack.Emulator.RequestCount(Chat));
    }

    /// <summary>
    /// The stack with the client on <paramref name="clock"/> and the emulator on <paramref name="server"/> (pass the same
    /// clock for both to compare a server pause with a client budget). Every timeout is off unless the test sets it, so
    /// each timer on <paramref name="clock"/> is one the test means to fire.
    /// </summary>
    private static Task<OpenAIStack> StartOnFakeTimeAsync(FakeClock clock, FakeClock server, Action<global::LlmClients.OpenAI.OpenAIOptions>? configure = null)
        => StartAsync(
            o =>
            {
                o.Resilience.FirstByteTimeout = Timeout.InfiniteTimeSpan;
                o.Resilience.RequestTimeout = Timeout.InfiniteTimeSpan;
                o.Resilience.StreamIdleTimeout = Timeout.InfiniteTimeSpan;
                configure?.Invoke(o);
            },
            new LlmEmulatorOptions { TimeProvider = server },
            services => services.AddSingleton<TimeProvider>(clock));

    /// <summary>Once the emulator holds the <paramref name="heldRequests"/>-th attempt, fires that attempt's first-byte timeout.</summary>
    private static async Task FireFirstByteTimeoutAsync(FakeClock clock, FakeClock server, int heldRequests, TimeSpan firstByteTimeout)
    {
        await server.WaitForCreatedTimersAsync(heldRequests).WaitAsync(TimeDriver.HangGuard);
        Assert.Equal(firstByteTimeout, clock.NextTimerDueIn);
        clock.Advance(firstByteTimeout);
    }

    /// <summary>Waits for the retry delay (with <paramref name="armed"/> client timers then armed in all) and fires it.</summary>
    private static async Task FireRetryDelayAsync(FakeClock clock, int armed)
    {
        await clock.WaitForTimersAsync(armed).WaitAsync(TimeDriver.HangGuard);
        clock.Advance(clock.NextTimerDueIn!.Value);
    }

    internal static async Task<string> GetTextAsync(IChatClient chat, string prompt, bool streaming, CancellationToken cancellationToken = default)
    {
        if (!streaming)
        {
            return (await chat.GetResponseAsync(Messages(prompt), cancellationToken: cancellationToken)).Text;
        }

        var text = new System.Text.StringBuilder();
        await foreach (var update in chat.GetStreamingResponseAsync(Messages(prompt), cancellationToken: cancellationToken))
        {
            text.Append(update.Text);
        }

        return text.ToString();
    }
}
