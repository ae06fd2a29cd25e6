namespace LlmClients.Samples;

/// <summary>
/// Zhipu: an interactive chat loop that keeps the whole history across turns and streams each answer. When stdin is
/// redirected or closed (pipes, /dev/null) or the CI variable is set, it plays a few scripted turns instead of waiting for
/// input, so it never blocks a build; at end of input it stops. Type an empty line or "exit" to stop.
/// </summary>
internal sealed class ZhipuInteractiveChatSample : ISample
{
    private static readonly string[] ScriptedTurns = ["你好，我叫小明。", "我刚才说我叫什么？", "用一句话总结我们的对话。"];

    public string Title => "Zhipu interactive chat (history kept across turns)";

    public bool AppliesTo(SampleContext context) => context.Vendor == "zhipu";

    public async Task RunAsync(SampleContext context)
    {
        var history = new List<ChatMessage> { new(ChatRole.System, "你是一个友好的助手，回答简洁。") };
        // A CI runner may still attach a terminal (docker run -t), so the conventional CI variable also means "nobody types".
        var scripted = Console.IsInputRedirected || !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("CI"));
        if (!scripted)
        {
            Console.WriteLine("(type a message; an empty line or 'exit' ends the chat)");
        }

        for (int turn = 0; ; turn++)
        {
            var input = scripted ? (turn < ScriptedTurns.Length ? ScriptedTurns[turn] : null) : ReadLine();
            if (string.IsNullOrWhiteSpace(input) || input.Trim() is "exit" or "quit")
            {
                break;
            }

            if (scripted)
            {
                Console.WriteLine($"you> {input}");
            }

            history.Add(new ChatMessage(ChatRole.User, input));
            Console.Write("glm> ");
            var answer = new System.Text.StringBuilder();
            await foreach (var update in context.Chat.GetStreamingResponseAsync(history))
            {
                Console.Write(update.Text);
                answer.Append(update.Text);
            }

            Console.WriteLine();
            history.Add(new ChatMessage(ChatRole.Assistant, answer.ToString()));
        }

        Console.WriteLine($"  ({history.Count} messages in the history)");
    }

    private static string? ReadLine()
    {
        Console.Write("you> ");
        return Console.ReadLine();
    }
}
