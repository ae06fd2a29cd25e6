using LlmClients.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace LlmClients.IntegrationTests.Flavours;

/// <summary>
/// The client-side limits sit in every flavour's HTTP pipeline (one handler for all): a stream holds the concurrency permit
/// until it ends, and a call past the per-minute limit is refused before it reaches the vendor.
/// </summary>
public sealed class ClientLimitsFlavourTests
{
    public static TheoryData<string> Names => [.. AllFlavours.Names];

    [Theory]
    [MemberData(nameof(Names))]
    public async Task Stream_MaxConcurrencyOne_HoldsThePermitUntilItEndsThenReleasesIt(string name)
    {
        await using var emulator = await LlmEmulator.StartAsync();
        await using var provider = AllFlavours.Build(emulator, Model, limits: l =>
        {
            l.MaxConcurrency = 1;
            l.MaxQueueWait = TimeSpan.Zero;
        });
        var chat = provider.GetRequiredKeyedService<IChatClient>(name);

        var stream = chat.GetStreamingResponseAsync("hold it").GetAsyncEnumerator();
        Assert.True(await stream.MoveNextAsync());
        var refused = await Assert.ThrowsAsync<LlmRequestException>(() => chat.GetResponseAsync("meanwhile"));
        while (await stream.MoveNextAsync())
        {
        }

        await stream.DisposeAsync();
        await chat.GetResponseAsync("after");

        Assert.Equal(LlmErrorKind.RateLimited, refused.Kind);
        Assert.Equal(name, refused.InstanceName);
        Assert.Equal(2, emulator.RequestCount(AllFlavours.ChatPath(name)));
    }

    [Theory]
    [MemberData(nameof(Names))]
    public async Task GetResponseAsync_PastRequestsPerMinute_RefusedBeforeSending(string name)
    {
        await using var emulator = await LlmEmulator.StartAsync();
        await using var provider = AllFlavours.Build(emulator, Model, limits: l =>
        {
            l.RequestsPerMinute = 2;
            l.MaxQueueWait = TimeSpan.Zero;
        });
        var chat = provider.GetRequiredKeyedService<IChatClient>(name);

        await chat.GetResponseAsync("one");
        await chat.GetStreamingResponseAsync("two").ToChatResponseAsync();
        var refused = await Assert.ThrowsAsync<LlmRequestException>(() => chat.GetResponseAsync("three"));

        Assert.Contains("Limits:RequestsPerMinute = 2", refused.Message, StringComparison.Ordinal);
        Assert.Equal(2, emulator.RequestCount(AllFlavours.ChatPath(name)));
    }

    private static string Model(string name) => name == "qianfan-v1" ? "ERNIE-3.5-8K" : "model-x";
}
