using System.Net;
using System.Text.Json;
using LlmClients.OpenAICompatible;
using LlmClients.Tests.DashScope;
using LlmClients.Tests.OpenAICompatible;
using LlmClients.Tests.TestSupport;
using RichardSzalay.MockHttp;

namespace LlmClients.Tests.Streaming;

/// <summary>
/// Logprobs and structured-output refusals on streamed updates: each update keeps its own chunk's, the final update carries the
/// whole choice's, so <c>ToChatResponse()</c> equals the non-streaming mapping; chunks without them allocate no extras.
/// </summary>
public sealed class StreamedLogprobsAndRefusalTests
{
    private const string Head = """data: {"id":"chatcmpl-lp","object":"chat.completion.chunk","created":1770950778,"model":"gpt-4o-mini","choices":""";

    private static string Token(string token, double logprob) => $$"""{"token":"{{token}}","logprob":{{logprob.ToString(System.Globalization.CultureInfo.InvariantCulture)}},"bytes":[{{string.Join(",", System.Text.Encoding.UTF8.GetBytes(token))}}],"top_logprobs":[]}""";

    private static readonly string LogprobsStream = string.Join("\n\n",
        Head + """[{"index":0,"delta":{"role":"assistant","content":"","refusal":null},"logprobs":null,"finish_reason":null}]}""",
        Head + $$"""[{"index":0,"delta":{"content":"The"},"logprobs":{"content":[{{Token("The", -0.25)}}],"refusal":null},"finish_reason":null}]}""",
        Head + """[{"index":0,"delta":{"content":" sea"},"logprobs":null,"finish_reason":null}]}""",
        Head + $$"""[{"index":0,"delta":{"content":" sky"},"logprobs":{"content":[{{Token(" sky", -0.5)}},{{Token(".", -0.125)}}],"refusal":null},"finish_reason":null}]}""",
        Head + """[{"index":0,"delta":{},"logprobs":null,"finish_reason":"stop"}]}""",
        "data: [DONE]",
        "");

    private static readonly string RefusalStream = string.Join("\n\n",
        Head + """[{"index":0,"delta":{"role":"assistant","content":null,"refusal":""},"logprobs":null,"finish_reason":null}]}""",
        Head + """[{"index":0,"delta":{"refusal":"I'm sorry, "},"logprobs":null,"finish_reason":null}]}""",
        Head + """[{"index":0,"delta":{"refusal":"I can't help."},"logprobs":null,"finish_reason":null}]}""",
        Head + """[{"index":0,"delta":{},"logprobs":null,"finish_reason":"stop"}]}""",
        "data: [DONE]",
        "");

    private static async Task<List<ChatResponseUpdate>> StreamAsync(string sse)
    {
        using var mock = new MockHttpMessageHandler();
        mock.Expect(HttpMethod.Post, OpenAITestClients.BaseUrl + "chat/completions")
            .Respond(_ => new HttpResponseMessage(HttpStatusCode.OK) { Content = OpenAITestClients.Sse(sse) });
        var updates = await OpenAITestClients.Chat(mock).GetStreamingResponseAsync("hi", new ChatOptions { AdditionalProperties = new() { ["logprobs"] = true } }).ToListAsync();
        mock.VerifyNoOutstandingExpectation();
        return updates;
    }

    [Fact]
    public async Task GetStreamingResponseAsync_Logprobs_PerUpdateAndWholeOnTheLast()
    {
        var updates = await StreamAsync(LogprobsStream);

        // Each chunk's own logprobs on its update; a chunk without any has no extras at all (the request id rides on the first).
        Assert.Equal("The", Logprobs(updates[1]).GetProperty("content")[0].GetProperty("token").GetString());
        Assert.Null(updates[2].AdditionalProperties);
        Assert.Equal(2, Logprobs(updates[3]).GetProperty("content").GetArrayLength());

        var response = updates.ToChatResponse();
        var whole = OpenAIChatMapper.FromWire(
            JsonSerializer.Deserialize("""{"choices":[{"index":0,"finish_reason":"stop","message":{"role":"assistant","content":"The sea sky"},"logprobs":{"content":[""" + Token("The", -0.25) + "," + Token(" sky", -0.5) + "," + Token(".", -0.125) + """],"refusal":null}}]}""", OpenAIJsonContext.Default.OpenAIChatResponse)!,
            null);
        Assert.True(JsonElement.DeepEquals(Logprobs(whole.AdditionalProperties!), Logprobs(response.AdditionalProperties!)), Logprobs(response.AdditionalProperties!).GetRawText());
        Assert.Equal(whole.Text, response.Text);
        Assert.Equal(whole.FinishReason, response.FinishReason);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_Refusal_IsTheTextWithContentFilterNeverEmpty()
    {
        var updates = await StreamAsync(RefusalStream);

        var response = updates.ToChatResponse();

        Assert.Equal("I'm sorry, I can't help.", response.Text);
        Assert.Equal(ChatFinishReason.ContentFilter, response.FinishReason);
        Assert.Equal("I'm sorry, I can't help.", response.AdditionalProperties![LlmAdditionalProperties.Refusal]);
        Assert.Equal("I'm sorry, ", updates[1].AdditionalProperties![LlmAdditionalProperties.Refusal]);
        Assert.Equal(ChatFinishReason.ContentFilter, updates[^1].FinishReason);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_NoLogprobs_NoLogprobsKeyAnywhere()
    {
        var updates = await StreamAsync(Fixture.Read("OpenAI/stream-usage-tail.txt"));

        Assert.All(updates, u => Assert.False(u.AdditionalProperties?.ContainsKey(LlmAdditionalProperties.Logprobs) ?? false));
        Assert.All(updates, u => Assert.False(u.AdditionalProperties?.ContainsKey(LlmAdditionalProperties.Refusal) ?? false));
        Assert.Equal(ChatFinishReason.Stop, updates.ToChatResponse().FinishReason);
    }

    [Fact]
    public async Task DashScopeNative_StreamedLogprobs_GatheredLikeTheNonStreamingChoice()
    {
        const string Sse = """
            id:1
            event:result
            :HTTP_STATUS/200
            data:{"output":{"choices":[{"message":{"content":"1+1","role":"assistant"},"logprobs":{"content":[{"token":"1+1","logprob":-0.5,"bytes":[49,43,49],"top_logprobs":[]}]},"finish_reason":"null"}]},"request_id":"r"}

            id:2
            event:result
            :HTTP_STATUS/200
            data:{"output":{"choices":[{"message":{"content":"=2","role":"assistant"},"logprobs":{"content":[{"token":"=2","logprob":0.0,"bytes":[61,50],"top_logprobs":[]}]},"finish_reason":"stop"}]},"request_id":"r"}

            """;
        using var mock = new MockHttpMessageHandler();
        mock.Expect(HttpMethod.Post, DashScopeTestHarness.GenerationUrl).Respond(_ => new HttpResponseMessage(HttpStatusCode.OK) { Content = DashScopeTestHarness.Sse(Sse) });

        var response = await DashScopeTestHarness.Chat(mock).GetStreamingResponseAsync("1+1?", new ChatOptions { ModelId = "qwen-plus" }).ToChatResponseAsync();

        var tokens = Logprobs(response.AdditionalProperties!).GetProperty("content").EnumerateArray().Select(t => t.GetProperty("token").GetString());
        Assert.Equal(["1+1", "=2"], tokens);
        Assert.Equal("1+1=2", response.Text);
    }

    private static JsonElement Logprobs(ChatResponseUpdate update) => Logprobs(update.AdditionalProperties!);

    private static JsonElement Logprobs(AdditionalPropertiesDictionary properties) => Assert.IsType<JsonElement>(properties[LlmAdditionalProperties.Logprobs]);
}
