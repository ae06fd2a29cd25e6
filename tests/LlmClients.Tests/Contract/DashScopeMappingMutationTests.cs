using System.Text.Json;
using System.Text.Json.Nodes;
using LlmClients.DashScope;
using LlmClients.OpenAI;
using LlmClients.OpenAICompatible;
using LlmClients.Shared;
using LlmClients.Streaming;
using LlmClients.Tests.TestSupport;

namespace LlmClients.Tests.Contract;

/// <summary>
/// The native DashScope wire in the cases mutation testing showed unchecked: the text-format prompt shortcut, the
/// incremental_output switch, multimodal envelopes, text-format responses, request ids and usage totals.
/// </summary>
public sealed class DashScopeMappingMutationTests
{
    private static readonly OpenAICompatibleSettings Profile = new()
    {
        ProviderName = "dashscope",
        InstanceName = "qwen",
        BaseUrl = new Uri("http://fake.test/api/v1/"),
        Vendor = "DashScope",
        Reasoning = ReasoningDialect.EnableThinking,
        Media = MediaInput.Image | MediaInput.Audio | MediaInput.Video,
    };

    private static JsonNode Body(IReadOnlyList<ChatMessage> messages, ChatOptions? options = null, string model = "qwen-plus", bool stream = false)
    {
        var (request, _) = DashScopeChatMapper.ToWire(messages, options, model, stream, Profile);
        return JsonNode.Parse(DashScopeChatMapper.Serialize(request, options, null!))!;
    }

    private static DashScopeChatResponse Response(string json) => JsonSerializer.Deserialize(json, DashScopeJsonContext.Default.DashScopeChatResponse)!;

    private static ChatOptions TextFormat(string? instructions = null) => new() { Instructions = instructions, AdditionalProperties = new() { ["result_format"] = "text" } };

    [Fact]
    public void TextFormat_LoneUserTextTurn_GoesAsPrompt()
    {
        var body = Body([new ChatMessage(ChatRole.User, "hi")], TextFormat());

        Assert.Equal("hi", (string?)body["input"]!["prompt"]);
        Assert.False(body["input"]!.AsObject().ContainsKey("messages"));
        Assert.Equal("text", (string?)body["parameters"]!["result_format"]);
    }

    [Fact]
    public void TextFormat_WithInstructions_GoesAsMessages()
    {
        var body = Body([new ChatMessage(ChatRole.User, "hi")], TextFormat("Be brief."));

        Assert.False(body["input"]!.AsObject().ContainsKey("prompt"));
        var messages = body["input"]!["messages"]!.AsArray();
        Assert.Equal(("system", "Be brief."), ((string?)messages[0]!["role"], (string?)messages[0]!["content"]));
        Assert.Equal(("user", "hi"), ((string?)messages[1]!["role"], (string?)messages[1]!["content"]));
    }

    [Fact]
    public void TextFormat_UserTurnWithMoreThanText_GoesAsMessages()
    {
        var body = Body([new ChatMessage(ChatRole.User, [new TextContent("hi"), new UsageContent(new UsageDetails())])], TextFormat());

        Assert.False(body["input"]!.AsObject().ContainsKey("prompt"));
        Assert.Equal("hi", (string?)body["input"]!["messages"]![0]!["content"]);
    }

    public static TheoryData<object?, bool> IncrementalOutputValues => new()
    {
        { false, true },
        { "false", true },
        { JsonSerializer.Deserialize<JsonElement>("false"), true },
        { true, false },
        { "True", false },
        { JsonSerializer.Deserialize<JsonElement>("true"), false },
        { "maybe", false },
        { 0, false },
    };

    [Theory]
    [MemberData(nameof(IncrementalOutputValues))]
    public void IncrementalOutputExtra_FalseMeansCumulativeStream(object? value, bool cumulative)
    {
        var options = new ChatOptions { AdditionalProperties = new() { ["incremental_output"] = value } };

        var (_, mode) = DashScopeChatMapper.ToWire([new ChatMessage(ChatRole.User, "hi")], options, "qwen-plus", stream: true, Profile);

        Assert.Equal(cumulative ? TextStreamMode.Cumulative : TextStreamMode.Detect, mode);
    }

    [Fact]
    public void IncrementalOutput_Unset_DetectsAndAsksForDeltasWhenStreaming()
    {
        var (request, mode) = DashScopeChatMapper.ToWire([new ChatMessage(ChatRole.User, "hi")], new ChatOptions { AdditionalProperties = new() { ["other"] = false } }, "qwen-plus", stream: true, Profile);

        Assert.Equal(TextStreamMode.Detect, mode);
        Assert.True(request.Parameters.IncrementalOutput);
    }

    [Fact]
    public void Multimodal_ToolMessagesKeepStringContent_OthersBecomePartLists()
    {
        var body = Body(
        [
            new ChatMessage(ChatRole.User, "weather?"),
            new ChatMessage(ChatRole.Assistant, [ToolCalls.Call("c1", "weather", "{}")]),
            new ChatMessage(ChatRole.Tool, [new FunctionResultContent("c1", "晴")]),
        ],
        model: "qwen-vl-max");

        var messages = body["input"]!["messages"]!.AsArray();
        JsonAssert.Equal("""[{"text":"weather?"}]""", messages[0]!["content"]!.ToJsonString());
        Assert.Equal(("tool", "晴", "c1"), ((string?)messages[2]!["role"], (string?)messages[2]!["content"], (string?)messages[2]!["tool_call_id"]));
    }

    [Fact]
    public void Multimodal_AudioBytes_GoAsADataUri()
    {
        var body = Body([new ChatMessage(ChatRole.User, [new TextContent("what is said?"), new DataContent(new byte[] { 1, 2, 3 }, "audio/wav")])]);

        JsonAssert.Equal("""[{"text":"what is said?"},{"audio":"data:audio/wav;base64,AQID"}]""", body["input"]!["messages"]![0]!["content"]!.ToJsonString());
    }

    [Fact]
    public void FromWire_TextFormat_TextOrNothing_WithTheOutputAsRawRepresentation()
    {
        var withText = Response("""{"output":{"text":"你好","finish_reason":"stop"},"request_id":"r1"}""");
        var empty = Response("""{"output":{"text":"","finish_reason":"length"},"request_id":"r2"}""");

        var a = DashScopeChatMapper.FromWire(withText, "qwen-plus", null);
        var b = DashScopeChatMapper.FromWire(empty, "qwen-plus", null);

        Assert.Equal("你好", a.Text);
        Assert.Same(withText.Output, a.Messages[0].RawRepresentation);
        Assert.Equal(ChatFinishReason.Stop, a.FinishReason);
        Assert.Empty(b.Messages[0].Contents);
        Assert.Same(empty.Output, b.Messages[0].RawRepresentation);
        Assert.Equal(ChatFinishReason.Length, b.FinishReason);
    }

    [Fact]
    public void FromWire_RequestId_BodyFirst_HeaderAsFallback()
    {
        var withId = Response("""{"output":{"text":"x"},"request_id":"body-id"}""");
        var withoutId = Response("""{"output":{"text":"x"}}""");

        Assert.Equal("body-id", DashScopeChatMapper.FromWire(withId, "qwen-plus", "header-id").GetRequestId());
        Assert.Equal("header-id", DashScopeChatMapper.FromWire(withoutId, "qwen-plus", "header-id").GetRequestId());
        Assert.Null(DashScopeChatMapper.FromWire(withoutId, "qwen-plus", null).GetRequestId());

        // A stream event carries its body id; the stream loop applies the rule (body first for DashScope, then the header).
        var chunk = new LlmClients.Streaming.StreamChunk();
        DashScopeChatStreamDialect.Read("""{"output":{"text":"x"},"request_id":"body-id"}"""u8, chunk);
        Assert.Equal("body-id", chunk.RequestId);
        Assert.Equal("body-id", chunk.ResponseId);
        DashScopeChatStreamDialect.Read("""{"output":{"text":"x"}}"""u8, chunk.Reset());
        Assert.Null(chunk.RequestId);
        Assert.True(new DashScopeChatStreamDialect(null!, "m").PreferBodyRequestId);
    }

    [Fact]
    public void FromWire_Usage_TotalFromTheServer_ElseTheSum()
    {
        Assert.Equal(9, DashScopeChatMapper.FromWire(new DashScopeUsage(InputTokens: 3, OutputTokens: 2, TotalTokens: 9, PromptTokensDetails: null, OutputTokensDetails: null))!.TotalTokenCount);
        Assert.Equal(5, DashScopeChatMapper.FromWire(new DashScopeUsage(InputTokens: 3, OutputTokens: 2, TotalTokens: null, PromptTokensDetails: null, OutputTokensDetails: null))!.TotalTokenCount);
        Assert.Null(DashScopeChatMapper.FromWire((DashScopeUsage?)null));
    }
}
