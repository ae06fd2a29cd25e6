namespace LlmClients.Shared;

/// <summary>Splits an embedding batch to a vendor's per-request cap, sends the parts with bounded parallelism, and keeps order.</summary>
internal static class EmbeddingBatcher
{
    /// <summary>Embeds <paramref name="values"/> in parts of at most <paramref name="batchSize"/> texts.</summary>
    /// <param name="values">All texts, already validated.</param>
    /// <param name="batchSize">The vendor's per-request cap (at least 1).</param>
    /// <param name="maxParallelism">How many parts may be in flight at once (at least 1).</param>
    /// <param name="sendBatch">Sends one part and returns its embeddings in the part's order.</param>
    /// <param name="cancellationToken">Cancels all parts.</param>
    /// <returns>All embeddings in input order, usage summed, the first part's request id.</returns>
    public static async Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(
        IReadOnlyList<string> values,
        int batchSize,
        int maxParallelism,
        Func<IReadOnlyList<string>, CancellationToken, Task<GeneratedEmbeddings<Embedding<float>>>> sendBatch,
        CancellationToken cancellationToken)
    {
        batchSize = Math.Max(1, batchSize);
        if (values.Count <= batchSize)
        {
            return await sendBatch(values, cancellationToken).ConfigureAwait(false);
        }

        int parts = (values.Count + batchSize - 1) / batchSize;
        var results = new GeneratedEmbeddings<Embedding<float>>[parts];
        await Parallel.ForEachAsync(
            Enumerable.Range(0, parts),
            new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, maxParallelism), CancellationToken = cancellationToken },
            async (part, ct) =>
            {
                int start = part * batchSize;
                var slice = new string[Math.Min(batchSize, values.Count - start)];
                for (int i = 0; i < slice.Length; i++)
                {
                    slice[i] = values[start + i];
                }

                results[part] = await sendBatch(slice, ct).ConfigureAwait(false);
            }).ConfigureAwait(false);

        var all = new GeneratedEmbeddings<Embedding<float>> { AdditionalProperties = ResponseProperties.RequestId(results[0].GetRequestId()) };
        foreach (var result in results)
        {
            foreach (var embedding in result)
            {
                all.Add(embedding);
            }

            if (result.Usage is not null)
            {
                (all.Usage ??= new UsageDetails()).Add(result.Usage);
            }
        }

        return all;
    }
}
