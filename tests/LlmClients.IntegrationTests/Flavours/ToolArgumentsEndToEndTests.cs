using LlmClients.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace LlmClients.IntegrationTests.Flavours;

/// <summary>
/// The emulator fills a tool's declared parameters (strings get the prompt, others a value of their type), so a function
/// with any parameter names, like the README's <c>(string city)</c>, runs in a UseFunctionInvocation loop on every flavour.
/// </summary>
public sealed class ToolArgumentsEndToEndTests
{
    public static TheoryData<string> Names => [.. AllFlavours.Names];

    [Theory]
    [MemberData(nameof(Names))]
    public async Task FunctionWithOwnParameterNames_ReceivesThePromptAndTypedValues(string name)
    {
        await using var emulator = await LlmEmulator.StartAsync();
        await using var provider = AllFlavours.Build(emulator, flavour => flavour.StartsWith("qianfan-v1", StringComparison.Ordinal) ? "ERNIE-3.5-8K" : "model-x", b => b.ConfigureChatClient(name, p => p.UseFunctionInvocation()));
        (string City, int Days)? seen = null;
        var forecast = AIFunctionFactory.Create((string city, int days) => { seen = (city, days); return $"{city}: sunny for {days} days"; }, "get_forecast", "Weather forecast");

        var response = await provider.GetRequiredKeyedService<IChatClient>(name).GetResponseAsync("杭州天气怎么样？", new ChatOptions { Tools = [forecast] });

        Assert.Equal(("杭州天气怎么样？", 1), seen);
        Assert.Contains("杭州天气怎么样？: sunny for 1 days", response.Text, StringComparison.Ordinal);
    }
}
