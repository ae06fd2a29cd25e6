using System.Net;
using System.Text.Json.Nodes;
using LlmClients.DashScope;
using RichardSzalay.MockHttp;
using static LlmClients.Tests.DashScope.DashScopeTestHarness;

namespace LlmClients.Tests.DashScope;

public class DashScopeDocumentsTests
{
    private static async Task<JsonArray> SentMessagesAsync(IReadOnlyList<ChatMessage> messages, string model = "qwen-long", bool compatible = false)
    {
        using var mock = new MockHttpMessageHandler();
        string? body = null;
        mock.Expect(HttpMethod.Post, compatible ? Compatible + "chat/completions" : GenerationUrl).Respond(async req =>
        {
            body = await req.Content!.ReadAsStringAsync();
            return compatible
                ? Json("""{"id":"c","choices":[{"index":0,"message":{"role":"assistant","content":"ok"},"finish_reason":"stop"}]}""")
                : Json(Fixture("single-generation-message-nosse.response.json"));
        });
        var client = compatible ? CompatibleChat(mock) : Chat(mock);
        await client.GetResponseAsync(messages, new ChatOptions { ModelId = model });
        var root = JsonNode.Parse(body!)!;
        return (compatible ? root["messages"] : root["input"]!["messages"])!.AsArray();
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task GetResponseAsync_HostedFilesWithoutSystemPrompt_DefaultPromptThenCommaJoinedFileIdMessage(bool compatible)
    {
        ChatMessage[] messages = [new(ChatRole.User, [new HostedFileContent("file-fe-a"), new HostedFileContent("file-fe-b"), new TextContent("总结这两篇文章")])];

        var sent = await SentMessagesAsync(messages, compatible: compatible);

        AssertJsonEqual(
            """
            [{"role":"system","content":"You are a helpful assistant."},
             {"role":"system","content":"fileid://file-fe-a,fileid://file-fe-b"},
             {"role":"user","content":"总结这两篇文章"}]
            """,
            sent.ToJsonString());
    }

    [Fact]
    public async Task GetResponseAsync_FileReferenceMessageAfterSystemPrompt_PlacedSecond()
    {
        ChatMessage[] messages =
        [
            new(ChatRole.System, "你是文档助手。"),
            DashScopeDocuments.CreateFileReferenceMessage("file-fe-a"),
            new(ChatRole.User, "这篇文章讲了什么？"),
        ];

        var sent = await SentMessagesAsync(messages);

        AssertJsonEqual(
            """[{"role":"system","content":"你是文档助手。"},{"role":"system","content":"fileid://file-fe-a"},{"role":"user","content":"这篇文章讲了什么？"}]""",
            sent.ToJsonString());
    }

    [Fact]
    public async Task GetResponseAsync_TextDocumentMessage_SentAsItsOwnSystemMessage()
    {
        ChatMessage[] messages = [new(ChatRole.System, "You are a helpful assistant."), DashScopeDocuments.CreateTextDocumentMessage("第一章 ……"), new(ChatRole.User, "总结")];

        var sent = await SentMessagesAsync(messages, model: "qwen-long");

        Assert.Equal(3, sent.Count);
        Assert.Equal("system", sent[1]!["role"]!.GetValue<string>());
        Assert.Equal("第一章 ……", sent[1]!["content"]!.GetValue<string>());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task GetResponseAsync_HostedFileOnNonQwenLongModel_ThrowsBeforeNetworkNamingFix(bool compatible)
    {
        using var mock = new MockHttpMessageHandler();
        var client = compatible ? CompatibleChat(mock) : Chat(mock);

        var ex = await Assert.ThrowsAsync<ArgumentException>(() => client.GetResponseAsync([new ChatMessage(ChatRole.User, [new HostedFileContent("file-fe-a"), new TextContent("q")])], new ChatOptions { ModelId = "qwen-plus" }));

        Assert.Contains("qwen-long", ex.Message, StringComparison.Ordinal);
        Assert.Contains("qwen-plus", ex.Message, StringComparison.Ordinal);
        Assert.Equal(0, mock.GetMatchCount(mock.Fallback));
    }

    [Fact]
    public void CreateTextDocumentMessage_EmptyText_Throws()
        => Assert.Throws<ArgumentException>(() => DashScopeDocuments.CreateTextDocumentMessage("  "));

    [Fact]
    public void CreateFileReferenceMessage_NoIds_Throws()
        => Assert.Throws<ArgumentException>(() => DashScopeDocuments.CreateFileReferenceMessage());
}
