using System.ComponentModel;
using System.Text.Json;
using LlmClients.Qianfan;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace LlmClients.Samples;

/// <summary>
/// A tool loop with Microsoft.Extensions.AI's function invocation: a C# method becomes an <see cref="AIFunction"/>, the model
/// asks for it, <c>UseFunctionInvocation()</c> runs it and sends the result back, and the model answers. The same middleware
/// can be set for an instance in DI instead: <c>AddLlmProviders(...).ConfigureChatClient("zhipu", p =&gt; p.UseFunctionInvocation())</c>
/// (or <c>"ChatPipeline": ["FunctionInvocation"]</c> in its configuration section).
/// </summary>
internal sealed class FunctionInvocationSample : ISample
{
    private static readonly JsonSerializerOptions CompactJson = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public string Title => "Microsoft.Extensions.AI: tool calling with UseFunctionInvocation (get_weather)";

    public bool AppliesTo(SampleContext context) => context.HasChat;

    public async Task RunAsync(SampleContext context)
    {
        IChatClient client = context.Chat.AsBuilder().UseFunctionInvocation().Build();
        var getWeather = AIFunctionFactory.Create(GetWeather, "get_weather");
        var options = new ChatOptions { Tools = [getWeather], ModelId = ToolModel(context) };

        const string Question = "What's the weather in Hangzhou today?";
        Console.WriteLine($"you> {Question}");
        var response = await client.GetResponseAsync(Question, options);

        // The response holds the whole loop: the model's call, the function's result, then the answer.
        foreach (var content in response.Messages.SelectMany(m => m.Contents))
        {
            switch (content)
            {
                case FunctionCallContent call:
                    var arguments = string.Join(", ", (call.Arguments ?? new Dictionary<string, object?>()).Select(a => $"{a.Key}: {a.Value}"));
                    Console.WriteLine($"  model called {call.Name}({arguments})  [call id {call.CallId}]");
                    break;
                case FunctionResultContent result:
                    Console.WriteLine($"  function result: {Compact(result.Result)}");
                    break;
            }
        }

        Console.Write("answer> ");
        Console.WriteLine(response.Text);
        Console.WriteLine($"  model={response.ModelId} finish={response.FinishReason} usage: {response.Usage.Describe()}");
    }

    [Description("Gets the current weather for a city.")]
    private static WeatherReport GetWeather([Description("The city, e.g. Hangzhou")] string location) => new(location, "sunny", 23);

    private static string? Compact(object? result) => result is JsonElement json ? JsonSerializer.Serialize(json, CompactJson) : result?.ToString();

    /// <summary>Qianfan v1 calls functions with ERNIE 3.5 (ERNIE Speed has no function calling); the others use the instance's default model.</summary>
    private static string? ToolModel(SampleContext context) => context.Vendor switch
    {
        "qianfan" => context.Services.GetRequiredService<IOptionsMonitor<QianfanOptions>>().Get(context.InstanceName).UsesV2 ? "ernie-3.5-8k" : "ERNIE-3.5-8K",
        _ => null,
    };

    private sealed record WeatherReport(string Location, string Condition, int TemperatureCelsius);
}
