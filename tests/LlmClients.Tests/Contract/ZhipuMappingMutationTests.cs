using System.Text.Json.Nodes;
using LlmClients.OpenAI;
using LlmClients.OpenAICompatible;
using LlmClients.Shared;
using LlmClients.Tests.TestSupport;
using LlmClients.Zhipu;

namespace LlmClients.Tests.Contract;

/// <summary>The Zhipu body in the cases mutation testing showed unchecked: validation, bare base64 images, vendor tools.</summary>
public sealed class ZhipuMappingMutationTests
{
    private static readonly OpenAICompatibleSettings Settings = new()
    {
        ProviderName = "zhipu",
        InstanceName = "glm",
        BaseUrl = new Uri("http://fake.test/api/paas/v4/"),
        Vendor = "Zhipu",
        Reasoning = ReasoningDialect.ThinkingType,
        Media = MediaInput.Image,
    };

    private static JsonNode Body(IReadOnlyList<ChatMessage> messages, ChatOptions? options = null)
        => JsonNode.Parse(ZhipuChatMapper.BuildBody(messages, options, "glm-4v", stream: false, Settings, null))!;

    [Fact]
    public void ValidateConversation_SeveralUserMessages_IsAccepted()
    {
        Assert.Null(Record.Exception(() => ZhipuChatMapper.ValidateConversation([new ChatMessage(ChatRole.User, "a"), new ChatMessage(ChatRole.Assistant, "b"), new ChatMessage(ChatRole.User, "c")])));
        Assert.Null(Record.Exception(() => ZhipuChatMapper.ValidateConversation([new ChatMessage(ChatRole.User, "a"), new ChatMessage(ChatRole.User, "b")])));
    }

    [Fact]
    public void ValidateConversation_NoUser_ThrowsWithParamName()
    {
        var ex = Assert.Throws<ArgumentException>(() => ZhipuChatMapper.ValidateConversation([new ChatMessage(ChatRole.System, "a"), new ChatMessage(ChatRole.Assistant, "b")]));

        Assert.Equal("messages", ex.ParamName);
        Assert.Contains("no user message", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Message_AdditionalProperties_ReachTheWireMessage()
    {
        var body = Body([new ChatMessage(ChatRole.User, [new TextContent("describe"), new DataContent(new byte[] { 1, 2, 3 }, "image/png")]) { AdditionalProperties = new() { ["name"] = "alice" } }, new ChatMessage(ChatRole.Assistant, "ok")]);

        Assert.Equal("alice", (string?)body["messages"]![0]!["name"]);
        Assert.Equal("AQID", (string?)body["messages"]![0]!["content"]![1]!["image_url"]!["url"]);
        Assert.Null(body["messages"]![1]!["name"]);
    }

    [Fact]
    public void Message_ExtraReplacingContent_Rejected()
    {
        var ex = Assert.Throws<ArgumentException>(() => Body([new ChatMessage(ChatRole.User, "hi") { AdditionalProperties = new() { ["content"] = "other" } }]));

        Assert.Contains("content", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Image_OnlyPartAsBytes_GoesAsBareBase64()
    {
        var body = Body([new ChatMessage(ChatRole.User, [new DataContent(new byte[] { 1, 2, 3 }, "image/png")])]);

        Assert.Equal("AQID", (string?)body["messages"]![0]!["content"]![0]!["image_url"]!["url"]);
    }

    [Fact]
    public void Image_BytesAndUrl_OnlyTheBytesAreStripped()
    {
        var body = Body([new ChatMessage(ChatRole.User, [new TextContent("compare"), new UriContent("https://x.test/a.png", "image/png"), new DataContent(new byte[] { 4, 5, 6 }, "image/jpeg")])]);

        var parts = body["messages"]![0]!["content"]!.AsArray();
        Assert.Equal("compare", (string?)parts[0]!["text"]);
        Assert.Equal("https://x.test/a.png", (string?)parts[1]!["image_url"]!["url"]);
        Assert.Equal("BAUG", (string?)parts[2]!["image_url"]!["url"]);
    }

    [Fact]
    public void VendorToolsExtra_OfAnUnsupportedType_ErrorNamesTheToolsKey()
    {
        var options = new ChatOptions
        {
            Tools = [Meai.Function("f")],
            AdditionalProperties = new() { ["tools"] = new List<object?> { new Uri("http://x.test") } },
        };

        var ex = Assert.Throws<ArgumentException>(() => Body([new ChatMessage(ChatRole.User, "hi")], options));

        Assert.Equal("options", ex.ParamName);
        Assert.Contains("AdditionalProperties[\"tools\"] has type Uri", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void VendorToolsExtra_WithoutFunctionTools_IsSentAsGiven()
    {
        var options = new ChatOptions { AdditionalProperties = new() { ["tools"] = new JsonArray(new JsonObject { ["type"] = "web_search" }), ["do_sample"] = false } };

        var body = Body([new ChatMessage(ChatRole.User, "hi")], options);

        JsonAssert.Equal("""[{"type":"web_search"}]""", body["tools"]!.ToJsonString());
        Assert.False((bool)body["do_sample"]!);
    }
}
