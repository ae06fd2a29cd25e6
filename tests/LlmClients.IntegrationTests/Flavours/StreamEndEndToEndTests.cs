using LlmClients.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace LlmClients.IntegrationTests.Flavours;

/// <summary>
/// A stream is complete only with its vendor's end marker ([DONE], DashScope's last non-"null" finish reason, Qianfan v1's
/// is_end): a body that closes cleanly before it is a cut-off answer and raises, on every flavour.
/// </summary>
public sealed class StreamEndEndToEndTests
{
    public static TheoryData<string> Names => [.. AllFlavours.Names];

    [Theory]
    [MemberData(nameof(Names))]
    public async Task Stream_ClosedCleanlyAfterTwoEventsWithoutEndMarker_ThrowsTransientInvalidResponseAfterThePartialText(string name)
    {
        await using var emulator = await LlmEmulator.StartAsync();
        await using var provider = AllFlavours.Build(emulator, Model);
        emulator.Faults.Enqueue(EmulatorFault.EndMidStream(afterEvents: 2), AllFlavours.ChatPath(name));
        var full = EmulatorReplies.ChatText(ReplyModel(name), Prompt);

        var (ex, text) = await StreamFailure.CatchAsync(provider.GetRequiredKeyedService<IChatClient>(name), Prompt);

        Assert.Equal(LlmErrorKind.InvalidResponse, ex.Kind);
        Assert.True(ex.IsTransient);
        Assert.Equal(200, ex.StatusCode);
        Assert.Contains("ended before its end marker", ex.Message, StringComparison.Ordinal);
        Assert.StartsWith(text, full, StringComparison.Ordinal);
        Assert.True(text.Length < full.Length, $"'{text}' should be a cut-off prefix of '{full}'");
        Assert.Equal(1, emulator.RequestCount(AllFlavours.ChatPath(name)));
    }

    [Theory]
    [MemberData(nameof(Names))]
    public async Task Stream_Complete_EndsNormallyWithItsFinishReason(string name)
    {
        await using var emulator = await LlmEmulator.StartAsync();
        await using var provider = AllFlavours.Build(emulator, Model);

        var response = await provider.GetRequiredKeyedService<IChatClient>(name).GetStreamingResponseAsync(Prompt).ToChatResponseAsync();

        Assert.Equal(EmulatorReplies.ChatText(ReplyModel(name), Prompt), response.Text);
        Assert.Equal(ChatFinishReason.Stop, response.FinishReason);
    }

    [Fact]
    public async Task OpenAICompatible_FinishReasonThenCleanCloseWithoutDone_IsComplete()
    {
        // Accepted: once a choice reported its finish reason the answer is whole; a server that then closes without
        // [DONE] loses at most the optional usage chunk.
        await using var emulator = await LlmEmulator.StartAsync();
        await using var provider = AllFlavours.Build(emulator, Model);
        emulator.Faults.Enqueue(EmulatorFault.RawStream(
            "data: {\"id\":\"c1\",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"Hel\"},\"finish_reason\":null}]}\n\n"
            + "data: {\"id\":\"c1\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"lo\"},\"finish_reason\":\"stop\"}]}\n\n"));

        var response = await provider.GetRequiredKeyedService<IChatClient>("openai").GetStreamingResponseAsync(Prompt).ToChatResponseAsync();

        Assert.Equal("Hello", response.Text);
        Assert.Equal(ChatFinishReason.Stop, response.FinishReason);
    }

    [Theory]
    [InlineData("data: [DONE]\n\n")]
    [InlineData("")]
    public async Task QianfanV2_IsEndWithoutFinishReason_FinishesWithStop(string tail)
    {
        // Quirk (Qianfan's own mock server): every v2 choice carries is_end, the last one true, and none carries finish_reason.
        await using var emulator = await LlmEmulator.StartAsync();
        await using var provider = AllFlavours.Build(emulator, Model);
        emulator.Faults.Enqueue(EmulatorFault.RawStream(
            "data: {\"id\":\"as-1\",\"object\":\"chat.completion\",\"created\":1717487283,\"model\":\"ernie-4.0-8k\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"你好\"},\"is_end\":false,\"need_clear_history\":false}],\"usage\":{\"prompt_tokens\":2,\"completion_tokens\":0,\"total_tokens\":2}}\n\n"
            + "data: {\"id\":\"as-1\",\"object\":\"chat.completion\",\"created\":1717487283,\"model\":\"ernie-4.0-8k\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"！\"},\"is_end\":true,\"need_clear_history\":false}],\"usage\":{\"prompt_tokens\":2,\"completion_tokens\":0,\"total_tokens\":2}}\n\n"
            + tail));

        var response = await provider.GetRequiredKeyedService<IChatClient>("qianfan-v2").GetStreamingResponseAsync(Prompt).ToChatResponseAsync();

        Assert.Equal("你好！", response.Text);
        Assert.Equal(ChatFinishReason.Stop, response.FinishReason);
    }

    private const string Prompt = "tell me a reasonably long story about streams";

    private static string Model(string name) => name == "qianfan-v1" ? "ERNIE-3.5-8K" : "model-x";

    // The Qianfan v1 emulator echoes the endpoint the model maps to (ERNIE-3.5-8K: completions).
    private static string ReplyModel(string name) => name == "qianfan-v1" ? "completions" : "model-x";
}
