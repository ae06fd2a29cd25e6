using System.Net;
using System.Text.Json;
using LlmClients.IntegrationTests.Flavours;
using LlmClients.Testing;
using Microsoft.Extensions.DependencyInjection;
using static LlmClients.IntegrationTests.Emulator.EmulatorHarness;

namespace LlmClients.IntegrationTests.DashScope;

/// <summary>
/// Documents by URL over real sockets: a <see cref="UriContent"/> with a document media type sent to qwen-doc-turbo reaches the
/// emulator as a <c>doc_url</c> part (native and compatible mode), which accepts, records and answers it; what DashScope rejects
/// (another model, a <c>doc_url</c> that is not a list of http(s) URLs) the emulator rejects too.
/// </summary>
public sealed class DashScopeDocumentUrlEndToEndTests
{
    private const string Pdf = "https://example.com/reports/2025-annual.pdf";
    private const string Docx = "https://example.com/contract.docx";

    [Theory]
    [InlineData("dashscope-native", false)]
    [InlineData("dashscope-native", true)]
    [InlineData("dashscope-compatible", false)]
    [InlineData("dashscope-compatible", true)]
    public async Task QwenDocTurbo_DocumentUris_ReachTheEmulatorAsDocUrlAndAreAnswered(string name, bool stream)
    {
        await using var emulator = await LlmEmulator.StartAsync();
        await using var provider = AllFlavours.Build(emulator, _ => "qwen-doc-turbo");
        var chat = provider.GetRequiredKeyedService<IChatClient>(name);
        ChatMessage[] messages =
        [
            new(ChatRole.User, [new TextContent("总结这两份文档"), new UriContent(Pdf, "application/pdf"), new UriContent(Docx, "application/vnd.openxmlformats-officedocument.wordprocessingml.document")]),
        ];

        var response = stream ? await chat.GetStreamingResponseAsync(messages).ToChatResponseAsync() : await chat.GetResponseAsync(messages);

        Assert.Equal([Pdf, Docx], emulator.DashScope.DocumentUrls);
        Assert.Equal(EmulatorReplies.ChatText("qwen-doc-turbo", "总结这两份文档" + EmulatorReplies.DocumentPart + EmulatorReplies.DocumentPart), response.Text);
        var sent = JsonDocument.Parse(emulator.DashScope.Requests.Snapshot().Single().Body).RootElement;
        var content = (name == "dashscope-native" ? sent.GetProperty("input") : sent).GetProperty("messages")[0].GetProperty("content");
        Assert.Equal("doc_url", content[1].GetProperty("type").GetString());
        Assert.Equal(Pdf, content[1].GetProperty("doc_url")[0].GetString());
    }

    [Theory]
    [InlineData("api/v1/services/aigc/text-generation/generation", "qwen-plus", $$"""["{{Pdf}}"]""")]
    [InlineData("api/v1/services/aigc/text-generation/generation", "qwen-doc-turbo", "[]")]
    [InlineData("compatible-mode/v1/chat/completions", "qwen-plus", $$"""["{{Pdf}}"]""")]
    [InlineData("compatible-mode/v1/chat/completions", "qwen-doc-turbo", """["file:///etc/passwd"]""")]
    [InlineData("compatible-mode/v1/chat/completions", "qwen-doc-turbo", $$"""["{{Pdf}}"]""", true)]
    public async Task Emulator_DocUrlTheVendorRejects_Is400AndNotRecorded(string path, string model, string docUrl, bool stringNotList = false)
    {
        await using var emulator = await LlmEmulator.StartAsync();
        using var client = emulator.CreateClient();
        var part = stringNotList ? $$"""{"type":"doc_url","doc_url":"{{Pdf}}"}""" : $$"""{"type":"doc_url","doc_url":{{docUrl}}}""";
        var messages = """[{"role":"user","content":[{"type":"text","text":"总结"},""" + part + "]}]";
        var body = path.StartsWith("api/", StringComparison.Ordinal)
            ? $$$"""{"model":"{{{model}}}","input":{"messages":{{{messages}}}},"parameters":{"result_format":"message"}}"""
            : $$"""{"model":"{{model}}","messages":{{messages}}}""";

        using var response = await SendAsync(client, Post(path, body));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("doc_url", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Empty(emulator.DashScope.DocumentUrls);
    }
}
