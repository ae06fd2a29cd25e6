namespace LlmClients.Samples;

/// <summary>Zhipu: the multi-turn slogan conversation from the zhipuai SDK docs (system prompt, then alternating user/assistant turns).</summary>
internal sealed class ZhipuSloganSample : ISample
{
    public string Title => "Zhipu multi-turn slogan";

    public bool AppliesTo(SampleContext context) => context.Vendor == "zhipu";

    public async Task RunAsync(SampleContext context)
    {
        var response = await context.Chat.GetResponseAsync(
        [
            new ChatMessage(ChatRole.System, "你是一个乐于解答各种问题的助手，你的任务是为用户提供专业、准确、有见地的建议。"),
            new ChatMessage(ChatRole.User, "我对太阳系的行星非常感兴趣，尤其是土星。请提供关于土星的基本信息，包括它的大小、组成、环系统以及任何独特的天文现象。"),
            new ChatMessage(ChatRole.Assistant, "土星是太阳系中的第六颗行星，体积仅次于木星，主要由氢和氦组成，拥有壮观的环系统。"),
            new ChatMessage(ChatRole.User, "智谱AI开放平台"),
            new ChatMessage(ChatRole.Assistant, "好的，我会围绕智谱AI开放平台来创作。"),
            new ChatMessage(ChatRole.User, "请为智谱AI开放平台创作一个吸引人的口号"),
        ], new ChatOptions { ModelId = "glm-4" });
        Console.WriteLine(response.Text);
        Console.WriteLine($"  model={response.ModelId} finish={response.FinishReason} usage: {response.Usage.Describe()} request id={response.GetRequestId()}");
    }
}
