using System.Text.Json;
using System.Text.Json.Nodes;
using LlmClients.OpenAI;
using LlmClients.OpenAICompatible;
using LlmClients.Shared;
using LlmClients.Tests.TestSupport;

namespace LlmClients.Tests.Contract;

/// <summary>
/// What the OpenAI-shaped wire carries (OpenAI, DeepSeek, DashScope compatible, Zhipu, Qianfan v2) in the cases mutation
/// testing showed unchecked: output caps, tool choice, response formats, reasoning dialects, content joining, media and errors.
/// </summary>
public sealed class OpenAIMappingMutationTests
{
    private static readonly ChatMessage[] Hi = [new(ChatRole.User, "hi")];

    private static OpenAICompatibleSettings Settings(MediaInput media = MediaInput.Image | MediaInput.Audio, ReasoningDialect reasoning = ReasoningDialect.ReasoningEffort, bool maxCompletion = false, bool sendReasoning = false)
        => new()
        {
            ProviderName = "acme",
            InstanceName = "main",
            BaseUrl = new Uri("http://fake.test/v1/"),
            Vendor = "OpenAI",
            Media = media,
            Reasoning = reasoning,
            UseMaxCompletionTokens = maxCompletion,
            SendReasoningContent = sendReasoning,
        };

    private static JsonNode Wire(IReadOnlyList<ChatMessage> messages, ChatOptions? options = null, OpenAICompatibleSettings? settings = null)
        => JsonNode.Parse(OpenAIChatMapper.Serialize(OpenAIChatMapper.ToWire(messages, options, "m", stream: false, settings ?? Settings()), null, null))!;

    private static OpenAIChatResponse Response(string json) => JsonSerializer.Deserialize(json, OpenAIJsonContext.Default.OpenAIChatResponse)!;

    [Theory]
    [InlineData(true, "max_completion_tokens", "max_tokens")]
    [InlineData(false, "max_tokens", "max_completion_tokens")]
    public void MaxOutputTokens_GoesToTheProfilesField_Only(bool useMaxCompletionTokens, string sent, string absent)
    {
        var body = Wire(Hi, new ChatOptions { MaxOutputTokens = 77 }, Settings(maxCompletion: useMaxCompletionTokens)).AsObject();

        Assert.Equal(77, (int)body[sent]!);
        Assert.False(body.ContainsKey(absent));
    }

    [Fact]
    public void ToolChoice_EachModeHasItsWireValue()
    {
        Assert.Null(OpenAIChatMapper.ToWireToolChoice(null));
        JsonAssert.Equal("""{"type":"function","function":{"name":"get_weather"}}""", OpenAIChatMapper.ToWireToolChoice(ChatToolMode.RequireSpecific("get_weather"))!.Value.GetRawText());
        Assert.Equal("required", OpenAIChatMapper.ToWireToolChoice(ChatToolMode.RequireAny)!.Value.GetString());
        Assert.Equal("none", OpenAIChatMapper.ToWireToolChoice(ChatToolMode.None)!.Value.GetString());
        Assert.Equal("auto", OpenAIChatMapper.ToWireToolChoice(ChatToolMode.Auto)!.Value.GetString());
    }

    [Fact]
    public void ToolChoice_SentOnlyWithTools()
    {
        var withTools = Wire(Hi, new ChatOptions { Tools = [Meai.Function("f")], ToolMode = ChatToolMode.None, AllowMultipleToolCalls = false }).AsObject();
        var without = Wire(Hi, new ChatOptions { ToolMode = ChatToolMode.None, AllowMultipleToolCalls = false }).AsObject();

        Assert.Equal("none", (string?)withTools["tool_choice"]);
        Assert.False((bool)withTools["parallel_tool_calls"]!);
        Assert.False(without.ContainsKey("tool_choice"));
        Assert.False(without.ContainsKey("parallel_tool_calls"));
    }

    [Theory]
    [InlineData(null, "response")]
    [InlineData("  ", "response")]
    [InlineData("weather", "weather")]
    public void ResponseFormat_SchemaName_DefaultsToResponse(string? name, string expected)
    {
        var schema = JsonSerializer.Deserialize<JsonElement>("""{"type":"object"}""");

        var body = Wire(Hi, new ChatOptions { ResponseFormat = ChatResponseFormat.ForJsonSchema(schema, name, "The weather") });

        Assert.Equal("json_schema", (string?)body["response_format"]!["type"]);
        Assert.Equal(expected, (string?)body["response_format"]!["json_schema"]!["name"]);
        Assert.Equal("The weather", (string?)body["response_format"]!["json_schema"]!["description"]);
    }

    [Fact]
    public void ResponseFormat_TextAndJsonObject()
    {
        Assert.Equal("text", (string?)Wire(Hi, new ChatOptions { ResponseFormat = ChatResponseFormat.Text })["response_format"]!["type"]);
        Assert.Equal("json_object", (string?)Wire(Hi, new ChatOptions { ResponseFormat = ChatResponseFormat.Json })["response_format"]!["type"]);
    }

    [Fact]
    public void Reasoning_NoControlOnTheWire_EffortNoneSendsNothing_AnyOtherThrows()
    {
        var settings = Settings(reasoning: ReasoningDialect.None);

        var body = Wire(Hi, new ChatOptions { Reasoning = new ReasoningOptions { Effort = ReasoningEffort.None } }, settings).AsObject();
        Assert.False(body.ContainsKey("reasoning_effort"));
        Assert.False(body.ContainsKey("enable_thinking"));
        Assert.False(body.ContainsKey("thinking"));

        var ex = Assert.Throws<NotSupportedException>(() => Wire(Hi, new ChatOptions { Reasoning = new ReasoningOptions { Effort = ReasoningEffort.Low } }, settings));
        Assert.Contains("ChatOptions.Reasoning.Effort = Low", ex.Message, StringComparison.Ordinal);
        Assert.Contains("OpenAI instance 'main' has no reasoning control", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(ReasoningEffort.None, "none")]
    [InlineData(ReasoningEffort.Low, "low")]
    [InlineData(ReasoningEffort.Medium, "medium")]
    [InlineData(ReasoningEffort.High, "high")]
    [InlineData(ReasoningEffort.ExtraHigh, "xhigh")]
    public void Reasoning_EffortDialect_SendsTheEffortName(ReasoningEffort effort, string expected)
    {
        Assert.Equal(expected, (string?)Wire(Hi, new ChatOptions { Reasoning = new ReasoningOptions { Effort = effort } })["reasoning_effort"]);
    }

    [Fact]
    public void EffortName_UnknownValue_ThrowsArgumentOutOfRange()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => OpenAIChatMapper.EffortName((ReasoningEffort)99));

        Assert.Equal("effort", ex.ParamName);
        Assert.Contains("not a ReasoningEffort value", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromWire_ToolCallWithoutIdOrName_GetsPositionalIdAndEmptyName()
    {
        var response = OpenAIChatMapper.FromWire(Response("""
            {"choices":[{"index":0,"message":{"role":"assistant","content":null,"tool_calls":[
              {"id":"call_a","type":"function","function":{"name":"f","arguments":"{}"}},
              {"type":"function","function":{"arguments":"{\"x\":1}"}}]}}]}
            """), null);

        var calls = response.FunctionCalls();
        Assert.Equal(("call_a", "f"), (calls[0].CallId, calls[0].Name));
        Assert.Equal(("call_1", string.Empty), (calls[1].CallId, calls[1].Name));
    }

    [Theory]
    [InlineData(null, "tool_calls")]
    [InlineData("\"stop\"", "tool_calls")]
    [InlineData("\"length\"", "length")]
    public void FromWire_ToolCalls_FinishReasonIsToolCallsUnlessTheServerSaidOtherwise(string? finishJson, string expected)
    {
        var finish = finishJson is null ? string.Empty : $",\"finish_reason\":{finishJson}";
        var response = OpenAIChatMapper.FromWire(Response($$$"""
            {"choices":[{"index":0,"message":{"role":"assistant","tool_calls":[{"id":"c","type":"function","function":{"name":"f","arguments":"{}"}}]}{{{finish}}}}]}
            """), null);

        Assert.Equal(new ChatFinishReason(expected), response.FinishReason);
    }

    [Fact]
    public void FromWire_HeaderRequestIdWins_BodyRequestIdIsTheFallback()
    {
        var wire = Response("""{"id":"r","request_id":"body-id","choices":[{"index":0,"message":{"role":"assistant","content":"x"}}]}""");

        Assert.Equal("header-id", OpenAIChatMapper.FromWire(wire, "header-id").GetRequestId());
        Assert.Equal("body-id", OpenAIChatMapper.FromWire(wire, null).GetRequestId());

        // A stream chunk carries its body id only; the stream loop lets the header's win (PreferBodyRequestId is false).
        var chunk = new LlmClients.Streaming.StreamChunk();
        OpenAIChunkReader.Read("""{"id":"r","request_id":"body-id","choices":[{"index":0,"delta":{"role":"assistant","content":"x"}}]}"""u8, chunk);
        Assert.Equal("body-id", chunk.RequestId);
        Assert.False(new OpenAIChatStreamDialect(null!).PreferBodyRequestId);
    }

    [Fact]
    public void FromWire_Usage_TotalFromTheServer_ElseTheSum()
    {
        var given = OpenAIChatMapper.FromWire(new OpenAIUsage { PromptTokens = 3, CompletionTokens = 2, TotalTokens = 9 })!;
        var summed = OpenAIChatMapper.FromWire(new OpenAIUsage { PromptTokens = 3, CompletionTokens = 2 })!;

        Assert.Equal(9, given.TotalTokenCount);
        Assert.Equal(5, summed.TotalTokenCount);
        Assert.Null(OpenAIChatMapper.FromWire((OpenAIUsage?)null));
    }

    [Fact]
    public void Message_SeveralTextContents_AreJoinedInOrder()
    {
        var body = Wire([new ChatMessage(ChatRole.User, [new TextContent("Hello, "), new TextContent("world"), new TextContent("!")])]);

        Assert.Equal("Hello, world!", (string?)body["messages"]![0]!["content"]);
    }

    [Fact]
    public void Message_TextAfterAnImage_StaysAfterItInTheParts()
    {
        var body = Wire([new ChatMessage(ChatRole.User, [new TextContent("before"), new UriContent("https://x.test/a.png", "image/png"), new TextContent("after")])]);

        var parts = body["messages"]![0]!["content"]!.AsArray();
        Assert.Equal(3, parts.Count);
        Assert.Equal(("text", "before"), ((string?)parts[0]!["type"], (string?)parts[0]!["text"]));
        Assert.Equal("https://x.test/a.png", (string?)parts[1]!["image_url"]!["url"]);
        Assert.Equal(("text", "after"), ((string?)parts[2]!["type"], (string?)parts[2]!["text"]));
    }

    [Fact]
    public void Message_SeveralToolCalls_AllSent()
    {
        var body = Wire(
        [
            new ChatMessage(ChatRole.User, "weather in two cities?"),
            new ChatMessage(ChatRole.Assistant, [ToolCalls.Call("c1", "weather", """{"city":"A"}"""), ToolCalls.Call("c2", "weather", """{"city":"B"}""")]),
        ]);

        var assistant = body["messages"]![1]!;
        var calls = assistant["tool_calls"]!.AsArray();
        Assert.Equal(["c1", "c2"], calls.Select(c => (string?)c!["id"]));
        Assert.Equal(["""{"city":"A"}""", """{"city":"B"}"""], calls.Select(c => (string?)c!["function"]!["arguments"]));
        Assert.Equal(JsonValueKind.Null, assistant["content"]?.GetValueKind() ?? JsonValueKind.Null);
        Assert.True(assistant.AsObject().ContainsKey("content"));
    }

    [Fact]
    public void Message_WithNoTextAndNoCalls_SendsEmptyStringContent()
    {
        var body = Wire([new ChatMessage(ChatRole.User, "hi"), new ChatMessage(ChatRole.Assistant, [new UsageContent(new UsageDetails())])]);

        Assert.Equal(string.Empty, (string?)body["messages"]![1]!["content"]);
    }

    [Fact]
    public void Message_UnsupportedContent_ThrowsNamingTheMessageTypeAndVendor()
    {
        var ex = Assert.Throws<ArgumentException>(() => Wire([new ChatMessage(ChatRole.User, "hi"), new ChatMessage(ChatRole.User, [new ErrorContent("boom")])]));

        Assert.Equal("messages", ex.ParamName);
        Assert.Contains("messages[1] contains ErrorContent, which OpenAI cannot take", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Message_NullContent_ThrowsNamingIt()
    {
        var ex = Assert.Throws<ArgumentException>(() => Wire([new ChatMessage(ChatRole.User, [null!])]));

        Assert.Equal("messages", ex.ParamName);
        Assert.Contains("messages[0] contains null content", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Media_AudioByUrl_IsNotSupported()
    {
        var ex = Assert.Throws<NotSupportedException>(() => Wire([new ChatMessage(ChatRole.User, [new UriContent("https://x.test/a.wav", "audio/wav")])]));

        Assert.Contains("messages[0] holds audio by URL (audio/wav)", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Load it into a DataContent", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Media_NotTakenByTheInstance_MessageSaysWhatItTakes()
    {
        var audio = new ChatMessage(ChatRole.User, [new DataContent(new byte[] { 1, 2 }, "audio/wav")]);

        var textOnly = Assert.Throws<NotSupportedException>(() => Wire([audio], settings: Settings(media: MediaInput.None)));
        var imageOnly = Assert.Throws<NotSupportedException>(() => Wire([audio], settings: Settings(media: MediaInput.Image)));

        Assert.EndsWith("cannot take in chat (text only on this API).", textOnly.Message, StringComparison.Ordinal);
        Assert.Contains("media type 'audio/wav'", textOnly.Message, StringComparison.Ordinal);
        Assert.EndsWith("cannot take in chat (it takes: Image).", imageOnly.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Media_ImageDetail_IsSent()
    {
        var image = new UriContent("https://x.test/a.png", "image/png") { AdditionalProperties = new() { ["detail"] = "low" } };

        var withDetail = Wire([new ChatMessage(ChatRole.User, [image])]);
        var without = Wire([new ChatMessage(ChatRole.User, [new UriContent("https://x.test/a.png", "image/png")])]);

        Assert.Equal("low", (string?)withDetail["messages"]![0]!["content"]![0]!["image_url"]!["detail"]);
        Assert.False(without["messages"]![0]!["content"]![0]!["image_url"]!.AsObject().ContainsKey("detail"));
    }

    [Theory]
    [InlineData("audio/wav", "wav")]
    [InlineData("audio/x-wav", "wav")]
    [InlineData("audio/wave", "wav")]
    [InlineData("audio/vnd.wave", "wav")]
    [InlineData("audio/WAV", "wav")]
    [InlineData("audio/mpeg", "mp3")]
    [InlineData("audio/mp3", "mp3")]
    [InlineData("audio/ogg", "ogg")]
    [InlineData("audio/flac", "flac")]
    public void Media_AudioFormat_FromTheMediaType(string mediaType, string format)
    {
        var body = Wire([new ChatMessage(ChatRole.User, [new DataContent(new byte[] { 1, 2, 3 }, mediaType)])]);

        var audio = body["messages"]![0]!["content"]![0]!;
        Assert.Equal("input_audio", (string?)audio["type"]);
        Assert.Equal(format, (string?)audio["input_audio"]!["format"]);
        Assert.Equal("AQID", (string?)audio["input_audio"]!["data"]);
    }

    [Theory]
    [InlineData("""["a", {"type":"text","text":"b"}, {"type":"image_url","image_url":{"url":"u"}}, {"type":"text","text":1}, 3, "c"]""", "abc")]
    [InlineData("null", null)]
    [InlineData("\"plain\"", "plain")]
    public void Content_ReadAsStringArrayOrNull(string contentJson, string? expected)
    {
        var response = Response($$$"""{"choices":[{"index":0,"message":{"role":"assistant","content":{{{contentJson}}}}}]}""");

        Assert.Equal(expected, response.Choices![0].Message!.Content.Text);
    }

    [Theory]
    [InlineData("42", "Number")]
    [InlineData("{}", "StartObject")]
    [InlineData("true", "True")]
    public void Content_OtherJson_ThrowsJsonExceptionNamingTheToken(string contentJson, string token)
    {
        var ex = Assert.Throws<JsonException>(() => Response($$$"""{"choices":[{"index":0,"message":{"role":"assistant","content":{{{contentJson}}}}}]}"""));

        Assert.Contains($"A message content must be a string, an array or null, not {token}.", ex.Message, StringComparison.Ordinal);
    }
}
