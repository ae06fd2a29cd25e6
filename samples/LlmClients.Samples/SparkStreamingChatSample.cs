namespace LlmClients.Samples;

/// <summary>
/// iFlytek Spark chat, streamed over its HTTP API: <c>data:{...}</c> lines without the space, usage inside the last chunk and
/// no finish_reason on the wire; the client still reports one usage and a finish reason at the end.
/// </summary>
internal sealed class SparkStreamingChatSample : ISample
{
    public string Title => "Spark chat, streamed (generalv3.5)";

    public bool AppliesTo(SampleContext context) => context.Vendor == "spark";

    public async Task RunAsync(SampleContext context)
    {
        UsageDetails? usage = null;
        ChatFinishReason? finish = null;
        await foreach (var update in context.Chat.GetStreamingResponseAsync("来一个只有程序员能听懂的笑话"))
        {
            Console.Write(update.Text);
            usage = update.Contents.OfType<UsageContent>().FirstOrDefault()?.Details ?? usage;
            finish = update.FinishReason ?? finish;
        }

        Console.WriteLine();
        Console.WriteLine($"  finish={finish} usage: {usage.Describe()}");
    }
}
