namespace LlmClients.Batches;

/// <summary>Submit, wait and collect in one call.</summary>
public static class BatchClientExtensions
{
    /// <summary>Embeds the texts through batch jobs: submits, waits (reporting progress) and returns one result per text, in input order.</summary>
    /// <param name="client">The batch client.</param>
    /// <param name="values">The texts.</param>
    /// <param name="options">The embedding options, or null.</param>
    /// <param name="batchOptions">The submission options, or null.</param>
    /// <param name="polling">The polling settings, or null for the defaults.</param>
    /// <param name="progress">Told the job after every round of polls, or null.</param>
    /// <param name="cancellationToken">Cancels the call. During submission, batches already created are cancelled (best effort); once the job is submitted (first reported to <paramref name="progress"/>, which carries the batch ids) cancelling only stops waiting: the batches keep running and <see cref="IBatchClient.ResumeAsync"/> picks them up by id.</param>
    /// <returns>The results; <see cref="LlmBatchResults{T}.GetValues"/> gives the vectors or throws if any text failed.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="client"/> is null.</exception>
    /// <exception cref="ArgumentException">The input or the options are invalid.</exception>
    /// <exception cref="LlmRequestException">A call failed, or the wait timed out.</exception>
    public static Task<LlmBatchResults<Embedding<float>>> EmbedAsync(
        this IBatchClient client, IEnumerable<string> values, EmbeddingGenerationOptions? options = null, LlmBatchOptions? batchOptions = null, LlmPollingOptions? polling = null, IProgress<LlmBatchJob>? progress = null, CancellationToken cancellationToken = default)
        => RunAsync(
            client,
            polling,
            progress,
            c => c.SubmitEmbeddingsAsync(values, options, batchOptions, cancellationToken),
            (c, job) => c.GetEmbeddingResultsAsync(job, cancellationToken),
            cancellationToken);

    /// <summary>Runs the conversations through batch jobs: submits, waits (reporting progress) and returns one response per conversation, in input order.</summary>
    /// <param name="client">The batch client.</param>
    /// <param name="conversations">The conversations.</param>
    /// <param name="options">The chat options of every request, or null.</param>
    /// <param name="batchOptions">The submission options, or null.</param>
    /// <param name="polling">The polling settings, or null for the defaults.</param>
    /// <param name="progress">Told the job after every round of polls, or null.</param>
    /// <param name="cancellationToken">Cancels the call. During submission, batches already created are cancelled (best effort); once the job is submitted (first reported to <paramref name="progress"/>, which carries the batch ids) cancelling only stops waiting: the batches keep running and <see cref="IBatchClient.ResumeAsync"/> picks them up by id.</param>
    /// <returns>The results; <see cref="LlmBatchResults{T}.GetValues"/> gives the responses or throws if any conversation failed.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="client"/> is null.</exception>
    /// <exception cref="ArgumentException">The input or the options are invalid.</exception>
    /// <exception cref="LlmRequestException">A call failed, or the wait timed out.</exception>
    public static Task<LlmBatchResults<ChatResponse>> GetResponsesAsync(
        this IBatchClient client, IEnumerable<IEnumerable<ChatMessage>> conversations, ChatOptions? options = null, LlmBatchOptions? batchOptions = null, LlmPollingOptions? polling = null, IProgress<LlmBatchJob>? progress = null, CancellationToken cancellationToken = default)
        => RunAsync(
            client,
            polling,
            progress,
            c => c.SubmitChatAsync(conversations, options, batchOptions, cancellationToken),
            (c, job) => c.GetChatResultsAsync(job, cancellationToken),
            cancellationToken);

    // Polling settings are checked before anything is submitted: a bad setting must not leave batches running.
    private static async Task<LlmBatchResults<T>> RunAsync<T>(
        IBatchClient client,
        LlmPollingOptions? polling,
        IProgress<LlmBatchJob>? progress,
        Func<IBatchClient, Task<LlmBatchJob>> submit,
        Func<IBatchClient, LlmBatchJob, Task<LlmBatchResults<T>>> collect,
        CancellationToken cancellationToken)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(client);
        polling?.Validate(nameof(polling));
        var job = await submit(client).ConfigureAwait(false);
        progress?.Report(job);
        job = await client.WaitAsync(job, polling, progress, cancellationToken).ConfigureAwait(false);
        return await collect(client, job).ConfigureAwait(false);
    }
}
