using OpenAI.Chat;
using ChatMessage = Microsoft.Extensions.AI.ChatMessage;
using SdkChatMessage = OpenAI.Chat.ChatMessage;

namespace LlmClients.Benchmarks;

/// <summary>
/// Memory per open stream: <see cref="Count"/> streams opened at once, each past its first word (the server holds them
/// open); the managed heap after a full GC with them open, minus the heap after a full GC before they were opened (after
/// a warm-up round has opened and closed as many, so pools and lazy statics are already there), divided by the count.
/// </summary>
public static class OpenStreams
{
    /// <summary>Streams held open at once.</summary>
    public const int Count = 100;

    /// <summary>Bytes retained per open stream, per client and format.</summary>
    public static async Task<List<(string Scenario, string Client, double Bytes)>> RunAsync(Clients c)
    {
        var results = new List<(string, string, double)>();
        foreach (var format in Cases.StreamFormats)
        {
            var name = "open " + format.ToString().ToLowerInvariant();
            results.Add((name, "floor", await RetainedAsync(() => Floor.OpenStreamAsync(c.Raw, format))));
            if (format == WireFormat.OpenAI)
            {
                results.Add((name, "sdk", await RetainedAsync(() => OpenSdkAsync(c))));
            }

            results.Add((name, "ours", await RetainedAsync(() => OpenOursAsync(c, format))));
        }

        return results;
    }

    private static async Task<double> RetainedAsync(Func<Task<IAsyncDisposable>> open)
    {
        // A warm-up round opens the connections and fills the pools, so the measured round counts only what a stream holds.
        await using (await OpenAllAsync(open))
        {
        }

        // A response disposed before its end is drained for up to 2 s (SocketsHttpHandler's ResponseDrainTimeout) before
        // its connection goes: wait that out, so the closed warm-up streams are gone from the base.
        await Task.Delay(TimeSpan.FromSeconds(2.5));
        var before = Settled();
        await using var all = await OpenAllAsync(open);
        return (Settled() - before) / (double)Count;
    }

    private static long Settled()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        return GC.GetTotalMemory(forceFullCollection: true);
    }

    private static async Task<All> OpenAllAsync(Func<Task<IAsyncDisposable>> open)
    {
        var streams = new List<IAsyncDisposable>(Count);
        for (int i = 0; i < Count; i++)
        {
            streams.Add(await open());
        }

        return new All(streams);
    }

    private static async Task<IAsyncDisposable> OpenOursAsync(Clients c, WireFormat format)
    {
        var e = c.Chat(format).GetStreamingResponseAsync([new ChatMessage(ChatRole.User, "Say hello")], new ChatOptions { ModelId = "stream-hold" }).GetAsyncEnumerator();
        if (!await e.MoveNextAsync())
        {
            throw new InvalidOperationException("ours: no first update");
        }

        // DashScope and Zhipu-style first chunks may carry only the role; read until the first word arrives.
        while (e.Current.Text != CannedResponses.Word(0))
        {
            if (!await e.MoveNextAsync())
            {
                throw new InvalidOperationException("ours: the first word never came");
            }
        }

        return e;
    }

    private static async Task<IAsyncDisposable> OpenSdkAsync(Clients c)
    {
        var e = c.SdkChat("stream-hold").CompleteChatStreamingAsync([new UserChatMessage("Say hello")]).GetAsyncEnumerator();
        while (await e.MoveNextAsync())
        {
            if (e.Current.ContentUpdate.Count > 0 && e.Current.ContentUpdate[0].Text == CannedResponses.Word(0))
            {
                return e;
            }
        }

        throw new InvalidOperationException("sdk: the first word never came");
    }

    private sealed class All(List<IAsyncDisposable> streams) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            foreach (var s in streams)
            {
                await s.DisposeAsync();
            }
        }
    }
}
