using LlmClients.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace LlmClients.IntegrationTests.Flavours;

/// <summary>
/// Streamed tool calls are told apart by index, id and name together, on every flavour that speaks the OpenAI-style
/// stream: parallel calls that all use index 0 (Ollama), fragments without an index (older Ollama), a new id on every
/// fragment of one call (a GLM-4 server), and a final chunk repeating the id and name (vLLM + GLM).
/// </summary>
public sealed class StreamedToolCallIdentityEndToEndTests
{
    public static TheoryData<string> OpenAIStyle => ["openai", "dashscope-compatible", "zhipu", "zhipu-jwt", "qianfan-v2"];

    [Theory]
    [MemberData(nameof(OpenAIStyle))]
    public async Task ParallelCallsAllAtIndexZero_AreTwoCalls(string name)
    {
        var calls = await StreamCallsAsync(
            name,
            Chunk("""[{"index":0,"id":"call_aaaa1111","type":"function","function":{"name":"get_weather","arguments":"{\"city\":\"Paris\"}"}}]"""),
            Chunk("""[{"index":0,"id":"call_bbbb2222","type":"function","function":{"name":"get_time","arguments":"{\"zone\":\"CET\"}"}}]"""));

        Assert.Equal([("call_aaaa1111", "get_weather", "Paris"), ("call_bbbb2222", "get_time", "CET")], calls.Select(Describe));
    }

    [Theory]
    [MemberData(nameof(OpenAIStyle))]
    public async Task CallsWithoutIndex_AreTwoCallsAndFragmentsJoinTheLatest(string name)
    {
        var calls = await StreamCallsAsync(
            name,
            Chunk("""[{"id":"call_1","type":"function","function":{"name":"get_weather","arguments":"{\"city\":"}}]"""),
            Chunk("""[{"function":{"arguments":"\"Paris\"}"}}]"""),
            Chunk("""[{"id":"call_2","type":"function","function":{"name":"get_time","arguments":"{\"zone\":\"CET\"}"}}]"""));

        Assert.Equal([("call_1", "get_weather", "Paris"), ("call_2", "get_time", "CET")], calls.Select(Describe));
    }

    [Theory]
    [MemberData(nameof(OpenAIStyle))]
    public async Task NewIdOnEveryFragmentWithoutName_IsOneCall(string name)
    {
        var calls = await StreamCallsAsync(
            name,
            Chunk("""[{"index":0,"id":"call_x1","type":"function","function":{"name":"get_weather","arguments":"{\"city\""}}]"""),
            Chunk("""[{"index":0,"id":"call_x2","type":"function","function":{"arguments":":\"Par"}}]"""),
            Chunk("""[{"index":0,"id":"call_x3","type":"function","function":{"arguments":"is\"}"}}]"""));

        Assert.Equal([("call_x1", "get_weather", "Paris")], calls.Select(Describe));
    }

    [Theory]
    [MemberData(nameof(OpenAIStyle))]
    public async Task FinalChunkRepeatingIdAndName_ContinuesTheCall(string name)
    {
        var calls = await StreamCallsAsync(
            name,
            Chunk("""[{"index":0,"id":"call_v","type":"function","function":{"name":"get_weather","arguments":"{\"city\":"}}]"""),
            Chunk("""[{"index":0,"id":"call_v","type":"function","function":{"name":"get_weather","arguments":"\"Paris\"}"}}]"""));

        Assert.Equal([("call_v", "get_weather", "Paris")], calls.Select(Describe));
    }

    private static string Chunk(string toolCalls)
        => "data: {\"id\":\"c1\",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"tool_calls\":" + toolCalls + "},\"finish_reason\":null}]}\n\n";

    private static (string CallId, string Name, string? Argument) Describe(FunctionCallContent call)
        => (call.CallId, call.Name, call.Arguments?.Values.SingleOrDefault()?.ToString());

    private static async Task<List<FunctionCallContent>> StreamCallsAsync(string name, params string[] chunks)
    {
        await using var emulator = await LlmEmulator.StartAsync();
        await using var provider = AllFlavours.Build(emulator, _ => "model-x");
        emulator.Faults.Enqueue(EmulatorFault.RawStream(
            string.Concat(chunks)
            + "data: {\"id\":\"c1\",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"tool_calls\"}]}\n\n"
            + "data: [DONE]\n\n"));

        var response = await provider.GetRequiredKeyedService<IChatClient>(name).GetStreamingResponseAsync("weather and time?").ToChatResponseAsync();

        Assert.Equal(ChatFinishReason.ToolCalls, response.FinishReason);
        return [.. response.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>()];
    }
}
