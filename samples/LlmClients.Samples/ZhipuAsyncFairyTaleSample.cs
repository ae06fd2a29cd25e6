using LlmClients.Zhipu;

namespace LlmClients.Samples;

/// <summary>Zhipu: an async chat task (the fairy tale from the SDK docs), with progress shown while polling.</summary>
internal sealed class ZhipuAsyncFairyTaleSample : ISample
{
    public string Title => "Zhipu async task with polling";

    public bool AppliesTo(SampleContext context) => context.Vendor == "zhipu";

    public async Task RunAsync(SampleContext context)
    {
        var tasks = context.Chat.GetService<IZhipuAsyncChatClient>()!;
        var task = await tasks.SubmitAsync([new ChatMessage(ChatRole.User, "请你作为童话故事大王，写一篇短篇童话故事，故事的主题是要永远保持一颗善良的心。")]);
        Console.WriteLine($"  submitted task {task.TaskId} ({task.Status})");

        // Keep task.TaskId to resume from another process: WaitForCompletionAsync(taskId) only polls.
        var polls = 0;
        var progress = new ConsoleProgress(t => Console.WriteLine($"  poll {++polls}: {t.Status}"));
        var polling = new ZhipuPollingOptions { InitialInterval = TimeSpan.FromMilliseconds(500), MaxInterval = TimeSpan.FromSeconds(5), Timeout = TimeSpan.FromMinutes(5) };
        var response = await tasks.WaitForCompletionAsync(task.TaskId, polling, progress);
        Console.WriteLine(response.Text);
        Console.WriteLine($"  usage: {response.Usage.Describe()}");
    }

    // Progress<T> posts to the thread pool, so lines could come out of order; this reports inline.
    private sealed class ConsoleProgress(Action<ZhipuAsyncTask> report) : IProgress<ZhipuAsyncTask>
    {
        public void Report(ZhipuAsyncTask value) => report(value);
    }
}
