namespace LlmClients.Samples;

/// <summary>A plain chat call with a system prompt.</summary>
internal sealed class ChatSample : ISample
{
    public string Title => "Chat";

    public bool AppliesTo(SampleContext context) => context.HasChat;

    public async Task RunAsync(SampleContext context)
    {
        var response = await context.Chat.GetResponseAsync(
        [
            new ChatMessage(ChatRole.System, "You are a concise assistant."),
            new ChatMessage(ChatRole.User, "用一句话介绍一下你自己。"),
        ]);
        Console.WriteLine(response.Text);
        Console.WriteLine($"  model={response.ModelId} finish={response.FinishReason} usage: {response.Usage.Describe()} request id={response.GetRequestId()}");
    }
}
