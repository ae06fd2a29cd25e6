using System.Text.Json;
using LlmClients.Testing;
using static LlmClients.IntegrationTests.OpenAI.OpenAIStack;

namespace LlmClients.IntegrationTests.OpenAI;

/// <summary>Chat through the whole stack (DI, handlers, loopback socket, emulator, SSE, normalizer).</summary>
public class OpenAIChatEndToEndTests
{
    private const string WeatherSchema = """{"type":"object","properties":{"location":{"type":"string"}},"required":["location"]}""";

    [Fact]
    public async Task GetResponseAsync_PlainPrompt_ReturnsDeterministicReplyWithMetadata()
    {
        await using var stack = await StartAsync();
        const string Prompt = "你好 world";

        var response = await stack.Chat.GetResponseAsync(Messages(Prompt));

        var expected = EmulatorReplies.ChatText(ChatModel, Prompt);
        Assert.Equal(expected, response.Text);
        Assert.Equal(ChatModel, response.ModelId);
        Assert.StartsWith("chatcmpl-emu-", response.ResponseId);
        Assert.Equal(ChatFinishReason.Stop, response.FinishReason);
        var logged = Assert.Single(stack.Emulator.Requests.Snapshot());
        Assert.StartsWith("req_emu_", response.GetRequestId());
        Assert.Equal($"Bearer {ApiKey}", logged.Headers["authorization"]);
        var prompt = EmulatorReplies.EstimateTokens("Be brief.".Length + Prompt.Length);
        var completion = EmulatorReplies.EstimateTokens(expected.Length);
        Assert.NotNull(response.Usage);
        Assert.Equal(prompt, response.Usage.InputTokenCount);
        Assert.Equal(completion, response.Usage.OutputTokenCount);
        Assert.Equal(prompt + completion, response.Usage.TotalTokenCount);

        var body = stack.SingleRequestBody("chat/completions");
        Assert.Equal(ChatModel, body.GetProperty("model").GetString());
        Assert.False(body.TryGetProperty("stream", out _), "a non-streaming request must not send 'stream'");
        Assert.False(body.TryGetProperty("stream_options", out _));
        var messages = body.GetProperty("messages").EnumerateArray().ToList();
        Assert.Equal(2, messages.Count);
        Assert.Equal("system", messages[0].GetProperty("role").GetString());
        Assert.Equal("Be brief.", messages[0].GetProperty("content").GetString());
        Assert.Equal("user", messages[1].GetProperty("role").GetString());
        Assert.Equal(Prompt, messages[1].GetProperty("content").GetString());
    }

    [Fact]
    public async Task GetResponseAsync_RequestIdHeader_IsSurfaced()
    {
        await using var stack = await StartAsync();

        var first = await stack.Chat.GetResponseAsync(Messages("one"));
        var second = await stack.Chat.GetResponseAsync(Messages("two"));

        // The emulator numbers x-request-id per request; the response must carry the header's value, not the body id.
        Assert.Matches("^req_emu_[0-9]+$", first.GetRequestId());
        Assert.Matches("^req_emu_[0-9]+$", second.GetRequestId());
        Assert.NotEqual(first.GetRequestId(), second.GetRequestId());
    }

    [Fact]
    public async Task GetStreamingResponseAsync_PlainPrompt_StreamsDeltasThenOneUsageAndStopAtTheEnd()
    {
        await using var stack = await StartAsync();
        const string Prompt = "stream me please";

        var updates = new List<ChatResponseUpdate>();
        await foreach (var update in stack.Chat.GetStreamingResponseAsync(Messages(Prompt)))
        {
            updates.Add(update);
        }

        var expected = EmulatorReplies.ChatText(ChatModel, Prompt);
        Assert.Equal(expected, string.Concat(updates.Select(u => u.Text)));
        Assert.Equal(EmulatorReplies.SplitForStreaming(expected).Count, updates.Count(u => u.Text.Length > 0));
        var usages = updates.SelectMany((u, i) => u.Contents.OfType<UsageContent>().Select(c => (Index: i, c.Details))).ToList();
        var usage = Assert.Single(usages);
        Assert.Equal(updates.Count - 1, usage.Index);
        Assert.Equal(EmulatorReplies.EstimateTokens(expected.Length), usage.Details.OutputTokenCount);
        Assert.Equal(ChatFinishReason.Stop, updates[^1].FinishReason);
        Assert.All(updates[..^1], u => Assert.Null(u.FinishReason));
        // The request id rides on the first update (the emulator's header is known from the start) and on the last;
        // updates in between carry none, and ToChatResponse merges it into the response.
        var requestId = updates[0].GetRequestId();
        Assert.StartsWith("req_emu_", requestId);
        Assert.Equal(requestId, updates[^1].GetRequestId());
        Assert.All(updates, u => Assert.True(u.GetRequestId() is null || u.GetRequestId() == requestId, $"update request id {u.GetRequestId()}"));
        Assert.Equal(requestId, updates.ToChatResponse().GetRequestId());
        Assert.All(updates, u => Assert.StartsWith("chatcmpl-emu-", u.ResponseId));
        Assert.Equal(ChatModel, updates[^1].ModelId);

        var body = stack.SingleRequestBody("chat/completions");
        Assert.True(body.GetProperty("stream").GetBoolean());
        Assert.True(body.GetProperty("stream_options").GetProperty("include_usage").GetBoolean());
        Assert.Equal(ChatModel, body.GetProperty("model").GetString());
        Assert.Equal("text/event-stream", Assert.Single(stack.Emulator.Requests.Snapshot()).Headers["accept"]);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_ToUpdatesThenResponse_MatchesNonStreaming()
    {
        await using var stack = await StartAsync();

        var streamed = new List<ChatResponseUpdate>();
        await foreach (var update in stack.Chat.GetStreamingResponseAsync(Messages("same answer")))
        {
            streamed.Add(update);
        }

        var whole = await stack.Chat.GetResponseAsync(Messages("same answer"));
        Assert.Equal(whole.Text, string.Concat(streamed.Select(u => u.Text)));
    }

    [Fact]
    public async Task GetResponseAsync_WeatherPromptWithTool_ReturnsFunctionCall()
    {
        await using var stack = await StartAsync();
        const string Prompt = "What is the weather in Paris?";
        var options = new ChatOptions { Tools = [TestContent.Function("get_weather", "Gets the weather.", WeatherSchema)] };

        var response = await stack.Chat.GetResponseAsync(Messages(Prompt), options);

        var call = Assert.Single(response.ToolCalls());
        Assert.StartsWith("call_emu_", call.CallId);
        Assert.Equal("get_weather", call.Name);
        AssertJsonEqual(EmulatorReplies.ToolArguments(Prompt), call.RawArguments());
        Assert.Equal(Prompt, Assert.IsType<JsonElement>(call.Arguments!["location"]).GetString());
        Assert.Equal(ChatFinishReason.ToolCalls, response.FinishReason);
        Assert.Equal(string.Empty, response.Text);

        var tools = stack.SingleRequestBody("chat/completions").GetProperty("tools");
        var function = Assert.Single(tools.EnumerateArray()).GetProperty("function");
        Assert.Equal("get_weather", function.GetProperty("name").GetString());
        AssertJsonEqual(WeatherSchema, function.GetProperty("parameters").GetRawText());
    }

    [Fact]
    public async Task GetStreamingResponseAsync_WeatherPromptWithTool_AssemblesOneCompleteFunctionCall()
    {
        await using var stack = await StartAsync();
        const string Prompt = "Weather in 北京, please";
        var options = new ChatOptions { Tools = [TestContent.Function("get_weather", "Gets the weather.", WeatherSchema)] };

        var updates = new List<ChatResponseUpdate>();
        await foreach (var update in stack.Chat.GetStreamingResponseAsync(Messages(Prompt), options))
        {
            updates.Add(update);
        }

        // The emulator streams the id and name in the first fragment and the arguments in several more.
        var calls = updates.SelectMany(u => u.Contents.OfType<FunctionCallContent>()).ToList();
        var call = Assert.Single(calls);
        Assert.StartsWith("call_emu_", call.CallId);
        Assert.Equal("get_weather", call.Name);
        Assert.Equal(EmulatorReplies.ToolArguments(Prompt), call.RawArguments());
        Assert.Equal(Prompt, Assert.IsType<JsonElement>(call.Arguments!["location"]).GetString());
        Assert.True(EmulatorReplies.SplitForStreaming(EmulatorReplies.ToolArguments(Prompt)).Count > 1, "the test needs fragmented arguments");
        Assert.Contains(call, updates[^1].Contents);
        Assert.Equal(ChatFinishReason.ToolCalls, updates[^1].FinishReason);
        Assert.Equal(string.Empty, string.Concat(updates.Select(u => u.Text)));
    }

    [Fact]
    public async Task GetResponseAsync_ReasoningModel_SurfacesReasoningSeparately()
    {
        await using var stack = await StartAsync();
        const string Model = "deepseek-reasoner";
        const string Prompt = "Why is the sky blue?";

        var response = await stack.Chat.GetResponseAsync(Messages(Prompt), new ChatOptions { ModelId = Model });

        Assert.Equal(EmulatorReplies.ChatText(Model, Prompt), response.Text);
        Assert.Equal(EmulatorReplies.ReasoningText(Model, Prompt), response.ReasoningText());
        Assert.Equal(Model, response.ModelId);
        Assert.Equal(EmulatorReplies.EstimateTokens(EmulatorReplies.ReasoningText(Model, Prompt).Length), response.Usage?.ReasoningTokenCount);
        Assert.Equal(Model, stack.SingleRequestBody("chat/completions").GetProperty("model").GetString());
    }

    [Fact]
    public async Task GetStreamingResponseAsync_ReasoningModel_StreamsReasoningSeparatelyFromText()
    {
        await using var stack = await StartAsync();
        const string Model = "deepseek-reasoner";
        const string Prompt = "Why is the sky blue?";

        var updates = new List<ChatResponseUpdate>();
        await foreach (var update in stack.Chat.GetStreamingResponseAsync(Messages(Prompt), new ChatOptions { ModelId = Model }))
        {
            updates.Add(update);
        }

        Assert.Equal(EmulatorReplies.ReasoningText(Model, Prompt), string.Concat(updates.Select(u => u.ReasoningText())));
        Assert.Equal(EmulatorReplies.ChatText(Model, Prompt), string.Concat(updates.Select(u => u.Text)));
        Assert.Equal(EmulatorReplies.SplitForStreaming(EmulatorReplies.ReasoningText(Model, Prompt)).Count, updates.Count(u => u.ReasoningText().Length > 0));

        // The emulator sends all reasoning before any text.
        var lastReasoning = updates.FindLastIndex(u => u.ReasoningText().Length > 0);
        var firstText = updates.FindIndex(u => u.Text.Length > 0);
        Assert.True(lastReasoning < firstText);
        Assert.Equal(ChatFinishReason.Stop, updates[^1].FinishReason);
    }

    internal static void AssertJsonEqual(string expected, string actual)
    {
        using var e = JsonDocument.Parse(expected);
        using var a = JsonDocument.Parse(actual);
        Assert.True(JsonElement.DeepEquals(e.RootElement, a.RootElement), $"expected {expected}, got {actual}");
    }
}
