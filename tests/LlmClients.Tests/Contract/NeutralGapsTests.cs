using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using LlmClients.DashScope;
using LlmClients.OpenAICompatible;
using LlmClients.Shared;

namespace LlmClients.Tests.Contract;

/// <summary>Per-message vendor fields, logprobs, structured-output refusals and documents by URL, on the shared mapper and DashScope.</summary>
public sealed class NeutralGapsTests
{
    private static OpenAICompatibleSettings Settings(MediaInput media = MediaInput.Image) => new()
    {
        ProviderName = "acme",
        InstanceName = "main",
        BaseUrl = new Uri("http://fake.test/v1/"),
        Vendor = "OpenAI",
        Media = media,
    };

    private static JsonNode Body(IReadOnlyList<ChatMessage> messages, OpenAICompatibleSettings? settings = null)
        => JsonNode.Parse(OpenAIChatMapper.Serialize(OpenAIChatMapper.ToWire(messages, null, "m", stream: false, settings ?? Settings()), null, null!))!;

    private static OpenAIChatResponse Response(string json) => JsonSerializer.Deserialize(json, OpenAIJsonContext.Default.OpenAIChatResponse)!;

    [Fact]
    public void Serialize_MessageAdditionalProperties_ReachTheWireMessage()
    {
        ChatMessage[] messages = [new(ChatRole.User, "写一首诗"), new(ChatRole.Assistant, "春眠不觉晓") { AdditionalProperties = new() { ["partial"] = true } }];

        var body = Body(messages);

        Assert.True(body["messages"]![1]!["partial"]!.GetValue<bool>());
        Assert.Null(body["messages"]![0]!["partial"]);
    }

    [Fact]
    public void Serialize_MessageExtraReplacingContent_Rejected()
    {
        ChatMessage[] messages = [new(ChatRole.User, "hi") { AdditionalProperties = new() { ["content"] = "other" } }];

        var ex = Assert.Throws<ArgumentException>(() => Body(messages));

        Assert.Contains("content", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DashScopeNative_PartialAssistant_GoesIntoInputMessages()
    {
        ChatMessage[] messages = [new(ChatRole.User, "续写"), new(ChatRole.Assistant, "从前") { AdditionalProperties = new() { ["partial"] = true } }];
        var settings = DashScope.DashScopeTestHarness.Settings();
        var (wire, _) = DashScopeChatMapper.ToWire(messages, null, "qwen-plus", stream: false, settings.NativeProfile());

        var body = JsonNode.Parse(DashScopeChatMapper.Serialize(wire, null, null!))!;

        Assert.True(body["input"]!["messages"]![1]!["partial"]!.GetValue<bool>());
    }

    [Fact]
    public void FromWire_Logprobs_ReturnedUnderTheDocumentedKey()
    {
        var response = OpenAIChatMapper.FromWire(Response("""{"choices":[{"index":0,"finish_reason":"stop","message":{"role":"assistant","content":"2"},"logprobs":{"content":[{"top_logprobs":[{"logprob":0.0,"bytes":[50],"token":"2"}],"logprob":0.0,"bytes":[50],"token":"2"}]}}]}"""), null);

        var logprobs = Assert.IsType<JsonElement>(response.AdditionalProperties![LlmAdditionalProperties.Logprobs]);
        Assert.Equal("2", logprobs.GetProperty("content")[0].GetProperty("token").GetString());
    }

    [Fact]
    public void FromWire_Refusal_SurfacedAsTextWithContentFilter()
    {
        var response = OpenAIChatMapper.FromWire(Response("""{"choices":[{"index":0,"finish_reason":"stop","message":{"role":"assistant","content":null,"refusal":"I can't help with that."}}]}"""), null);

        Assert.Equal("I can't help with that.", response.Text);
        Assert.Equal(ChatFinishReason.ContentFilter, response.FinishReason);
        Assert.Equal("I can't help with that.", response.AdditionalProperties![LlmAdditionalProperties.Refusal]);
    }

    [Fact]
    public void ToWire_DocumentUrl_BecomesDocUrlPartWhereTheProfileTakesDocuments()
    {
        ChatMessage[] messages = [new(ChatRole.User, [new TextContent("总结这份文档"), new UriContent("https://example.com/report.pdf", "application/pdf")])];

        var body = Body(messages, Settings(MediaInput.Document));

        var part = body["messages"]![0]!["content"]![1]!;
        Assert.Equal("doc_url", part["type"]!.GetValue<string>());
        Assert.Equal("https://example.com/report.pdf", part["doc_url"]![0]!.GetValue<string>());
        Assert.Throws<NotSupportedException>(() => Body(messages));
    }

    [Fact]
    public async Task DashScope_DocumentUrlToOtherModel_RejectedBeforeTheCall()
    {
        using var mock = new RichardSzalay.MockHttp.MockHttpMessageHandler();
        var chat = DashScope.DashScopeTestHarness.Chat(mock);
        ChatMessage[] messages = [new(ChatRole.User, [new TextContent("总结"), new UriContent("https://example.com/a.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document")])];

        var ex = await Assert.ThrowsAsync<ArgumentException>(() => chat.GetResponseAsync(messages, new ChatOptions { ModelId = "qwen-plus" }));

        Assert.Contains("qwen-doc-turbo", ex.Message, StringComparison.Ordinal);
        Assert.Equal("messages", ex.ParamName);
    }

    [Fact]
    public void DashScope_DocumentUrlToQwenDoc_GoesToTextGenerationAsDocUrl()
    {
        ChatMessage[] messages = [new(ChatRole.User, [new TextContent("总结"), new UriContent("https://example.com/a.pdf", "application/pdf")])];
        var settings = DashScope.DashScopeTestHarness.Settings();

        Assert.False(DashScopeChatMapper.IsMultimodal(messages, "qwen-doc-turbo"));
        var (wire, _) = DashScopeChatMapper.ToWire(messages, null, "qwen-doc-turbo", stream: false, settings.NativeProfile());
        var body = JsonNode.Parse(Encoding.UTF8.GetString(DashScopeChatMapper.Serialize(wire, null, null!)))!;

        Assert.Equal("doc_url", body["input"]!["messages"]![0]!["content"]![1]!["type"]!.GetValue<string>());
    }
}
