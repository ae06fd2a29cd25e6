using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace LlmClients.Benchmarks;

/// <summary>
/// The embedding batcher's throughput: 10,000 texts at a cap of 10 per request and 8 requests in flight, each request
/// taking 50 ms at the server. The ideal is 1000 requests / 8 x 50 ms = 6.25 s; the target is within 1.06x of it.
/// </summary>
public static class Batcher
{
    /// <summary>Texts per call.</summary>
    public const int Texts = 10_000;

    /// <summary>Texts per request.</summary>
    public const int Cap = 10;

    /// <summary>Requests in flight.</summary>
    public const int Parallelism = 8;

    /// <summary>Server latency per request.</summary>
    public static readonly TimeSpan Latency = TimeSpan.FromMilliseconds(50);

    /// <summary>The ideal wall time.</summary>
    public static readonly TimeSpan Ideal = Latency * (Texts / Cap / Parallelism);

    /// <summary>The server's answer: <see cref="Cap"/> vectors of 4 floats (the row measures scheduling, not parsing).</summary>
    public static readonly byte[] Response = Encoding.UTF8.GetBytes(
        "{\"object\":\"list\",\"data\":[" + string.Join(',', Enumerable.Range(0, Cap).Select(i => "{\"object\":\"embedding\",\"index\":" + i.ToString(CultureInfo.InvariantCulture) + ",\"embedding\":[0.5,0.25,-0.125,1]}"))
        + "],\"model\":\"emb-slow\",\"usage\":{\"prompt_tokens\":10,\"total_tokens\":10}}");

    /// <summary>The least wall time of <paramref name="runs"/> calls (each checked: 10,000 vectors in order).</summary>
    public static async Task<TimeSpan> RunAsync(Clients clients, int runs)
    {
        var texts = Enumerable.Range(0, Texts).Select(i => "text " + i.ToString(CultureInfo.InvariantCulture)).ToArray();
        var best = TimeSpan.MaxValue;
        for (int run = 0; run < runs; run++)
        {
            var clock = Stopwatch.StartNew();
            var result = await clients.BatcherEmbeddings.GenerateAsync(texts);
            clock.Stop();
            if (result.Count != Texts || result.Any(e => e.Vector.Length != 4 || e.Vector.Span[3] != 1f))
            {
                throw new InvalidOperationException($"batcher: expected {Texts} vectors, got {result.Count}");
            }

            best = clock.Elapsed < best ? clock.Elapsed : best;
        }

        return best;
    }
}
