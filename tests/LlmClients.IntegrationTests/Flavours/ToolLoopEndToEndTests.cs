using System.Collections.Concurrent;
using System.Text.Json;
using LlmClients.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace LlmClients.IntegrationTests.Flavours;

/// <summary>
/// The automatic tool loop of Microsoft.Extensions.AI (<c>UseFunctionInvocation</c>, set up the way users do it:
/// <c>AddLlmProviders</c> + <c>ConfigureChatClient(name, p =&gt; p.UseFunctionInvocation())</c>) over real sockets, for every
/// flavour: the emulator answers the question with a call to <c>get_weather</c> whose <c>location</c> is the prompt, our C#
/// function runs with that argument, the next request carries its result as a tool (Qianfan v1: <c>function</c>) message,
/// and the emulator's final answer echoes that result.
/// </summary>
public sealed class ToolLoopEndToEndTests : IAsyncLifetime
{
    private const string EnglishPrompt = "What is the weather in Paris?";
    private const string ChinesePrompt = "北京今天天气怎么样？";

    private readonly ConcurrentQueue<string> _calls = new();
    private LlmEmulator _emulator = null!;
    private ServiceProvider _services = null!;

    public async Task InitializeAsync()
    {
        _emulator = await LlmEmulator.StartAsync();
        _services = AllFlavours.Build(_emulator, Model, b =>
        {
            foreach (var name in AllFlavours.Names)
            {
                b.ConfigureChatClient(name, p => p.UseFunctionInvocation());
            }
        });
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        await _emulator.DisposeAsync();
    }

    [Theory]
    [InlineData("openai")]
    [InlineData("dashscope-compatible")]
    [InlineData("dashscope-native")]
    [InlineData("zhipu")]
    [InlineData("zhipu-jwt")]
    [InlineData("qianfan-v2")]
    [InlineData("qianfan-v1")]
    [InlineData("spark")]
    public async Task GetResponse_DiPipelineWithFunctionInvocation_RunsFunctionAndAnswersWithItsResult(string name)
    {
        var response = await Chat(name).GetResponseAsync(EnglishPrompt, Options());

        Assert.Equal([EnglishPrompt], _calls);
        Assert.Equal(EmulatorReplies.ChatText(Model(name), Forecast(EnglishPrompt)), response.Messages[^1].Text);
        Assert.Equal(ChatFinishReason.Stop, response.FinishReason);
        var call = Assert.Single(response.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>());
        Assert.Equal("get_weather", call.Name);
        Assert.Equal(EnglishPrompt, Assert.IsType<JsonElement>(call.Arguments!["location"]).GetString());
        var result = Assert.Single(response.Messages.SelectMany(m => m.Contents).OfType<FunctionResultContent>());
        Assert.Equal(call.CallId, result.CallId);
        AssertRoundTrip(name, EnglishPrompt, stream: false);
    }

    [Theory]
    [InlineData("openai")]
    [InlineData("dashscope-compatible")]
    [InlineData("dashscope-native")]
    [InlineData("zhipu")]
    [InlineData("zhipu-jwt")]
    [InlineData("qianfan-v2")]
    [InlineData("qianfan-v1")]
    [InlineData("spark")]
    public async Task Stream_DiPipelineWithFunctionInvocation_AssemblesCallRunsFunctionAndStreamsAnswer(string name)
    {
        var updates = new List<ChatResponseUpdate>();
        await foreach (var update in Chat(name).GetStreamingResponseAsync(ChinesePrompt, Options()))
        {
            updates.Add(update);
        }

        // The streamed call arrives assembled: one FunctionCallContent with complete, parsed arguments.
        Assert.Equal([ChinesePrompt], _calls);
        var call = Assert.Single(updates.SelectMany(u => u.Contents).OfType<FunctionCallContent>());
        Assert.Equal("get_weather", call.Name);
        Assert.Equal(ChinesePrompt, Assert.IsType<JsonElement>(call.Arguments!["location"]).GetString());
        var result = Assert.Single(updates.SelectMany(u => u.Contents).OfType<FunctionResultContent>());
        Assert.Equal(call.CallId, result.CallId);
        Assert.Equal(EmulatorReplies.ChatText(Model(name), Forecast(ChinesePrompt)), string.Concat(updates.Select(u => u.Text)));
        AssertRoundTrip(name, ChinesePrompt, stream: true);
    }

    [Theory]
    [InlineData("openai")]
    [InlineData("dashscope-compatible")]
    [InlineData("dashscope-native")]
    [InlineData("zhipu")]
    [InlineData("zhipu-jwt")]
    [InlineData("qianfan-v2")]
    [InlineData("qianfan-v1")]
    [InlineData("spark")]
    public async Task GetResponse_NoTrigger_AnswersWithoutCallingTheFunction(string name)
    {
        // Control: the loop is only as good as the emulator's rule; a prompt without "weather"/"天气" gets text at once.
        var response = await Chat(name).GetResponseAsync("hello there", Options());

        Assert.Empty(_calls);
        Assert.Equal(EmulatorReplies.ChatText(Model(name), "hello there"), response.Text);
        Assert.Single(ChatRequests(name));
    }

    /// <summary>The text get_weather returns; it carries the location, so the final echo proves which call it answered.</summary>
    private static string Forecast(string location) => $"Sunny, 21 C in {location} (forecast #4711)";

    private static string Model(string name) => name switch
    {
        "openai" => "gpt-4o-mini",
        "dashscope-compatible" or "dashscope-native" => "qwen-plus",
        "zhipu" or "zhipu-jwt" => "glm-4",
        "spark" => "generalv3.5",
        _ => "ernie-lite-8k", // Qianfan: v2 echoes the model, v1 the endpoint of the same name.
    };

    private ChatOptions Options() => new()
    {
        Tools =
        [
            AIFunctionFactory.Create(
                (string location) =>
                {
                    _calls.Enqueue(location);
                    return Forecast(location);
                },
                "get_weather",
                "Gets the weather forecast for a location."),
        ],
    };

    private IChatClient Chat(string name) => _services.GetRequiredKeyedService<IChatClient>(name);

    private List<EmulatedRequest> ChatRequests(string name) =>
        [.. _emulator.Requests.Snapshot().Where(r => r.Path.StartsWith(AllFlavours.ChatPath(name), StringComparison.Ordinal))];

    /// <summary>
    /// Checks the wire: two chat requests, the first declaring get_weather and ending with the user's question, the second
    /// carrying the assistant's call and then our function's result, tied to the call (by id, or by name on Qianfan v1).
    /// </summary>
    private void AssertRoundTrip(string name, string prompt, bool stream)
    {
        var requests = ChatRequests(name);
        Assert.Equal(2, requests.Count);
        using var first = JsonDocument.Parse(requests[0].Body);
        using var second = JsonDocument.Parse(requests[1].Body);
        var v1 = name == "qianfan-v1";
        var native = name == "dashscope-native";

        var declared = Fields(first.RootElement, native).GetProperty(v1 ? "functions" : "tools")[0];
        Assert.Equal("get_weather", (v1 ? declared : declared.GetProperty("function")).GetProperty("name").GetString());
        var firstMessages = Messages(first.RootElement, native);
        Assert.Equal("user", firstMessages[firstMessages.GetArrayLength() - 1].GetProperty("role").GetString());
        Assert.Equal(prompt, firstMessages[firstMessages.GetArrayLength() - 1].GetProperty("content").GetString());

        var messages = Messages(second.RootElement, native).EnumerateArray().ToList();
        Assert.True(messages.Count >= 3, $"{name}: the second request should carry question, call and result: {requests[1].Body}");
        var (question, assistant, tool) = (messages[^3], messages[^2], messages[^1]);
        Assert.Equal(prompt, question.GetProperty("content").GetString());
        Assert.Equal("assistant", assistant.GetProperty("role").GetString());
        Assert.Equal(Forecast(prompt), tool.GetProperty("content").GetString());
        if (v1)
        {
            var functionCall = assistant.GetProperty("function_call");
            Assert.Equal("get_weather", functionCall.GetProperty("name").GetString());
            Assert.Equal(prompt, JsonDocument.Parse(functionCall.GetProperty("arguments").GetString()!).RootElement.GetProperty("location").GetString());
            Assert.Equal("function", tool.GetProperty("role").GetString());
            Assert.Equal("get_weather", tool.GetProperty("name").GetString());
            Assert.Equal(stream, second.RootElement.TryGetProperty("stream", out var s) && s.GetBoolean());
        }
        else
        {
            var toolCall = Assert.Single(assistant.GetProperty("tool_calls").EnumerateArray().ToList());
            Assert.Equal("get_weather", toolCall.GetProperty("function").GetProperty("name").GetString());
            Assert.Equal(prompt, JsonDocument.Parse(toolCall.GetProperty("function").GetProperty("arguments").GetString()!).RootElement.GetProperty("location").GetString());
            Assert.Equal("tool", tool.GetProperty("role").GetString());
            Assert.Equal(toolCall.GetProperty("id").GetString(), tool.GetProperty("tool_call_id").GetString());
            Assert.False(string.IsNullOrEmpty(tool.GetProperty("tool_call_id").GetString()));
        }
    }

    private static JsonElement Fields(JsonElement root, bool native) => native ? root.GetProperty("parameters") : root;

    private static JsonElement Messages(JsonElement root, bool native) => native ? root.GetProperty("input").GetProperty("messages") : root.GetProperty("messages");
}
