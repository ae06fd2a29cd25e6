using LlmClients.Zhipu;
using Microsoft.Extensions.DependencyInjection;

namespace LlmClients.Samples;

/// <summary>Zhipu CogView (<c>cogview-3</c>): the image call users try first; prints the image URL.</summary>
internal sealed class ZhipuCogViewSample : ISample
{
    public string Title => "Zhipu CogView image (cogview-3)";

    public bool AppliesTo(SampleContext context) => context.Vendor == "zhipu";

    public async Task RunAsync(SampleContext context)
    {
        var images = context.Services.GetRequiredKeyedService<IZhipuImageClient>(context.InstanceName);
        var result = await images.GenerateAsync("一只在竹林里看书的熊猫，水彩画风格", new ZhipuImageOptions { ModelId = "cogview-3" });
        Console.WriteLine($"  image URL: {result.ImageUrls[0]}");
    }
}
