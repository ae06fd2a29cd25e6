namespace LlmClients.Batches;

/// <summary>
/// Bulk chat and embeddings through a vendor's Batch API (OpenAI <c>/v1/batches</c>, DashScope compatible mode, Zhipu
/// <c>/api/paas/v4/batches</c>, or any OpenAI-compatible server with <c>/files</c> and <c>/batches</c>): JSONL in, JSONL out,
/// run on the vendor's fleet within its completion window at about half the price. Each line's body is exactly what the
/// instance's chat or embedding client sends, so vendor rules apply unchanged. Reach it through DI keyed by the instance
/// name (<c>GetRequiredKeyedService&lt;IBatchClient&gt;("openai")</c>). Thread-safe.
/// </summary>
public interface IBatchClient
{
    /// <summary>
    /// Builds one chat request per conversation, splits them into batches within the vendor's per-file limits (requests and
    /// bytes), uploads each file (<c>purpose=batch</c>) and creates its batch. Does not wait.
    /// </summary>
    /// <param name="conversations">The conversations, one request each; the result at index <c>i</c> answers conversation <c>i</c>.</param>
    /// <param name="options">The chat options of every request (one model for the whole job, as batch files require), or null for the instance's default model.</param>
    /// <param name="batchOptions">The completion window, metadata and smaller limits, or null for the defaults.</param>
    /// <param name="cancellationToken">Cancels the submission (batches already created are cancelled, best effort, so none runs unseen).</param>
    /// <returns>The submitted job.</returns>
    /// <exception cref="ArgumentException">There are no conversations, a conversation is invalid (the same rules as the chat client), or one request alone is larger than a batch file may be.</exception>
    /// <exception cref="LlmRequestException">An upload or a create failed.</exception>
    Task<LlmBatchJob> SubmitChatAsync(IEnumerable<IEnumerable<ChatMessage>> conversations, ChatOptions? options = null, LlmBatchOptions? batchOptions = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Builds one embedding request per text, splits them into batches within the vendor's per-file limits (requests, bytes,
    /// Zhipu's 10,000 embedding requests per file), uploads each file and creates its batch. Does not wait.
    /// </summary>
    /// <param name="values">The texts; the embedding at index <c>i</c> is the vector of text <c>i</c>.</param>
    /// <param name="options">The embedding options (model, dimensions, vendor extras), or null for the instance's default model.</param>
    /// <param name="batchOptions">The completion window, metadata and smaller limits, or null for the defaults.</param>
    /// <param name="cancellationToken">Cancels the submission (batches already created are cancelled on a best-effort basis).</param>
    /// <returns>The submitted job.</returns>
    /// <exception cref="ArgumentException">There are no texts, a text is empty, or the model does not accept the options (the same rules as the embedding client).</exception>
    /// <exception cref="LlmRequestException">An upload or a create failed.</exception>
    Task<LlmBatchJob> SubmitEmbeddingsAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null, LlmBatchOptions? batchOptions = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Waits until every batch of the job has ended, polling each running batch with a growing interval on the instance's
    /// <see cref="TimeProvider"/>. An expired, failed or cancelled batch ends the wait normally: its inputs become typed errors
    /// in the results.
    /// </summary>
    /// <param name="job">The job (from a submit or <see cref="ResumeAsync"/>).</param>
    /// <param name="polling">The polling intervals and overall timeout, or null for the defaults (1 minute growing to 10, up to 24 hours).</param>
    /// <param name="progress">Told the job after every round of polls (status and request counts), or null.</param>
    /// <param name="cancellationToken">Stops waiting; the batches keep running.</param>
    /// <returns>The job with every batch ended.</returns>
    /// <exception cref="ArgumentException">The polling settings are out of range.</exception>
    /// <exception cref="LlmRequestException">A poll failed, or the timeout passed first (kind <see cref="LlmErrorKind.Timeout"/>; the batches keep running and the job can be resumed).</exception>
    Task<LlmBatchJob> WaitAsync(LlmBatchJob job, LlmPollingOptions? polling = null, IProgress<LlmBatchJob>? progress = null, CancellationToken cancellationToken = default);

    /// <summary>Downloads the output and error files of every batch of an ended chat job and maps each line back to its input by <c>custom_id</c>.</summary>
    /// <param name="job">The ended job.</param>
    /// <param name="cancellationToken">Cancels the downloads.</param>
    /// <returns>One result per input, in input order.</returns>
    /// <exception cref="InvalidOperationException">A batch has not ended, or is not a chat batch.</exception>
    /// <exception cref="LlmRequestException">A download failed.</exception>
    Task<LlmBatchResults<ChatResponse>> GetChatResultsAsync(LlmBatchJob job, CancellationToken cancellationToken = default);

    /// <summary>Downloads the output and error files of every batch of an ended embedding job and maps each line back to its input by <c>custom_id</c>.</summary>
    /// <param name="job">The ended job.</param>
    /// <param name="cancellationToken">Cancels the downloads.</param>
    /// <returns>One result per input, in input order.</returns>
    /// <exception cref="InvalidOperationException">A batch has not ended, or is not an embedding batch.</exception>
    /// <exception cref="LlmRequestException">A download failed.</exception>
    Task<LlmBatchResults<Embedding<float>>> GetEmbeddingResultsAsync(LlmBatchJob job, CancellationToken cancellationToken = default);

    /// <summary>
    /// Rebuilds a job from its batch ids (<see cref="LlmBatchJob.BatchIds"/>, in order), for example after a process restart.
    /// Each batch's size is its reported <c>request_counts.total</c>.
    /// </summary>
    /// <param name="batchIds">The batch ids, in the job's order.</param>
    /// <param name="cancellationToken">Cancels the calls.</param>
    /// <returns>The job as it is now.</returns>
    /// <exception cref="ArgumentException">There are no ids, or an id is blank.</exception>
    /// <exception cref="LlmRequestException">A batch could not be read (for example, it does not exist).</exception>
    Task<LlmBatchJob> ResumeAsync(IEnumerable<string> batchIds, CancellationToken cancellationToken = default);

    /// <summary>Reads one batch (<c>GET /batches/{id}</c>).</summary>
    /// <param name="batchId">The batch id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The batch.</returns>
    /// <exception cref="ArgumentException">The id is blank.</exception>
    /// <exception cref="LlmRequestException">The call failed.</exception>
    Task<LlmBatch> GetAsync(string batchId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Asks the vendor to cancel a batch (<c>POST /batches/{id}/cancel</c>). The batch goes through <c>cancelling</c> to
    /// <c>cancelled</c>; requests that already ran keep their results (and are billed).
    /// </summary>
    /// <param name="batchId">The batch id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The batch as the cancel call returned it.</returns>
    /// <exception cref="ArgumentException">The id is blank.</exception>
    /// <exception cref="LlmRequestException">The call failed.</exception>
    Task<LlmBatch> CancelAsync(string batchId, CancellationToken cancellationToken = default);

    /// <summary>Lists batches, newest first (<c>GET /batches?after&amp;limit</c>; DashScope lists only the last 30 days).</summary>
    /// <param name="after">Lists batches after this id (the previous page's <see cref="LlmBatchList.LastId"/>), or null.</param>
    /// <param name="limit">The most batches to return, 1 to 100, or null for the vendor's default (20; Zhipu 10).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>One page.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="limit"/> is outside 1 to 100.</exception>
    /// <exception cref="ArgumentException"><paramref name="after"/> is only white space.</exception>
    /// <exception cref="LlmRequestException">The call failed.</exception>
    Task<LlmBatchList> ListAsync(string? after = null, int? limit = null, CancellationToken cancellationToken = default);
}
