namespace LlmClients.Samples;

/// <summary>Streams an answer as it is generated, then prints the one usage report.</summary>
internal sealed class StreamingSample : ISample
{
    public string Title => "Streaming";

    public bool AppliesTo(SampleContext context) => context.HasChat;

    public async Task RunAsync(SampleContext context)
    {
        UsageDetails? usage = null;
        await foreach (var update in context.Chat.GetStreamingResponseAsync("写一首关于春天的短诗。"))
        {
            Console.Write(update.Text);
            usage = update.Contents.OfType<UsageContent>().FirstOrDefault()?.Details ?? usage;
        }

        Console.WriteLine();
        Console.WriteLine($"  usage: {usage.Describe()}");
    }
}
