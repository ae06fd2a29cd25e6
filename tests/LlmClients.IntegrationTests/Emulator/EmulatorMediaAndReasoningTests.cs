using System.Net;
using System.Text;
using System.Text.Json;
using LlmClients.Testing;
using static LlmClients.IntegrationTests.Emulator.EmulatorHarness;

namespace LlmClients.IntegrationTests.Emulator;

/// <summary>
/// The emulator's side of media and reasoning, checked with a plain HttpClient over a loopback socket: list contents on every
/// route (echoed as <see cref="EmulatorReplies.ImagePart"/> and friends, never a crash), the DashScope native
/// multimodal-generation route, and the thinking switches of each dialect.
/// </summary>
public sealed class EmulatorMediaAndReasoningTests
{
    private const string MultimodalPath = "api/v1/services/aigc/multimodal-generation/generation";

    private const string OpenAIParts = """
        [{"type":"text","text":"Describe "},{"type":"image_url","image_url":{"url":"data:image/png;base64,iVBORw0KGgo="}},
         {"type":"text","text":" and "},{"type":"input_audio","input_audio":{"data":"UklGRg==","format":"wav"}},
         {"type":"video_url","video_url":{"url":"https://example.com/v.mp4"}}]
        """;

    private const string NativeParts = """[{"text":"Describe "},{"image":"https://example.com/cat.png"},{"audio":"data:audio/wav;base64,UklGRg=="},{"video":"https://example.com/v.mp4"}]""";

    [Theory]
    [InlineData("v1/chat/completions")]
    [InlineData("compatible-mode/v1/chat/completions")]
    [InlineData("v2/chat/completions")]
    [InlineData("api/paas/v4/chat/completions")]
    public async Task OpenAIShapedRoutes_ContentParts_EchoTextAndEachMediaPartInOrder(string path)
    {
        await using var emulator = await LlmEmulator.StartAsync();
        using var client = emulator.CreateClient();
        var body = $$"""{"model":"vision-model","messages":[{"role":"system","content":[{"type":"text","text":"Be brief."}]},{"role":"user","content":{{OpenAIParts}}}]}""";

        using var response = await SendAsync(client, Post(path, body));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var prompt = "Describe " + EmulatorReplies.ImagePart + " and " + EmulatorReplies.AudioPart + EmulatorReplies.VideoPart;
        Assert.Equal(EmulatorReplies.ChatText("vision-model", prompt), doc.RootElement.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString());
        var promptTokens = EmulatorReplies.EstimateTokens("Be brief.".Length + prompt.Length);
        Assert.Equal(promptTokens, doc.RootElement.GetProperty("usage").GetProperty("prompt_tokens").GetInt32());
    }

    [Theory]
    [InlineData("""{"a":1}""")]
    [InlineData("42")]
    [InlineData("""[1,null,{"type":"text"},{"unknown":true},"raw"]""")]
    [InlineData("null")]
    public async Task ChatCompletions_OddContentShapes_AnswerWithoutCrashing(string content)
    {
        await using var emulator = await LlmEmulator.StartAsync();
        using var client = emulator.CreateClient();

        using var response = await SendAsync(client, Post("v1/chat/completions", $$"""{"model":"m","messages":[{"role":"user","content":{{content}}}]}"""));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.StartsWith(EmulatorReplies.ChatText("m", ""), doc.RootElement.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString());
    }

    [Fact]
    public async Task DashScopeMultimodal_NonStream_AnswersContentAsListOfTextParts()
    {
        await using var emulator = await LlmEmulator.StartAsync();
        using var client = emulator.CreateClient();
        var body = """{"model":"qwen-vl-max","input":{"messages":[{"role":"system","content":[{"text":"Be brief."}]},{"role":"user","content":""" + NativeParts + """}]},"parameters":{}}""";

        using var response = await SendAsync(client, Post(MultimodalPath, body));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("req_emu_", response.Headers.GetValues("X-Request-ID").Single());
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var choice = doc.RootElement.GetProperty("output").GetProperty("choices")[0];
        Assert.Equal("stop", choice.GetProperty("finish_reason").GetString());
        var content = Assert.Single(choice.GetProperty("message").GetProperty("content").EnumerateArray());
        var prompt = "Describe " + EmulatorReplies.ImagePart + EmulatorReplies.AudioPart + EmulatorReplies.VideoPart;
        Assert.Equal(EmulatorReplies.ChatText("qwen-vl-max", prompt), content.GetProperty("text").GetString());
        Assert.StartsWith("req_emu_", doc.RootElement.GetProperty("request_id").GetString());
        Assert.True(doc.RootElement.GetProperty("usage").GetProperty("input_tokens").GetInt32() > 0);
    }

    [Fact]
    public async Task DashScopeMultimodal_Stream_IncrementalListPartsUntilStop()
    {
        await using var emulator = await LlmEmulator.StartAsync();
        using var client = emulator.CreateClient();
        var request = Post(MultimodalPath, """{"model":"qwen-vl-plus","input":{"messages":[{"role":"user","content":[{"image":"https://example.com/a.png"},{"text":"what?"}]}]},"parameters":{"incremental_output":true}}""");
        request.Headers.Add("X-DashScope-SSE", "enable");

        using var response = await SendAsync(client, request);

        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        var events = NativeEvents(await response.Content.ReadAsStringAsync());
        Assert.True(events.Count > 2);
        var choices = events.Select(e => e.GetProperty("output").GetProperty("choices")[0]).ToList();
        Assert.All(choices[..^1], c => Assert.Equal("null", c.GetProperty("finish_reason").GetString()));
        Assert.Equal("stop", choices[^1].GetProperty("finish_reason").GetString());
        Assert.All(choices, c => Assert.Equal(JsonValueKind.Array, c.GetProperty("message").GetProperty("content").ValueKind));
        var text = string.Concat(choices.SelectMany(c => c.GetProperty("message").GetProperty("content").EnumerateArray()).Select(p => p.GetProperty("text").GetString()));
        Assert.Equal(EmulatorReplies.ChatText("qwen-vl-plus", EmulatorReplies.ImagePart + "what?"), text);
    }

    [Fact]
    public async Task DashScopeMultimodal_PromptInsteadOfMessages_400InvalidParameter()
    {
        await using var emulator = await LlmEmulator.StartAsync();
        using var client = emulator.CreateClient();

        using var response = await SendAsync(client, Post(MultimodalPath, """{"model":"qwen-vl-max","input":{"prompt":"hi"}}"""));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("InvalidParameter", JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("code").GetString());
    }

    [Fact]
    public async Task DashScopeTextGeneration_ListContent_EchoesWithoutCrashing()
    {
        await using var emulator = await LlmEmulator.StartAsync();
        using var client = emulator.CreateClient();
        var body = """{"model":"qwen-plus","input":{"messages":[{"role":"user","content":""" + NativeParts + """}]},"parameters":{"result_format":"message"}}""";

        using var response = await SendAsync(client, Post("api/v1/services/aigc/text-generation/generation", body));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var prompt = "Describe " + EmulatorReplies.ImagePart + EmulatorReplies.AudioPart + EmulatorReplies.VideoPart;
        Assert.Equal(EmulatorReplies.ChatText("qwen-plus", prompt), doc.RootElement.GetProperty("output").GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString());
    }

    [Fact]
    public async Task QianfanV1_ListContent_Http200Error336003()
    {
        await using var emulator = await LlmEmulator.StartAsync();
        using var client = emulator.CreateClient();
        using var tokenResponse = await client.PostAsync("oauth/2.0/token?grant_type=client_credentials&client_id=ak&client_secret=sk", null);
        var token = JsonDocument.Parse(await tokenResponse.Content.ReadAsStringAsync()).RootElement.GetProperty("access_token").GetString();

        using var response = await client.PostAsync(
            $"rpc/2.0/ai_custom/v1/wenxinworkshop/chat/completions?access_token={token}",
            new StringContent($$"""{"messages":[{"role":"user","content":{{OpenAIParts}}}]}""", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var error = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(336003, error.GetProperty("error_code").GetInt32());
        Assert.Contains("messages[0].content must be a string", error.GetProperty("error_msg").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("v1/chat/completions", "gpt-4o-mini", ""","reasoning_effort":"low" """, true)]
    [InlineData("v1/chat/completions", "deepseek-reasoner", ""","reasoning_effort":"none" """, false)]
    [InlineData("v1/chat/completions", "deepseek-reasoner", "", true)]
    [InlineData("compatible-mode/v1/chat/completions", "qwen-plus", ""","enable_thinking":true""", true)]
    [InlineData("compatible-mode/v1/chat/completions", "qwen-thinking", ""","enable_thinking":false""", false)]
    [InlineData("api/paas/v4/chat/completions", "glm-4.5", ""","thinking":{"type":"enabled"}""", true)]
    [InlineData("api/paas/v4/chat/completions", "glm-4.1v-thinking-flash", ""","thinking":{"type":"disabled"}""", false)]
    [InlineData("api/paas/v4/chat/completions", "glm-4.5", "", false)]
    public async Task ChatCompletions_ThinkingSwitch_DecidesReasoningContent(string path, string model, string extra, bool expectReasoning)
    {
        await using var emulator = await LlmEmulator.StartAsync();
        using var client = emulator.CreateClient();

        using var response = await SendAsync(client, Post(path, ChatBody("why", model: model, extra: extra.TrimEnd())));

        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var message = doc.RootElement.GetProperty("choices")[0].GetProperty("message");
        Assert.Equal(expectReasoning, message.TryGetProperty("reasoning_content", out var reasoning));
        if (expectReasoning)
        {
            Assert.Equal(EmulatorReplies.ReasoningText(model, "why"), reasoning.GetString());
        }

        Assert.Equal(EmulatorReplies.ChatText(model, "why"), message.GetProperty("content").GetString());
    }

    [Theory]
    [InlineData("qwen-plus", true, true)]
    [InlineData("qwen-thinking", false, false)]
    [InlineData("qwen-thinking", null, true)]
    [InlineData("qwen-plus", null, false)]
    public async Task DashScopeNative_EnableThinkingInParameters_DecidesReasoningContent(string model, bool? enableThinking, bool expectReasoning)
    {
        await using var emulator = await LlmEmulator.StartAsync();
        using var client = emulator.CreateClient();
        var thinking = enableThinking is null ? "" : $$""","enable_thinking":{{(enableThinking.Value ? "true" : "false")}}""";
        var request = Post("api/v1/services/aigc/text-generation/generation", $$$"""{"model":"{{{model}}}","input":{"messages":[{"role":"user","content":"why"}]},"parameters":{"result_format":"message","incremental_output":true{{{thinking}}}}}""");
        request.Headers.Add("X-DashScope-SSE", "enable");

        using var response = await SendAsync(client, request);

        var messages = NativeEvents(await response.Content.ReadAsStringAsync()).Select(e => e.GetProperty("output").GetProperty("choices")[0].GetProperty("message")).ToList();
        var reasoning = string.Concat(messages.Select(m => m.TryGetProperty("reasoning_content", out var r) ? r.GetString() : ""));
        Assert.Equal(expectReasoning ? EmulatorReplies.ReasoningText(model, "why") : "", reasoning);
        Assert.Equal(EmulatorReplies.ChatText(model, "why"), string.Concat(messages.Select(m => m.GetProperty("content").GetString())));
    }

    /// <summary>The JSON payloads of a native DashScope SSE body (<c>data:</c> lines, no space after the colon).</summary>
    private static List<JsonElement> NativeEvents(string body) =>
        [.. body.Split('\n').Where(l => l.StartsWith("data:", StringComparison.Ordinal)).Select(l => JsonDocument.Parse(l["data:".Length..]).RootElement.Clone())];
}
