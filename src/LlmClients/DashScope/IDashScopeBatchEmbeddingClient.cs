namespace LlmClients.DashScope;

/// <summary>
/// DashScope batch embeddings (<c>text-embedding-async-v1</c>/<c>v2</c>): the texts live in a file reachable by URL, one
/// text per line (up to 100,000 lines); an async task embeds them and writes a <c>.txt.gz</c> result file. One call submits,
/// waits, downloads and parses the result into embeddings in input order. Implementations are thread-safe. Reach it
/// through DI keyed by the instance name.
/// </summary>
public interface IDashScopeBatchEmbeddingClient
{
    /// <summary>Submits, waits for and downloads a batch embedding.</summary>
    /// <param name="inputUrl">The URL of the input file (one text per line), for example a native file's <see cref="DashScopeFile.Url"/>.</param>
    /// <param name="options">The model, text type, expected count and polling, or null for the defaults.</param>
    /// <param name="progress">Told about the submitted task and every poll (status and <c>task_metrics</c> counts), if given.</param>
    /// <param name="cancellationToken">Stops submitting, waiting or downloading (a submitted task goes on; resume it with <see cref="GetResultsAsync"/>).</param>
    /// <returns>One embedding per input line, in input order (line <c>i</c> is <c>result[i]</c>), with the task's usage.</returns>
    /// <exception cref="ArgumentException"><paramref name="inputUrl"/> is not an absolute http(s) URL, or <paramref name="options"/> is invalid.</exception>
    /// <exception cref="LlmRequestException">
    /// DashScope rejected the submission; the task failed (its <c>output.code</c> and <c>output.message</c>), was cancelled or timed out
    /// (task id in <see cref="Exception.Data"/>[<see cref="IDashScopeTaskClient.TaskIdDataKey"/>]); or the result file is missing lines,
    /// reports failed lines, or cannot be read (kind <see cref="LlmErrorKind.InvalidResponse"/>, naming the lines).
    /// </exception>
    Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(Uri inputUrl, DashScopeBatchEmbeddingOptions? options = null, IProgress<DashScopeTask>? progress = null, CancellationToken cancellationToken = default);

    /// <summary>Submits a batch embedding without waiting (<c>X-DashScope-Async: enable</c>, <c>input.url</c>).</summary>
    /// <param name="inputUrl">The URL of the input file.</param>
    /// <param name="options">The model and text type, or null for the defaults.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The task; keep <see cref="LlmAsyncTask{TStatus}.TaskId"/> to fetch the results later.</returns>
    /// <exception cref="ArgumentException"><paramref name="inputUrl"/> is not an absolute http(s) URL, or <paramref name="options"/> is invalid.</exception>
    /// <exception cref="LlmRequestException">DashScope rejected the submission.</exception>
    Task<DashScopeTask> SubmitAsync(Uri inputUrl, DashScopeBatchEmbeddingOptions? options = null, CancellationToken cancellationToken = default);

    /// <summary>Waits for a submitted batch embedding (from this or an earlier process) and downloads its result.</summary>
    /// <param name="taskId">The task id.</param>
    /// <param name="options">The expected count and polling, or null for the defaults.</param>
    /// <param name="progress">Told about every poll, if given.</param>
    /// <param name="cancellationToken">Stops waiting or downloading.</param>
    /// <returns>The embeddings in input order.</returns>
    /// <exception cref="ArgumentException"><paramref name="taskId"/> is blank, or <paramref name="options"/> is invalid.</exception>
    /// <exception cref="LlmRequestException">As for <see cref="GenerateAsync"/>; an unknown id has kind <see cref="LlmErrorKind.NotFound"/>.</exception>
    Task<GeneratedEmbeddings<Embedding<float>>> GetResultsAsync(string taskId, DashScopeBatchEmbeddingOptions? options = null, IProgress<DashScopeTask>? progress = null, CancellationToken cancellationToken = default);
}
