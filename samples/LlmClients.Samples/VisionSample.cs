using LlmClients.Qianfan;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace LlmClients.Samples;

/// <summary>
/// An image question to a vision model: the picture goes as a <see cref="DataContent"/> (bytes and media type) next to the
/// text, in one user message. A <see cref="UriContent"/> with an https URL works the same way. Qianfan v1 takes text only,
/// so it is skipped (a Qianfan v2 instance, QIANFAN_API_KEY, takes images).
/// </summary>
internal sealed class VisionSample : ISample
{
    /// <summary>A 32x32 PNG: a red disc on white.</summary>
    private static readonly byte[] RedDiscPng = Convert.FromBase64String(
        "iVBORw0KGgoAAAANSUhEUgAAACAAAAAgCAIAAAD8GO2jAAAAYUlEQVR42u3WuREAIAwDQZVC/1XRCeT8jGUFYIb4NgIbxfkgABaQU2ouB+i7txKM9a0Be31tgFJfGGDVZwaI9aHxGGCv90YAvwHx0E4A989O8V0rBo5iZCqGvmJtidVRAFQG2bG5K6uoowAAAABJRU5ErkJggg==");

    public string Title => "Microsoft.Extensions.AI: image question to a vision model (DataContent)";

    public bool AppliesTo(SampleContext context) => context.Vendor switch
    {
        "qianfan" => context.Services.GetRequiredService<IOptionsMonitor<QianfanOptions>>().Get(context.InstanceName).UsesV2,
        // An OpenAI-compatible instance of another provider (DeepSeek...) has no gpt-4o-mini: only the OpenAI one runs this.
        "openai" => context.Chat.GetService<ChatClientMetadata>()?.ProviderName == "openai",
        _ => VisionModel(context.Vendor) is not null,
    };

    public async Task RunAsync(SampleContext context)
    {
        var model = VisionModel(context.Vendor)!;
        var question = new ChatMessage(ChatRole.User,
        [
            new TextContent("What shape and color do you see in this picture? Answer in one sentence."),
            new DataContent(RedDiscPng, "image/png"),
        ]);
        Console.WriteLine($"  asking {model} about a {RedDiscPng.Length}-byte PNG");
        var response = await context.Chat.GetResponseAsync([question], new ChatOptions { ModelId = model });
        Console.WriteLine(response.Text);
        Console.WriteLine($"  model={response.ModelId} finish={response.FinishReason} usage: {response.Usage.Describe()}");
    }

    private static string? VisionModel(string vendor) => vendor switch
    {
        "dashscope" => "qwen-vl-max",
        "zhipu" => "glm-4v-flash",
        "openai" => "gpt-4o-mini",
        "qianfan" => "ernie-4.5-turbo-vl-32k", // v2 only
        _ => null,
    };
}
