using System.Net;
using System.Text.Json;
using LlmClients.Testing;
using static LlmClients.IntegrationTests.Emulator.EmulatorHarness;

namespace LlmClients.IntegrationTests.Emulator;

public class EmulatorChatTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ChatCompletions_NonStream_ReturnsOpenAIShape(bool inProcess)
    {
        await using var emulator = await StartAsync(inProcess);
        using var client = emulator.CreateClient();

        using var response = await SendAsync(client, Post("v1/chat/completions", ChatBody("你好 world")));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("req_emu_", response.Headers.GetValues("x-request-id").Single());
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var root = doc.RootElement;
        Assert.StartsWith("chatcmpl-emu-", root.GetProperty("id").GetString());
        Assert.Equal("chat.completion", root.GetProperty("object").GetString());
        Assert.True(root.GetProperty("created").GetInt64() > 0);
        Assert.Equal("gpt-4o-mini", root.GetProperty("model").GetString());
        var choice = root.GetProperty("choices")[0];
        Assert.Equal("stop", choice.GetProperty("finish_reason").GetString());
        Assert.Equal("assistant", choice.GetProperty("message").GetProperty("role").GetString());
        var expected = EmulatorReplies.ChatText("gpt-4o-mini", "你好 world");
        Assert.Equal(expected, choice.GetProperty("message").GetProperty("content").GetString());
        var usage = root.GetProperty("usage");
        var prompt = EmulatorReplies.EstimateTokens("Be brief.".Length + "你好 world".Length);
        var completion = EmulatorReplies.EstimateTokens(expected.Length);
        Assert.Equal(prompt, usage.GetProperty("prompt_tokens").GetInt32());
        Assert.Equal(completion, usage.GetProperty("completion_tokens").GetInt32());
        Assert.Equal(prompt + completion, usage.GetProperty("total_tokens").GetInt32());
        Assert.Equal(1, emulator.RequestCount("chat/completions"));
        var logged = emulator.Requests.Snapshot().Single();
        Assert.Equal("POST", logged.Method);
        Assert.Equal("/v1/chat/completions", logged.Path);
        Assert.Contains("world", logged.Body);
        Assert.Equal("Bearer test-key", logged.Headers["authorization"]);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ChatCompletions_Stream_EndsWithUsageChunkThenDone(bool inProcess)
    {
        await using var emulator = await StartAsync(inProcess);
        using var client = emulator.CreateClient();

        using var response = await SendAsync(client, Post("v1/chat/completions", ChatBody("stream me", stream: true, extra: ""","stream_options":{"include_usage":true}""")));

        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        var frames = await ReadFramesAsync(response);
        Assert.Equal("[DONE]", frames[^1]);
        var chunks = frames[..^1].Select(f => JsonDocument.Parse(f).RootElement).ToList();
        Assert.All(chunks, c => Assert.Equal("chat.completion.chunk", c.GetProperty("object").GetString()));
        Assert.Single(chunks.Select(c => c.GetProperty("id").GetString()).Distinct());
        var usageChunk = chunks[^1];
        Assert.Equal(0, usageChunk.GetProperty("choices").GetArrayLength());
        Assert.True(usageChunk.GetProperty("usage").GetProperty("total_tokens").GetInt32() > 0);
        var contentChunks = chunks[..^1];
        Assert.All(contentChunks, c => Assert.Equal(JsonValueKind.Null, c.GetProperty("usage").ValueKind));
        Assert.All(contentChunks[..^1], c => Assert.Equal(JsonValueKind.Null, c.GetProperty("choices")[0].GetProperty("finish_reason").ValueKind));
        Assert.Equal("stop", contentChunks[^1].GetProperty("choices")[0].GetProperty("finish_reason").GetString());
        var text = string.Concat(contentChunks.Select(c => c.GetProperty("choices")[0].GetProperty("delta").TryGetProperty("content", out var p) ? p.GetString() : ""));
        Assert.Equal(EmulatorReplies.ChatText("gpt-4o-mini", "stream me"), text);
        Assert.Equal(
            EmulatorReplies.SplitForStreaming(EmulatorReplies.ChatText("gpt-4o-mini", "stream me")).Count,
            contentChunks.Count(c => c.GetProperty("choices")[0].GetProperty("delta").TryGetProperty("content", out var p) && p.GetString()!.Length > 0));
    }

    [Fact]
    public async Task ChatCompletions_StreamWithoutIncludeUsage_HasNoUsageChunk()
    {
        await using var emulator = await StartAsync(inProcess: true);
        using var client = emulator.CreateClient();

        using var response = await SendAsync(client, Post("v1/chat/completions", ChatBody("hi", stream: true)));

        var frames = await ReadFramesAsync(response);
        Assert.Equal("[DONE]", frames[^1]);
        Assert.All(frames[..^1], f => Assert.Equal(1, JsonDocument.Parse(f).RootElement.GetProperty("choices").GetArrayLength()));
    }

    private const string WeatherTools = ""","tools":[{"type":"function","function":{"name":"get_weather","parameters":{"type":"object"}}},{"type":"function","function":{"name":"other"}}]""";

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ChatCompletions_StreamToolCall_SendsFragmentsByIndex(bool inProcess)
    {
        await using var emulator = await StartAsync(inProcess);
        using var client = emulator.CreateClient();

        using var response = await SendAsync(client, Post("v1/chat/completions", ChatBody("weather in 北京", stream: true, extra: WeatherTools)));

        var frames = await ReadFramesAsync(response);
        var deltas = frames[..^1].Select(f => JsonDocument.Parse(f).RootElement.GetProperty("choices")[0]).ToList();
        var fragments = deltas
            .Where(d => d.GetProperty("delta").TryGetProperty("tool_calls", out _))
            .Select(d => d.GetProperty("delta").GetProperty("tool_calls")[0])
            .ToList();
        // The first fragment carries id and name, then one fragment per streamed piece of the arguments.
        Assert.Equal(1 + EmulatorReplies.SplitForStreaming(EmulatorReplies.ToolArguments("weather in 北京")).Count, fragments.Count);
        Assert.All(fragments, f => Assert.Equal(0, f.GetProperty("index").GetInt32()));
        Assert.StartsWith("call_emu_", fragments[0].GetProperty("id").GetString());
        Assert.Equal("get_weather", fragments[0].GetProperty("function").GetProperty("name").GetString());
        Assert.All(fragments.Skip(1), f => Assert.False(f.TryGetProperty("id", out _) || f.GetProperty("function").TryGetProperty("name", out _)));
        var arguments = string.Concat(fragments.Select(f => f.GetProperty("function").GetProperty("arguments").GetString()));
        Assert.Equal(EmulatorReplies.ToolArguments("weather in 北京"), arguments);
        Assert.Equal("北京", JsonDocument.Parse(arguments).RootElement.GetProperty("location").GetString()![^2..]);
        Assert.Equal("tool_calls", deltas[^1].GetProperty("finish_reason").GetString());
    }

    [Fact]
    public async Task ChatCompletions_ToolChoiceNamesFunction_CallsIt()
    {
        await using var emulator = await StartAsync(inProcess: true);
        using var client = emulator.CreateClient();
        var extra = WeatherTools + ""","tool_choice":{"type":"function","function":{"name":"other"}}""";

        using var response = await SendAsync(client, Post("v1/chat/completions", ChatBody("no keyword here", extra: extra)));

        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var choice = doc.RootElement.GetProperty("choices")[0];
        Assert.Equal("tool_calls", choice.GetProperty("finish_reason").GetString());
        var call = choice.GetProperty("message").GetProperty("tool_calls")[0];
        Assert.Equal("other", call.GetProperty("function").GetProperty("name").GetString());
        Assert.Equal(JsonValueKind.Null, choice.GetProperty("message").GetProperty("content").ValueKind);
    }

    [Fact]
    public async Task ChatCompletions_ToolsWithoutTrigger_RepliesWithText()
    {
        await using var emulator = await StartAsync(inProcess: true);
        using var client = emulator.CreateClient();

        using var response = await SendAsync(client, Post("v1/chat/completions", ChatBody("hello", extra: WeatherTools)));

        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("stop", doc.RootElement.GetProperty("choices")[0].GetProperty("finish_reason").GetString());
    }

    [Fact]
    public async Task ChatCompletions_JsonMode_RepliesWithJsonObject()
    {
        await using var emulator = await StartAsync(inProcess: true);
        using var client = emulator.CreateClient();

        using var response = await SendAsync(client, Post("v1/chat/completions", ChatBody("json please", extra: ""","response_format":{"type":"json_object"}""")));

        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var content = doc.RootElement.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString()!;
        Assert.Equal(EmulatorReplies.ChatText("gpt-4o-mini", "json please"), JsonDocument.Parse(content).RootElement.GetProperty("echo").GetString());
    }

    [Fact]
    public async Task ChatCompletions_ReasoningModelStream_SendsReasoningBeforeContent()
    {
        await using var emulator = await StartAsync(inProcess: true);
        using var client = emulator.CreateClient();

        using var response = await SendAsync(client, Post("v1/chat/completions", ChatBody("why", stream: true, model: "deepseek-reasoner")));

        var deltas = (await ReadFramesAsync(response))[..^1].Select(f => JsonDocument.Parse(f).RootElement.GetProperty("choices")[0].GetProperty("delta")).ToList();
        var firstReasoning = deltas.FindIndex(d => d.TryGetProperty("reasoning_content", out _));
        var firstContent = deltas.FindIndex(d => d.TryGetProperty("content", out var c) && c.GetString()!.Length > 0);
        Assert.InRange(firstReasoning, 0, firstContent - 1);
        var reasoning = string.Concat(deltas.Where(d => d.TryGetProperty("reasoning_content", out _)).Select(d => d.GetProperty("reasoning_content").GetString()));
        Assert.Equal(EmulatorReplies.ReasoningText("deepseek-reasoner", "why"), reasoning);
    }

    [Fact]
    public async Task ChatCompletions_ReasoningModel_NonStreamHasReasoningContent()
    {
        await using var emulator = await StartAsync(inProcess: true);
        using var client = emulator.CreateClient();

        using var response = await SendAsync(client, Post("v1/chat/completions", ChatBody("why", model: "glm-thinking")));

        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var message = doc.RootElement.GetProperty("choices")[0].GetProperty("message");
        Assert.Equal(EmulatorReplies.ReasoningText("glm-thinking", "why"), message.GetProperty("reasoning_content").GetString());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ChatCompletions_MissingModel_Returns400WithParam(bool inProcess)
    {
        await using var emulator = await StartAsync(inProcess);
        using var client = emulator.CreateClient();

        using var response = await SendAsync(client, Post("v1/chat/completions", """{"messages":[{"role":"user","content":"x"}]}"""));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var error = doc.RootElement.GetProperty("error");
        Assert.Equal("invalid_request_error", error.GetProperty("type").GetString());
        Assert.Equal("model", error.GetProperty("param").GetString());
        Assert.Equal(JsonValueKind.Null, error.GetProperty("code").ValueKind);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("bad-key")]
    public async Task ChatCompletions_BadAuthorization_Returns401(string? key)
    {
        await using var emulator = await StartAsync(inProcess: false);
        using var client = emulator.CreateClient();

        using var response = await SendAsync(client, Post("v1/chat/completions", ChatBody("x"), key: key));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("invalid_api_key", doc.RootElement.GetProperty("error").GetProperty("code").GetString());
    }

    [Fact]
    public async Task Models_ListsModels()
    {
        await using var emulator = await StartAsync(inProcess: true);
        using var client = emulator.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(emulator.OpenAI.BaseUri, "models"));
        request.Headers.Authorization = new("Bearer", Key);

        using var response = await client.SendAsync(request);

        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("list", doc.RootElement.GetProperty("object").GetString());
        Assert.Contains(doc.RootElement.GetProperty("data").EnumerateArray(), m => m.GetProperty("id").GetString() == "gpt-4o-mini");
    }

    [Fact]
    public async Task StartAsync_BindsLoopbackPort()
    {
        await using var emulator = await LlmEmulator.StartAsync();

        Assert.Equal("127.0.0.1", emulator.BaseUri.Host);
        Assert.NotEqual(0, emulator.BaseUri.Port);
        Assert.Equal(new Uri(emulator.BaseUri, "v1/"), emulator.OpenAI.BaseUri);
        Assert.False(emulator.IsInProcess);
    }
}
