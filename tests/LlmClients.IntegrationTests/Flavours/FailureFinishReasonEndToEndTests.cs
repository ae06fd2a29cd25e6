using LlmClients.Testing;
using LlmClients.Testing.Zhipu;
using Microsoft.Extensions.DependencyInjection;

namespace LlmClients.IntegrationTests.Flavours;

/// <summary>
/// A vendor failure reported as a finish reason is not a normal end: Zhipu's <c>network_error</c> raises a transient error
/// (after the text it carried), <c>sensitive</c> is a content-filter finish that keeps the partial text.
/// </summary>
public sealed class FailureFinishReasonEndToEndTests
{
    public static TheoryData<string> Zhipu => ["zhipu", "zhipu-jwt"];

    [Theory]
    [MemberData(nameof(Zhipu))]
    public async Task Stream_NetworkErrorFinishReason_ThrowsTransientServerErrorAfterTheText(string name)
    {
        await using var emulator = await LlmEmulator.StartAsync();
        await using var provider = AllFlavours.Build(emulator, _ => "glm-4");
        var prompt = "hello " + ZhipuEmulatorMarkers.NetworkError;

        var (ex, text) = await StreamFailure.CatchAsync(provider.GetRequiredKeyedService<IChatClient>(name), prompt);

        Assert.Equal(LlmErrorKind.ServerError, ex.Kind);
        Assert.True(ex.IsTransient);
        Assert.Equal("network_error", ex.ErrorCode);
        Assert.Equal(EmulatorReplies.ChatText("glm-4", prompt), text);
        Assert.NotNull(ex.RequestId);
    }

    [Theory]
    [MemberData(nameof(Zhipu))]
    public async Task Stream_NetworkErrorWithEmptyDeltaThenDone_Throws(string name)
    {
        // The reported wire shape: one chunk with an empty delta and finish_reason network_error, then [DONE].
        await using var emulator = await LlmEmulator.StartAsync();
        await using var provider = AllFlavours.Build(emulator, _ => "glm-4.5");
        emulator.Faults.Enqueue(EmulatorFault.RawStream(
            "data: {\"id\":\"2025090112\",\"created\":1756700000,\"model\":\"glm-4.5\",\"choices\":[{\"index\":0,\"finish_reason\":\"network_error\",\"delta\":{\"role\":\"assistant\",\"content\":\"\"}}]}\n\n"
            + "data: [DONE]\n\n"));

        var ex = await Assert.ThrowsAsync<LlmRequestException>(() => provider.GetRequiredKeyedService<IChatClient>(name).GetStreamingResponseAsync("hi").ToChatResponseAsync());

        Assert.Equal(LlmErrorKind.ServerError, ex.Kind);
        Assert.True(ex.IsTransient);
    }

    [Theory]
    [MemberData(nameof(Zhipu))]
    public async Task NonStreaming_NetworkErrorFinishReason_ThrowsTransientServerError(string name)
    {
        await using var emulator = await LlmEmulator.StartAsync();
        await using var provider = AllFlavours.Build(emulator, _ => "glm-4");

        var ex = await Assert.ThrowsAsync<LlmRequestException>(() => provider.GetRequiredKeyedService<IChatClient>(name).GetResponseAsync("hello " + ZhipuEmulatorMarkers.NetworkError));

        Assert.Equal(LlmErrorKind.ServerError, ex.Kind);
        Assert.True(ex.IsTransient);
        Assert.Equal("network_error", ex.ErrorCode);
    }

    [Theory]
    [MemberData(nameof(Zhipu))]
    public async Task Stream_SensitiveFinishReason_IsAContentFilterFinishWithThePartialText(string name)
    {
        await using var emulator = await LlmEmulator.StartAsync();
        await using var provider = AllFlavours.Build(emulator, _ => "glm-4");
        var prompt = "hello " + ZhipuEmulatorMarkers.Sensitive;

        var response = await provider.GetRequiredKeyedService<IChatClient>(name).GetStreamingResponseAsync(prompt).ToChatResponseAsync();

        Assert.Equal(ChatFinishReason.ContentFilter, response.FinishReason);
        Assert.Equal(EmulatorReplies.ChatText("glm-4", prompt), response.Text);
    }

    [Fact]
    public async Task OpenAICompatible_NetworkErrorFromAGateway_AlsoThrows()
    {
        // GLM behind an OpenAI-compatible gateway reports the same failure: the table is vendor-neutral.
        await using var emulator = await LlmEmulator.StartAsync();
        await using var provider = AllFlavours.Build(emulator, _ => "glm-4.5");
        emulator.Faults.Enqueue(EmulatorFault.RawStream(
            "data: {\"id\":\"c1\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"partial\"},\"finish_reason\":null}]}\n\n"
            + "data: {\"id\":\"c1\",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"network_error\"}]}\n\n"
            + "data: [DONE]\n\n"));

        var (ex, text) = await StreamFailure.CatchAsync(provider.GetRequiredKeyedService<IChatClient>("openai"), "hi");

        Assert.True(ex.IsTransient);
        Assert.Equal("partial", text);
    }
}
