using LlmClients.Testing;
using static LlmClients.IntegrationTests.OpenAI.OpenAIStack;

namespace LlmClients.IntegrationTests.OpenAI;

/// <summary>Retries, errors, timeouts and cancellation through the whole stack. Budgets are small real times; no tight timing is asserted.</summary>
public class OpenAIResilienceEndToEndTests
{
    private const string Chat = "chat/completions";

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public async Task GetResponseAsync_429WithRetryAfter_RetriesOnceAndSucceeds(int retryAfterSeconds)
    {
        await using var stack = await StartAsync();
        stack.Emulator.Faults.Enqueue(EmulatorFault.Status(429, TimeSpan.FromSeconds(retryAfterSeconds)), Chat);

        var response = await stack.Chat.GetResponseAsync(Messages("hi"));

        Assert.Equal(EmulatorReplies.ChatText(ChatModel, "hi"), response.Text);
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
        await using var stack = await StartAsync(o =>
        {
            o.Resilience.MaxRetries = 1;
            o.Resilience.FirstByteTimeout = TimeSpan.FromMilliseconds(300);
        });
        stack.Emulator.Faults.Enqueue(EmulatorFault.SlowFirstByte(TimeSpan.FromSeconds(3)), Chat);
        stack.Emulator.Faults.Enqueue(EmulatorFault.SlowFirstByte(TimeSpan.FromSeconds(3)), Chat);

        var ex = await Assert.ThrowsAsync<LlmRequestException>(() => GetTextAsync(stack.Chat, "hi", streaming));

        Assert.Equal(LlmErrorKind.Timeout, ex.Kind);
        Assert.True(ex.IsTransient);
        Assert.Equal(2, stack.Emulator.RequestCount(Chat));
    }

    [Fact]
    public async Task GetResponseAsync_SlowFirstByteOnce_IsRetriedAndSucceeds()
    {
        await using var stack = await StartAsync(o => o.Resilience.FirstByteTimeout = TimeSpan.FromMilliseconds(300));
        stack.Emulator.Faults.Enqueue(EmulatorFault.SlowFirstByte(TimeSpan.FromSeconds(3)), Chat);

        var response = await stack.Chat.GetResponseAsync(Messages("hi"));

        Assert.Equal(EmulatorReplies.ChatText(ChatModel, "hi"), response.Text);
        Assert.Equal(2, stack.Emulator.RequestCount(Chat));
    }

    [Fact]
    public async Task GetStreamingResponseAsync_IdleBeyondBudget_ThrowsTimeoutMidStream()
    {
        await using var stack = await StartAsync(o => o.Resilience.StreamIdleTimeout = TimeSpan.FromMilliseconds(300));
        stack.Emulator.Faults.Enqueue(EmulatorFault.IdleStream(2, TimeSpan.FromSeconds(3)), Chat);

        var updates = new List<ChatResponseUpdate>();
        var ex = await Assert.ThrowsAsync<LlmRequestException>(async () =>
        {
            await foreach (var update in stack.Chat.GetStreamingResponseAsync(Messages("a longer prompt to stream")))
            {
                updates.Add(update);
            }
        });

        Assert.Equal(LlmErrorKind.Timeout, ex.Kind);
        Assert.Equal(2, updates.Count);
        Assert.Equal(1, stack.Emulator.RequestCount(Chat));
    }

    [Fact]
    public async Task GetStreamingResponseAsync_IdleWithinBudget_Completes()
    {
        await using var stack = await StartAsync(o => o.Resilience.StreamIdleTimeout = TimeSpan.FromSeconds(5));
        stack.Emulator.Faults.Enqueue(EmulatorFault.IdleStream(2, TimeSpan.FromMilliseconds(200)), Chat);

        var text = await GetTextAsync(stack.Chat, "hi there", streaming: true);

        Assert.Equal(EmulatorReplies.ChatText(ChatModel, "hi there"), text);
    }

    [Fact]
    public async Task GetResponseAsync_RequestTimeoutShorterThanSlowAttemptsWithRetries_ThrowsTimeout()
    {
        // The fault header applies to every attempt, so every retry is slow too; the whole-call budget ends the call.
        await using var stack = await StartAsync(o =>
        {
            o.Resilience.MaxRetries = 3;
            o.Resilience.FirstByteTimeout = TimeSpan.FromMilliseconds(250);
            o.Resilience.RequestTimeout = TimeSpan.FromMilliseconds(400);
            o.Headers[LlmEmulator.FaultHeader] = EmulatorFault.SlowFirstByte(TimeSpan.FromSeconds(3)).ToString();
        });

        var ex = await Assert.ThrowsAsync<LlmRequestException>(() => stack.Chat.GetResponseAsync(Messages("hi")));

        Assert.Equal(LlmErrorKind.Timeout, ex.Kind);
        Assert.InRange(stack.Emulator.RequestCount(Chat), 1, 3);
    }

    [Fact]
    public async Task GetResponseAsync_RequestTimeoutShorterThanSlowFirstByte_ThrowsTimeout()
    {
        await using var stack = await StartAsync(o =>
        {
            o.Resilience.RequestTimeout = TimeSpan.FromMilliseconds(300);
            o.Headers[LlmEmulator.FaultHeader] = EmulatorFault.SlowFirstByte(TimeSpan.FromSeconds(3)).ToString();
        });

        var ex = await Assert.ThrowsAsync<LlmRequestException>(() => stack.Chat.GetResponseAsync(Messages("hi")));

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
        await using var stack = await StartAsync();
        // A pause after 2 events keeps the stream open while we cancel, so the cancellation hits a pending read.
        stack.Emulator.Faults.Enqueue(EmulatorFault.IdleStream(2, TimeSpan.FromSeconds(3)), Chat);
        using var cts = new CancellationTokenSource();

        var updates = new List<ChatResponseUpdate>();
        var ex = await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var update in stack.Chat.GetStreamingResponseAsync(Messages("a longer prompt to stream"), cancellationToken: cts.Token))
            {
                updates.Add(update);
                if (updates.Count == 2)
                {
                    cts.CancelAfter(50);
                }
            }
        });

        Assert.IsNotType<LlmRequestException>(ex);
        Assert.Equal(2, updates.Count);
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
        await using var stack = await StartAsync();
        stack.Emulator.Faults.Enqueue(EmulatorFault.SlowFirstByte(TimeSpan.FromSeconds(3)), Chat);
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => stack.Chat.GetResponseAsync(Messages("hi"), cancellationToken: cts.Token));

        Assert.Equal(1, stack.Emulator.RequestCount(Chat));
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
