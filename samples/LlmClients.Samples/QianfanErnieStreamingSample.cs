namespace LlmClients.Samples;

/// <summary>
/// An ERNIE chat, streamed, with a system prompt and a short history. Qianfan v1 needs an odd number of messages alternating
/// user / assistant (the system prompt travels separately); the stream ends on the event with is_end:true.
/// </summary>
internal sealed class QianfanErnieStreamingSample : ISample
{
    public string Title => "Qianfan ERNIE chat, streamed";

    public bool AppliesTo(SampleContext context) => context.Vendor == "qianfan";

    public async Task RunAsync(SampleContext context)
    {
        ChatMessage[] conversation =
        [
            new(ChatRole.System, "你是一位简洁的中文助手。"),
            new(ChatRole.User, "推荐一本关于机器学习的书。"),
            new(ChatRole.Assistant, "《机器学习》（周志华）是很好的入门书。"),
            new(ChatRole.User, "用一句话说说它适合谁读。"),
        ];
        UsageDetails? usage = null;
        ChatFinishReason? finish = null;
        await foreach (var update in context.Chat.GetStreamingResponseAsync(conversation, new ChatOptions { ModelId = "ERNIE-Speed-8K", Temperature = 0.7f }))
        {
            Console.Write(update.Text);
            usage = update.Contents.OfType<UsageContent>().FirstOrDefault()?.Details ?? usage;
            finish = update.FinishReason ?? finish;
        }

        Console.WriteLine();
        Console.WriteLine($"  finish={finish} usage: {usage.Describe()}");
    }
}
