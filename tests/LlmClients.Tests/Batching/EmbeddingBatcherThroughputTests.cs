using LlmClients.Shared;
using LlmClients.Tests.TestSupport;

namespace LlmClients.Tests.Batching;

/// <summary>
/// The embedding batcher keeps every parallel slot busy: 10,000 texts at cap 10 and parallelism 8, each request taking
/// 50 ms, finish in 6.25 s of simulated time (the ideal; the target is within 1.06x of it). Time is simulated event by
/// event (no clock, no sleeps): a request completes 50 ms after it started, in order, and the next completion is
/// released only once the batcher has refilled the slot; a batcher that leaves a slot idle never refills it, and the
/// hang guard fails the test.
/// </summary>
public sealed class EmbeddingBatcherThroughputTests
{
    private static readonly TimeSpan Latency = TimeSpan.FromMilliseconds(50);

    [Fact]
    public async Task GenerateAsync_TenThousandTextsCapTenParallelismEight_FinishesAtTheIdealSimulatedTime()
    {
        const int Texts = 10_000, Cap = 10, Parallelism = 8, Requests = Texts / Cap;
        var texts = Enumerable.Range(0, Texts).Select(i => "t" + i).ToArray();
        var started = new Queue<(TaskCompletionSource Done, IReadOnlyList<string> Batch)>();
        var startedSignal = new SemaphoreSlim(0);
        int inFlight = 0, maxInFlight = 0;

        async Task<GeneratedEmbeddings<Embedding<float>>> SendAsync(IReadOnlyList<string> batch, CancellationToken cancellationToken)
        {
            var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            lock (started)
            {
                started.Enqueue((done, batch));
                maxInFlight = Math.Max(maxInFlight, ++inFlight);
            }

            startedSignal.Release();
            await done.Task;
            return [.. batch.Select(t => new Embedding<float>(new[] { (float)int.Parse(t[1..], System.Globalization.CultureInfo.InvariantCulture) }))];
        }

        var run = EmbeddingBatcher.GenerateAsync(texts, Cap, Parallelism, SendAsync, CancellationToken.None);

        var due = new PriorityQueue<TaskCompletionSource, (TimeSpan Due, int Order)>();
        var now = TimeSpan.Zero;
        int seen = 0, completed = 0;
        while (completed < Requests)
        {
            // Wait for the batcher to fill every slot the work allows; each request is due 50 ms after it started.
            int expected = Math.Min(Requests, completed + Parallelism);
            while (seen < expected)
            {
                Assert.True(await startedSignal.WaitAsync(TimeDriver.HangGuard), $"the batcher left a slot idle: {seen} started, {completed} done");
                lock (started)
                {
                    var (done, _) = started.Dequeue();
                    due.Enqueue(done, (now + Latency, seen++));
                }
            }

            due.TryDequeue(out var next, out var when);
            now = when.Due;
            lock (started)
            {
                inFlight--;
            }

            next!.SetResult();
            completed++;
        }

        var result = await run.WaitAsync(TimeDriver.HangGuard);

        Assert.Equal(Parallelism, maxInFlight);
        Assert.Equal(Enumerable.Range(0, Texts).Select(i => (float)i), result.Select(e => e.Vector.Span[0]));
        var ideal = Latency * (Requests / Parallelism);
        Assert.Equal(TimeSpan.FromSeconds(6.25), ideal);
        Assert.True(now <= ideal * 1.06, $"simulated {now.TotalSeconds} s, ideal {ideal.TotalSeconds} s");
    }
}
