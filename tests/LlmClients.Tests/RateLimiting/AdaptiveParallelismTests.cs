using LlmClients.Shared;
using LlmClients.Telemetry;

namespace LlmClients.Tests.RateLimiting;

/// <summary>The embedding batcher halves its parts in flight on each HTTP 429 and grows back by one per success.</summary>
public sealed class AdaptiveParallelismTests
{
    [Fact]
    public void Throttled_HalvesDownToOne_Succeeded_GrowsBackByOneUpToTheMaximum()
    {
        var parallelism = new AdaptiveParallelism(8);

        parallelism.Throttled();
        Assert.Equal(4, parallelism.Limit);
        parallelism.Throttled();
        parallelism.Throttled();
        parallelism.Throttled();
        Assert.Equal(1, parallelism.Limit);
        parallelism.Succeeded();
        Assert.Equal(2, parallelism.Limit);
        for (int i = 0; i < 20; i++)
        {
            parallelism.Succeeded();
        }

        Assert.Equal(8, parallelism.Limit);
    }

    [Fact]
    public async Task GenerateAsync_PartThrottled_NoMorePartsStartUntilOneSucceeds()
    {
        var texts = Enumerable.Range(0, 16).Select(i => $"t{i}").ToList();
        var gate = new TaskCompletionSource();
        int started = 0;

        var batch = EmbeddingBatcher.GenerateAsync(texts, batchSize: 1, maxParallelism: 8, (slice, _) =>
        {
            if (Interlocked.Increment(ref started) == 1)
            {
                // What the retry handler does on each HTTP 429 of this part: 8 -> 4 -> 2 -> 1.
                LlmCallContext.Throttled?.Invoke();
                LlmCallContext.Throttled?.Invoke();
                LlmCallContext.Throttled?.Invoke();
                return gate.Task.ContinueWith(_ => Embed(slice), TaskScheduler.Default);
            }

            return Task.FromResult(Embed(slice));
        }, CancellationToken.None);

        Assert.Equal(1, Volatile.Read(ref started)); // The other 7 slots closed before they were used.
        gate.SetResult();
        var result = await batch;

        Assert.Equal(16, started);
        Assert.Equal(Enumerable.Range(0, 16).Select(i => (float)i), result.Select(e => e.Vector.Span[0]));
    }

    private static GeneratedEmbeddings<Embedding<float>> Embed(IReadOnlyList<string> slice)
        => [.. slice.Select(t => new Embedding<float>(new[] { float.Parse(t[1..], System.Globalization.CultureInfo.InvariantCulture) }))];
}
