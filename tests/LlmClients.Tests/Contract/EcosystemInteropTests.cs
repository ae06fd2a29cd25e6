using Microsoft.Agents.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.SemanticKernel;

namespace LlmClients.Tests.Contract;

/// <summary>Our keyed IChatClient drops into Microsoft Agent Framework and Semantic Kernel with no glue, tools included.</summary>
public sealed class EcosystemInteropTests
{
    [Theory]
    [InlineData("dashscope")]
    [InlineData("zhipu")]
    [InlineData("deepseek")]
    public async Task AgentFramework_ChatClientAgent_RunsOneToolCallingTurn(string flavour)
    {
        using var h = ContractHarness.Create(flavour);
        h.Handler.Responses.Enqueue(ContractHarness.Reply(flavour, string.Empty, toolName: "get_weather", toolArgs: """{"city":"Hangzhou"}"""));
        h.Handler.Responses.Enqueue(ContractHarness.Reply(flavour, "Hangzhou: 21°C and sunny."));
        string? askedCity = null;
        var weather = AIFunctionFactory.Create((string city) => { askedCity = city; return "21°C, sunny"; }, "get_weather", "Current weather of a city");

        var agent = new ChatClientAgent(h.Chat(flavour), instructions: "You answer weather questions.", name: "weather", tools: [weather]);
        var result = await agent.RunAsync("What is the weather in Hangzhou?");

        Assert.Equal("Hangzhou", askedCity);
        Assert.Equal("Hangzhou: 21°C and sunny.", result.Text);
        Assert.Equal(2, h.Handler.Requests.Count);
        Assert.Contains("sunny", h.Handler.Requests[1].Body, StringComparison.Ordinal);
        Assert.Contains("You answer weather questions.", h.Handler.Requests[0].Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SemanticKernel_Kernel_InvokesAPluginThroughOurChatClient()
    {
        using var h = ContractHarness.Create("dashscope");
        h.Handler.Responses.Enqueue(ContractHarness.Reply("dashscope", string.Empty, toolName: "weather_get_weather", toolArgs: """{"city":"Beijing"}"""));
        h.Handler.Responses.Enqueue(ContractHarness.Reply("dashscope", "Beijing: 5°C."));
        string? askedCity = null;

        var builder = Kernel.CreateBuilder();
        // Semantic Kernel invokes its plugins through its own middleware, added like any M.E.AI middleware.
        builder.Services.AddSingleton(h.Chat("dashscope").AsBuilder().UseKernelFunctionInvocation().Build());
        builder.Plugins.AddFromFunctions("weather", [KernelFunctionFactory.CreateFromMethod((string city) => { askedCity = city; return "5°C"; }, "get_weather", "Current weather of a city")]);
        var kernel = builder.Build();

        var result = await kernel.InvokePromptAsync("Weather in Beijing?", new KernelArguments(new PromptExecutionSettings { FunctionChoiceBehavior = FunctionChoiceBehavior.Auto() }));

        Assert.Equal("Beijing", askedCity);
        Assert.Equal("Beijing: 5°C.", result.ToString());
        Assert.Equal(2, h.Handler.Requests.Count);
    }
}
