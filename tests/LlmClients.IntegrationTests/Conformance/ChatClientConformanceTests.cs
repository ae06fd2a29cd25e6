using LlmClients.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace LlmClients.IntegrationTests.Conformance;

/// <summary>
/// The behaviour every <see cref="IChatClient"/> must share, whatever the vendor: run through <c>AddLlmProviders</c>, the real
/// handler chain and a loopback emulator. Each provider flavour subclasses this in a few lines. A vendor that
/// genuinely cannot do something overrides that test with a comment saying why; nothing is skipped silently.
/// </summary>
public abstract class ChatClientConformanceTests : IClassFixture<ConformanceEmulator>, IAsyncLifetime
{
    private readonly ConformanceEmulator _fixture;
    private ServiceProvider? _services;

    protected ChatClientConformanceTests(ConformanceEmulator fixture) => _fixture = fixture;

    /// <summary>Gets the emulator shared by the tests of this class.</summary>
    protected LlmEmulator Emulator => _fixture.Emulator;

    /// <summary>Gets the chat client under test, resolved as the unkeyed default.</summary>
    protected IChatClient Client => _services!.GetRequiredService<IChatClient>();

    internal abstract ConformanceProvider Provider { get; }

    public Task InitializeAsync()
    {
        Emulator.Faults.Clear();
        _services = Provider.BuildServices(Emulator);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        if (_services is not null)
        {
            await _services.DisposeAsync();
        }
    }

    /// <summary>Returns the reply the emulator sends for <paramref name="prompt"/> (the last user message) with the default model.</summary>
    protected virtual string ExpectedReply(string prompt) => EmulatorReplies.ChatText(Provider.ReplyModel, prompt);

    /// <summary>Makes the next chat request fail once with an error the retry policy absorbs.</summary>
    protected virtual void EnqueueTransientFailure() => Emulator.Faults.Enqueue(EmulatorFault.FailTimes(1, 503), Provider.ChatPath);

    [Fact]
    public async Task GetResponseAsync_Prompt_ReturnsDeterministicReplyWithStopUsageIdsAndProvider()
    {
        const string Prompt = "你好, conformance";

        var response = await Client.GetResponseAsync([new ChatMessage(ChatRole.User, Prompt)]);

        Assert.Equal(ExpectedReply(Prompt), response.Text);
        Assert.Equal(ChatFinishReason.Stop, response.FinishReason);
        Assert.NotNull(response.Usage);
        Assert.True(response.Usage.InputTokenCount > 0, $"input tokens: {response.Usage}");
        Assert.True(response.Usage.OutputTokenCount > 0, $"output tokens: {response.Usage}");
        Assert.Equal(response.Usage.InputTokenCount + response.Usage.OutputTokenCount, response.Usage.TotalTokenCount);
        Assert.False(string.IsNullOrEmpty(response.ResponseId) && string.IsNullOrEmpty(response.GetRequestId()), "ResponseId or RequestId must be set");
        Assert.Equal(Provider.ProviderName, Client.GetService<ChatClientMetadata>()?.ProviderName);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_Prompt_SeveralDeltasThenOneUsageAndFinishReasonInLastUpdate()
    {
        const string Prompt = "stream this reply, please";

        var updates = await ToListAsync(Client.GetStreamingResponseAsync([new ChatMessage(ChatRole.User, Prompt)]));

        Assert.Equal(ExpectedReply(Prompt), string.Concat(updates.Select(u => u.Text)));
        Assert.Equal(EmulatorReplies.SplitForStreaming(ExpectedReply(Prompt)).Count, updates.Count(u => u.Text.Length > 0));
        var usage = Assert.Single(updates.SelectMany(u => u.Contents).OfType<UsageContent>());
        Assert.Contains(usage, updates[^1].Contents);
        Assert.True(usage.Details.OutputTokenCount > 0, $"usage: {usage.Details}");
        Assert.Equal(ChatFinishReason.Stop, updates[^1].FinishReason);
        Assert.All(updates[..^1], u => Assert.Null(u.FinishReason));
    }

    [Fact]
    public async Task GetResponseAsync_SystemUserAssistantUserHistory_AnswersLastUserMessage()
    {
        ChatMessage[] history =
        [
            new(ChatRole.System, "You are a concise assistant."),
            new(ChatRole.User, "我是人工智能公司的创始人"),
            new(ChatRole.Assistant, "好的，有什么可以帮您？"),
            new(ChatRole.User, "帮我创作一个口号"),
        ];

        var response = await Client.GetResponseAsync(history);

        Assert.Equal(ExpectedReply("帮我创作一个口号"), response.Text);
        Assert.Equal(ChatFinishReason.Stop, response.FinishReason);
    }

    [Fact]
    public async Task GetResponseAsync_EmptyMessages_ThrowsArgumentExceptionBeforeAnyRequest()
    {
        var before = Emulator.Requests.Count;

        await Assert.ThrowsAsync<ArgumentException>(() => Client.GetResponseAsync([]));

        Assert.Equal(before, Emulator.Requests.Count);
    }

    [Fact]
    public void GetStreamingResponseAsync_EmptyMessages_ThrowsArgumentExceptionOnTheCall()
    {
        var before = Emulator.Requests.Count;

        // Style item 8: arguments are validated on the call, not on the first MoveNextAsync.
        Assert.Throws<ArgumentException>(() => Client.GetStreamingResponseAsync([]));

        Assert.Equal(before, Emulator.Requests.Count);
    }

    [Fact]
    public async Task GetResponseAsync_NegativeMaxOutputTokens_ThrowsArgumentOutOfRangeBeforeAnyRequest()
    {
        var before = Emulator.Requests.Count;

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Client.GetResponseAsync([new ChatMessage(ChatRole.User, "hi")], new ChatOptions { MaxOutputTokens = -1 }));

        Assert.Equal(before, Emulator.Requests.Count);
    }

    [Fact]
    public void GetStreamingResponseAsync_NegativeMaxOutputTokens_ThrowsArgumentOutOfRangeOnTheCall()
    {
        var before = Emulator.Requests.Count;

        Assert.Throws<ArgumentOutOfRangeException>(() => Client.GetStreamingResponseAsync([new ChatMessage(ChatRole.User, "hi")], new ChatOptions { MaxOutputTokens = -1 }));

        Assert.Equal(before, Emulator.Requests.Count);
    }

    [Fact]
    public async Task GetResponseAsync_PreCancelledToken_ThrowsOperationCanceled()
    {
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Client.GetResponseAsync([new ChatMessage(ChatRole.User, "hi")], cancellationToken: cts.Token));
    }

    [Fact]
    public async Task GetStreamingResponseAsync_PreCancelledToken_ThrowsOperationCanceled()
    {
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => ToListAsync(Client.GetStreamingResponseAsync([new ChatMessage(ChatRole.User, "hi")], cancellationToken: cts.Token)));
    }

    [Fact]
    public async Task GetStreamingResponseAsync_CancelledAfterFirstUpdate_ThrowsOperationCanceled()
    {
        using var cts = new CancellationTokenSource();
        var received = 0;

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var _ in Client.GetStreamingResponseAsync([new ChatMessage(ChatRole.User, "a reply long enough to stream in pieces")], cancellationToken: cts.Token))
            {
                received++;
                await cts.CancelAsync();
            }
        });

        Assert.Equal(1, received);
    }

    [Fact]
    public async Task GetResponseAsync_TransientServerErrorOnce_RetriedAndSucceeds()
    {
        var before = Emulator.RequestCount(Provider.ChatPath);
        EnqueueTransientFailure();

        var response = await Client.GetResponseAsync([new ChatMessage(ChatRole.User, "retry me")]);

        Assert.Equal(ExpectedReply("retry me"), response.Text);
        Assert.Equal(before + 2, Emulator.RequestCount(Provider.ChatPath));
    }

    [Fact]
    public async Task GetStreamingResponseAsync_TransientServerErrorOnce_RetriedAndStreams()
    {
        var before = Emulator.RequestCount(Provider.ChatPath);
        EnqueueTransientFailure();

        var updates = await ToListAsync(Client.GetStreamingResponseAsync([new ChatMessage(ChatRole.User, "retry my stream")]));

        Assert.Equal(ExpectedReply("retry my stream"), string.Concat(updates.Select(u => u.Text)));
        Assert.Equal(before + 2, Emulator.RequestCount(Provider.ChatPath));
    }

    [Fact]
    public async Task GetResponseAsync_BadRequest_ThrowsNonTransientWithProviderAndNoSecrets()
    {
        var before = Emulator.RequestCount(Provider.ChatPath);
        Emulator.Faults.Enqueue(EmulatorFault.Status(400), Provider.ChatPath);

        var ex = await Assert.ThrowsAsync<LlmRequestException>(() => Client.GetResponseAsync([new ChatMessage(ChatRole.User, "hi")]));

        AssertBadRequest(ex, before);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_BadRequest_ThrowsNonTransientWithProviderAndNoSecrets()
    {
        var before = Emulator.RequestCount(Provider.ChatPath);
        Emulator.Faults.Enqueue(EmulatorFault.Status(400), Provider.ChatPath);

        var ex = await Assert.ThrowsAsync<LlmRequestException>(() => ToListAsync(Client.GetStreamingResponseAsync([new ChatMessage(ChatRole.User, "hi")])));

        AssertBadRequest(ex, before);
    }

    protected static async Task<List<ChatResponseUpdate>> ToListAsync(IAsyncEnumerable<ChatResponseUpdate> stream)
    {
        var updates = new List<ChatResponseUpdate>();
        await foreach (var update in stream)
        {
            updates.Add(update);
        }

        return updates;
    }

    private void AssertBadRequest(LlmRequestException ex, int requestsBefore)
    {
        Assert.Equal(Provider.ProviderName, ex.Provider);
        Assert.Equal(400, ex.StatusCode);
        Assert.False(ex.IsTransient);
        Assert.Equal(requestsBefore + 1, Emulator.RequestCount(Provider.ChatPath)); // Not retried.
        foreach (var secret in Provider.Secrets)
        {
            Assert.DoesNotContain(secret, ex.Message, StringComparison.Ordinal);
            Assert.DoesNotContain(secret, ex.ToString(), StringComparison.Ordinal);
        }
    }
}
