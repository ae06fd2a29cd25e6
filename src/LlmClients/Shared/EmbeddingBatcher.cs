namespace LlmClients.Shared;

/// <summary>
/// Splits an embedding batch to a vendor's per-request cap, sends the parts with bounded, adaptive parallelism
/// (<see cref="AdaptiveParallelism"/>: halved on each HTTP 429, back up by one per part that succeeds), and keeps order.
/// </summary>
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
        var parallelism = new AdaptiveParallelism(Math.Max(1, maxParallelism));
        using var failed = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var running = new List<Task>();
        int next = 0;
        Exception? first = null;
        while (next < parts || running.Count > 0)
        {
            while (first is null && next < parts && running.Count < parallelism.Limit)
            {
                running.Add(SendPartAsync(next++));
            }

            var done = await Task.WhenAny(running).ConfigureAwait(false);
            running.Remove(done);
            if (done.Exception?.InnerException is { } error && first is null)
            {
                // The first failure ends the batch: the parts in flight are cancelled and awaited, then it is thrown.
                first = error;
                await failed.CancelAsync().ConfigureAwait(false);
            }
        }

        if (first is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(first).Throw();
        }

        cancellationToken.ThrowIfCancellationRequested();

        async Task SendPartAsync(int part)
        {
            int start = part * batchSize;
            var slice = new string[Math.Min(batchSize, values.Count - start)];
            for (int i = 0; i < slice.Length; i++)
            {
                slice[i] = values[start + i];
            }

            // Each HTTP 429 the retry handler sees halves the parts in flight; each part that succeeds adds one back.
            Telemetry.LlmCallContext.Throttled = parallelism.Throttled;
            try
            {
                results[part] = await sendBatch(slice, failed.Token).ConfigureAwait(false);
            }
            catch (LlmRequestException ex) when (ex.Kind == LlmErrorKind.RateLimited)
            {
                parallelism.Throttled();
                throw;
            }

            parallelism.Succeeded();
        }

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
