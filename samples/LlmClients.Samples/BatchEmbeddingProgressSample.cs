using System.Globalization;
using LlmClients.Batches;
using Microsoft.Extensions.DependencyInjection;

namespace LlmClients.Samples;

/// <summary>
/// Bulk embeddings through the vendor's Batch API: 10,000 texts go up as one JSONL file, run as a batch job (at about half
/// the price of synchronous calls), and come back with every vector at its text's index; a progress bar follows the job.
/// Runs on the emulator only: a real batch takes minutes to hours (up to its 24 h window) and is billed.
/// </summary>
internal sealed class BatchEmbeddingProgressSample : ISample
{
    private const int Count = 10_000;

    public string Title => "Batch API: 10,000 embeddings as one batch job, with a progress bar";

    public bool AppliesTo(SampleContext context) => context.Vendor == "openai" && !SampleSetup.HasAnyApiKey();

    public async Task RunAsync(SampleContext context)
    {
        var batches = context.Services.GetRequiredKeyedService<IBatchClient>(context.InstanceName);
        var texts = Enumerable.Range(0, Count).Select(i => $"document {i}: notes on topic {i % 97}").ToList();

        var results = await batches.EmbedAsync(
            texts,
            new EmbeddingGenerationOptions { Dimensions = 64 },
            polling: new LlmPollingOptions { InitialInterval = TimeSpan.FromMilliseconds(50), MaxInterval = TimeSpan.FromMilliseconds(200) },
            progress: new ProgressBar());

        // GetValues throws if any text failed; the vector at index i is the embedding of texts[i].
        var vectors = results.GetValues();
        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {vectors.Count:N0} vectors of {vectors[0].Dimensions} dimensions from batch {string.Join(", ", results.Job.BatchIds)}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  texts[42] -> [{string.Join(", ", vectors[42].Vector.ToArray().Take(4).Select(v => v.ToString("F3", CultureInfo.InvariantCulture)))}, ...]"));
    }

    /// <summary>Draws <c>[#####.....]  5,000/10,000 in_progress</c>, in place on a terminal, one line per change otherwise.</summary>
    private sealed class ProgressBar : IProgress<LlmBatchJob>
    {
        private const int Width = 30;
        private string? _last;

        public void Report(LlmBatchJob value)
        {
            var counts = value.RequestCounts;
            var total = Math.Max(1, counts.Total);
            var filled = (int)((long)Width * counts.Done / total);
            var line = string.Create(CultureInfo.InvariantCulture, $"  [{new string('#', filled)}{new string('.', Width - filled)}] {counts.Done,6:N0}/{counts.Total:N0} {value.Status}");
            if (line == _last)
            {
                return;
            }

            _last = line;
            Console.Write(Console.IsOutputRedirected ? line + Environment.NewLine : "\r" + line);
        }
    }
}
