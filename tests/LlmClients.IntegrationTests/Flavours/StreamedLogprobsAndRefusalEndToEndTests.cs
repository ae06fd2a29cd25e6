using System.Text.Json;
using LlmClients.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace LlmClients.IntegrationTests.Flavours;

/// <summary>
/// Token logprobs and a structured-output refusal over real sockets, on the OpenAI-compatible flavours whose wire has them: a streamed call
/// gathered with <c>ToChatResponse()</c> gives the same text, finish reason, <see cref="LlmAdditionalProperties.Logprobs"/>
/// and <see cref="LlmAdditionalProperties.Refusal"/> as the non-streaming call, and a refusal is never an empty answer.
/// </summary>
public sealed class StreamedLogprobsAndRefusalEndToEndTests : IAsyncLifetime
{
    private const string Model = "gpt-4o-mini";

    private LlmEmulator _emulator = null!;
    private ServiceProvider _services = null!;

    // Zhipu documents neither logprobs nor refusals (its emulator sends neither); its client reads them through the same mapper.
    public static TheoryData<string> OpenAICompatible => ["openai", "dashscope-compatible", "qianfan-v2"];

    public async Task InitializeAsync()
    {
        _emulator = await LlmEmulator.StartAsync();
        _services = AllFlavours.Build(_emulator, _ => Model);
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        await _emulator.DisposeAsync();
    }

    [Theory]
    [MemberData(nameof(OpenAICompatible))]
    public async Task Stream_Logprobs_ToChatResponseEqualsNonStreaming(string name)
    {
        var chat = _services.GetRequiredKeyedService<IChatClient>(name);
        var options = new ChatOptions { AdditionalProperties = new() { ["logprobs"] = true, ["top_logprobs"] = 2 } };
        const string Prompt = "Say something about the sea and the sky.";

        var whole = await chat.GetResponseAsync(Prompt, options);
        var updates = await chat.GetStreamingResponseAsync(Prompt, options).ToListAsync();
        var streamed = updates.ToChatResponse();

        var expected = Assert.IsType<JsonElement>(whole.AdditionalProperties![LlmAdditionalProperties.Logprobs]);
        var actual = Assert.IsType<JsonElement>(streamed.AdditionalProperties![LlmAdditionalProperties.Logprobs]);
        Assert.True(JsonElement.DeepEquals(expected, actual), actual.GetRawText());
        var pieces = EmulatorReplies.SplitForStreaming(EmulatorReplies.ChatText(Model, Prompt));
        Assert.Equal(pieces, actual.GetProperty("content").EnumerateArray().Select(t => t.GetProperty("token").GetString()));
        Assert.Equal(2, actual.GetProperty("content")[0].GetProperty("top_logprobs").GetArrayLength());
        Assert.Equal(whole.Text, streamed.Text);
        Assert.Equal(whole.FinishReason, streamed.FinishReason);

        // Each content update carries its own token's logprobs.
        var perUpdate = updates.Where(u => u.Text.Length > 0).Select(u => ((JsonElement)u.AdditionalProperties![LlmAdditionalProperties.Logprobs]!).GetProperty("content")[0].GetProperty("token").GetString());
        Assert.Equal(pieces, perUpdate);
    }

    [Theory]
    [MemberData(nameof(OpenAICompatible))]
    public async Task Stream_StructuredOutputRefusal_IsTheTextWithContentFilterLikeNonStreaming(string name)
    {
        var chat = _services.GetRequiredKeyedService<IChatClient>(name);
        using var schema = JsonDocument.Parse("""{"type":"object","properties":{"answer":{"type":"string"}}}""");
        var options = new ChatOptions { ResponseFormat = ChatResponseFormat.ForJsonSchema(schema.RootElement, "answer"), AdditionalProperties = new() { ["logprobs"] = true } };
        const string Prompt = "Please refuse this.";

        var whole = await chat.GetResponseAsync(Prompt, options);
        var streamed = await chat.GetStreamingResponseAsync(Prompt, options).ToChatResponseAsync();

        foreach (var response in new[] { whole, streamed })
        {
            Assert.Equal(EmulatorReplies.RefusalText, response.Text);
            Assert.Equal(ChatFinishReason.ContentFilter, response.FinishReason);
            Assert.Equal(EmulatorReplies.RefusalText, response.AdditionalProperties![LlmAdditionalProperties.Refusal]);
        }

        var expected = (JsonElement)whole.AdditionalProperties![LlmAdditionalProperties.Logprobs]!;
        var actual = (JsonElement)streamed.AdditionalProperties![LlmAdditionalProperties.Logprobs]!;
        Assert.True(JsonElement.DeepEquals(expected, actual), actual.GetRawText());
        Assert.Equal(JsonValueKind.Array, actual.GetProperty("refusal").ValueKind);
    }
}
