namespace LlmClients.Samples;

/// <summary>Python: dashscope.Generation.call(model="qwen-turbo", messages=[{"role":"user","content":"你好"}], result_format="message").</summary>
internal sealed class DashScopeHelloSample : ISample
{
    public string Title => "DashScope: 你好 to qwen-turbo";

    public bool AppliesTo(SampleContext context) => context.Vendor == "dashscope";

    public async Task RunAsync(SampleContext context)
    {
        var response = await context.Chat.GetResponseAsync("你好", new ChatOptions { ModelId = "qwen-turbo" });
        Console.WriteLine(response.Text);
        Console.WriteLine($"  finish={response.FinishReason} usage: {response.Usage.Describe()} request id={response.GetRequestId()}");
    }
}
