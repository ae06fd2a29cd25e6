using LlmClients.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace LlmClients.IntegrationTests.Flavours;

/// <summary>
/// Every stream ends within its budgets, on every flavour, over a real socket: a budget per complete event (a server that
/// trickles one byte at a time cannot keep a stream alive), an optional total budget, and a cap on one event's size.
/// </summary>
public sealed class StreamBudgetEndToEndTests
{
    public static TheoryData<string> Names => [.. AllFlavours.Names];

    [Theory]
    [MemberData(nameof(Names))]
    public async Task TrickledEvent_ThrowsTimeoutAfterTheEventBudget(string name)
    {
        // The example, scaled down: "data: " then one byte every 50 ms, per-event budget 400 ms, no total budget.
        var ex = await StreamUntilFailureAsync(name, EmulatorFault.TrickleStream(1, TimeSpan.FromMilliseconds(50)), r => r.StreamIdleTimeout = TimeSpan.FromMilliseconds(400));

        Assert.Equal(LlmErrorKind.Timeout, ex.Kind);
        Assert.True(ex.IsTransient);
        Assert.Contains("(StreamIdleTimeout)", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Names))]
    public async Task StreamOverItsTotalBudget_ThrowsTimeoutNamingStreamTimeout(string name)
    {
        var ex = await StreamUntilFailureAsync(name, EmulatorFault.TrickleStream(1, TimeSpan.FromMilliseconds(50)), r =>
        {
            r.StreamIdleTimeout = Timeout.InfiniteTimeSpan;
            r.StreamTimeout = TimeSpan.FromMilliseconds(500);
        });

        Assert.Equal(LlmErrorKind.Timeout, ex.Kind);
        Assert.True(ex.IsTransient);
        Assert.Contains("(StreamTimeout)", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Names))]
    public async Task EventOverTheSizeCap_ThrowsInvalidResponse(string name)
    {
        var huge = "data:{\"x\":\"" + new string('x', 64 * 1024) + "\"}\n\n";

        var ex = await StreamUntilFailureAsync(name, EmulatorFault.RawStream(huge), r => r.MaxStreamEventBytes = 16 * 1024);

        Assert.Equal(LlmErrorKind.InvalidResponse, ex.Kind);
        Assert.Contains("(MaxStreamEventBytes)", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Names))]
    public async Task ManySmallLinesOfOneEvent_CountTowardTheCap(string name)
    {
        // One event made of many short data lines is still one event: the cap counts the event, not the line.
        var body = string.Concat(Enumerable.Repeat("data: xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\n", 1000)) + "\n";

        var ex = await StreamUntilFailureAsync(name, EmulatorFault.RawStream(body), r => r.MaxStreamEventBytes = 16 * 1024);

        Assert.Equal(LlmErrorKind.InvalidResponse, ex.Kind);
    }

    [Theory]
    [MemberData(nameof(Names))]
    public async Task NormalStream_WithinTightBudgetsAndCap_Completes(string name)
    {
        await using var emulator = await LlmEmulator.StartAsync();
        await using var provider = AllFlavours.Build(emulator, Model, resilience: r =>
        {
            r.StreamIdleTimeout = TimeSpan.FromSeconds(30);
            r.StreamTimeout = TimeSpan.FromSeconds(60);
            r.MaxStreamEventBytes = 4 * 1024;
        });

        var response = await provider.GetRequiredKeyedService<IChatClient>(name).GetStreamingResponseAsync("hello there").ToChatResponseAsync();

        Assert.Equal(ChatFinishReason.Stop, response.FinishReason);
        Assert.EndsWith(": hello there", response.Text, StringComparison.Ordinal);
    }

    private static async Task<LlmRequestException> StreamUntilFailureAsync(string name, EmulatorFault fault, Action<Resilience.LlmResilienceOptions> resilience)
    {
        await using var emulator = await LlmEmulator.StartAsync();
        await using var provider = AllFlavours.Build(emulator, Model, resilience: resilience);
        emulator.Faults.Enqueue(fault, AllFlavours.ChatPath(name));

        // A guard so that a stream that never ends fails this test instead of hanging it; the budgets under test are far shorter.
        using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        return (await StreamFailure.CatchAsync(provider.GetRequiredKeyedService<IChatClient>(name), "tell me a story", guard.Token)).Exception;
    }

    private static string Model(string name) => name == "qianfan-v1" ? "ERNIE-3.5-8K" : "model-x";
}
