using System.Text.Json;
using LlmClients.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace LlmClients.IntegrationTests.Flavours;

/// <summary>
/// <see cref="ChatOptions.Reasoning"/> end to end: each flavour spells it in its own dialect (<c>reasoning_effort</c>,
/// <c>enable_thinking</c> at the top or in DashScope's <c>parameters</c>, Zhipu's <c>thinking.type</c>), and the emulator
/// answers with <c>reasoning_content</c> only when that switch says thinking is on.
/// </summary>
public sealed class ReasoningEndToEndTests : IAsyncLifetime
{
    private const string Prompt = "Why is the sky blue?";

    private LlmEmulator _emulator = null!;
    private ServiceProvider _services = null!;

    public async Task InitializeAsync()
    {
        _emulator = await LlmEmulator.StartAsync();

        // Plain models: the emulator reasons only when asked to.
        _services = AllFlavours.Build(_emulator, name => name switch
        {
            "openai" => "gpt-4o-mini",
            "dashscope-compatible" or "dashscope-native" => "qwen-plus",
            "zhipu" => "glm-4.5",
            "qianfan-v2" => "ernie-x1-turbo-32k",
            "spark" => "x1",
            _ => "ernie-lite-8k",
        });
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        await _emulator.DisposeAsync();
    }

    [Theory]
    [InlineData("openai", "gpt-4o-mini")]
    [InlineData("dashscope-compatible", "qwen-plus")]
    [InlineData("dashscope-native", "qwen-plus")]
    [InlineData("zhipu", "glm-4.5")]
    [InlineData("qianfan-v2", "ernie-x1-turbo-32k")]
    [InlineData("spark", "x1")]
    public async Task Stream_EffortHigh_SendsThinkingOnAndStreamsReasoningBeforeText(string name, string model)
    {
        var options = new ChatOptions { Reasoning = new ReasoningOptions { Effort = ReasoningEffort.High } };

        var updates = await StreamAsync(name, options);

        Assert.Equal(EmulatorReplies.ReasoningText(model, Prompt), string.Concat(updates.Select(u => u.ReasoningText())));
        Assert.Equal(EmulatorReplies.ChatText(model, Prompt), string.Concat(updates.Select(u => u.Text)));
        Assert.True(updates.FindLastIndex(u => u.ReasoningText().Length > 0) < updates.FindIndex(u => u.Text.Length > 0), "reasoning comes before the answer");
        AssertSwitch(name, on: true);
    }

    [Theory]
    [InlineData("openai", "deepseek-reasoner")]
    [InlineData("dashscope-compatible", "qwen3-235b-a22b-thinking-2507")]
    [InlineData("dashscope-native", "qwen3-235b-a22b-thinking-2507")]
    [InlineData("zhipu", "glm-4.1v-thinking-flash")]
    [InlineData("qianfan-v2", "deepseek-reasoner")]
    public async Task Chat_EffortNone_SendsThinkingOffAndReasoningModelAnswersWithoutReasoning(string name, string model)
    {
        // Control: without a switch the emulator treats this model as a thinking one.
        var control = await StreamAsync(name, new ChatOptions { ModelId = model });
        Assert.Equal(EmulatorReplies.ReasoningText(model, Prompt), string.Concat(control.Select(u => u.ReasoningText())));
        _emulator.Requests.Clear();

        var response = await Chat(name).GetResponseAsync(Prompt, new ChatOptions { ModelId = model, Reasoning = new ReasoningOptions { Effort = ReasoningEffort.None } });

        Assert.Equal(EmulatorReplies.ChatText(model, Prompt), response.Text);
        Assert.Equal(string.Empty, response.ReasoningText());
        AssertSwitch(name, on: false);
    }

    [Fact]
    public async Task DashScopeNative_ThinkingWithoutStreaming_ThrowsArgumentExceptionBeforeAnyRequest()
    {
        var options = new ChatOptions { Reasoning = new ReasoningOptions { Effort = ReasoningEffort.Medium } };

        var ex = await Assert.ThrowsAsync<ArgumentException>(() => Chat("dashscope-native").GetResponseAsync(Prompt, options));

        Assert.Contains("GetStreamingResponseAsync", ex.Message, StringComparison.Ordinal);
        Assert.Empty(_emulator.Requests.Snapshot());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task QianfanV1_Thinking_ThrowsNotSupportedBeforeAnyRequest(bool streaming)
    {
        var options = new ChatOptions { Reasoning = new ReasoningOptions { Effort = ReasoningEffort.Low } };
        var chat = Chat("qianfan-v1");

        var ex = streaming
            ? Assert.Throws<NotSupportedException>(() => chat.GetStreamingResponseAsync(Prompt, options))
            : await Assert.ThrowsAsync<NotSupportedException>(() => chat.GetResponseAsync(Prompt, options));

        Assert.Contains("Qianfan v1", ex.Message, StringComparison.Ordinal);
        Assert.Empty(_emulator.Requests.Snapshot());
        Assert.Equal(0, _emulator.Qianfan.TokenExchangeCount);
    }

    private IChatClient Chat(string name) => _services.GetRequiredKeyedService<IChatClient>(name);

    private async Task<List<ChatResponseUpdate>> StreamAsync(string name, ChatOptions options)
    {
        var updates = new List<ChatResponseUpdate>();
        await foreach (var update in Chat(name).GetStreamingResponseAsync(Prompt, options))
        {
            updates.Add(update);
        }

        return updates;
    }

    /// <summary>Checks the one request sent spells the switch in the flavour's dialect, and no other dialect's.</summary>
    private void AssertSwitch(string name, bool on)
    {
        var request = Assert.Single(_emulator.Requests.Snapshot());
        using var body = JsonDocument.Parse(request.Body);
        var root = body.RootElement;
        var fields = name == "dashscope-native" ? root.GetProperty("parameters") : root;
        var (key, expected) = name switch
        {
            "openai" or "qianfan-v2" => ("reasoning_effort", on ? "\"high\"" : "\"none\""),
            "dashscope-compatible" or "dashscope-native" => ("enable_thinking", on ? "true" : "false"),
            "zhipu" or "spark" => ("thinking", on ? """{"type":"enabled"}""" : """{"type":"disabled"}"""),
            _ => throw new ArgumentOutOfRangeException(nameof(name), name, null),
        };
        Assert.True(fields.TryGetProperty(key, out var value), $"{name} should send '{key}': {request.Body}");
        Assert.Equal(expected, value.GetRawText());
        foreach (var other in new[] { "reasoning_effort", "enable_thinking", "thinking" }.Where(k => k != key))
        {
            Assert.False(root.TryGetProperty(other, out _), $"{name} should not send '{other}': {request.Body}");
            if (name == "dashscope-native")
            {
                Assert.False(fields.TryGetProperty(other, out _), $"{name} should not send parameters.{other}: {request.Body}");
            }
        }

        if (name == "dashscope-native")
        {
            Assert.False(root.TryGetProperty("enable_thinking", out _), "native DashScope sends enable_thinking in parameters only");
        }
    }
}
