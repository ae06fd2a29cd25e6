using LlmClients.DashScope;

namespace LlmClients.Samples;

/// <summary>
/// Python (OpenAI SDK on compatible mode): client.files.create(file=..., purpose="file-extract"), then qwen-long with a
/// "fileid://..." system message, streamed; and the same question with the document text inline.
/// </summary>
internal sealed class DashScopeDocumentChatSample : ISample
{
    private const string Document = "百炼手机产品介绍\n百炼 X1：6.7 英寸屏幕，5000 mAh 电池，续航约 48 小时。\n百炼 Zephyr Z9：轻薄设计，4000 mAh 电池，续航约 36 小时。";

    public string Title => "DashScope: qwen-long document chat (uploaded file and inline text, streamed)";

    public bool AppliesTo(SampleContext context) => context.Vendor == "dashscope";

    public async Task RunAsync(SampleContext context)
    {
        var files = (IDashScopeFileClient)context.Chat.GetService(typeof(IDashScopeFileClient))!;
        var path = Path.Combine(Path.GetTempPath(), "百炼系列手机产品介绍.txt");
        await File.WriteAllTextAsync(path, Document);
        var file = await files.UploadAsync(path);
        Console.WriteLine($"  uploaded {file}");
        try
        {
            await AskAsync(context, DashScopeDocuments.CreateFileReferenceMessage(file.Id));
            await AskAsync(context, DashScopeDocuments.CreateTextDocumentMessage(Document));
        }
        finally
        {
            await files.DeleteAsync(file.Id);
            File.Delete(path);
        }
    }

    private static async Task AskAsync(SampleContext context, ChatMessage document)
    {
        ChatMessage[] messages = [new(ChatRole.System, "You are a helpful assistant."), document, new(ChatRole.User, "哪款手机续航最长？")];
        Console.Write("  ");
        await foreach (var update in context.Chat.GetStreamingResponseAsync(messages, new ChatOptions { ModelId = "qwen-long" }))
        {
            Console.Write(update.Text);
        }

        Console.WriteLine();
    }
}
