using System.Text.Json;

namespace LlmClients.DashScope;

/// <summary>
/// DashScope's async tasks (<c>X-DashScope-Async: enable</c>; image synthesis, batch embeddings...): submit, read, wait
/// with a backing-off poll on the configured <see cref="TimeProvider"/>, cancel and list. Implementations are thread-safe.
/// Reach it through DI keyed by the instance name. Batch embeddings have their own one-call client,
/// <see cref="IDashScopeBatchEmbeddingClient"/>.
/// </summary>
public interface IDashScopeTaskClient
{
    /// <summary>The <see cref="Exception.Data"/> key under which a failed, cancelled, unknown or timed-out wait stores the task id.</summary>
    public const string TaskIdDataKey = "dashscope.task_id";

    /// <summary>Submits a native request as an async task: <c>POST {native base}/{path}</c> with <c>X-DashScope-Async: enable</c>.</summary>
    /// <param name="path">The service path under the native base, for example <c>services/embeddings/text-embedding/text-embedding</c>.</param>
    /// <param name="body">The request body, a JSON object (<c>{"model", "input", "parameters"}</c>).</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The task, usually <see cref="DashScopeTaskStatus.Pending"/>.</returns>
    /// <exception cref="ArgumentException"><paramref name="path"/> is blank or absolute, or <paramref name="body"/> is not a JSON object.</exception>
    /// <exception cref="LlmRequestException">DashScope rejected the request.</exception>
    Task<DashScopeTask> SubmitAsync(string path, JsonElement body, CancellationToken cancellationToken = default);

    /// <summary>Reads a task (<c>GET tasks/{task_id}</c>). Works for ids from earlier processes.</summary>
    /// <param name="taskId">The task id.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The task; a failed task is returned, not thrown, with <see cref="DashScopeTask.ErrorCode"/> and <see cref="DashScopeTask.ErrorMessage"/>.</returns>
    /// <exception cref="ArgumentException"><paramref name="taskId"/> is blank.</exception>
    /// <exception cref="LlmRequestException">
    /// The call failed, or DashScope does not know the id: it answers <c>UNKNOWN</c> at HTTP 200, reported as kind
    /// <see cref="LlmErrorKind.NotFound"/>. The task id is in <see cref="Exception.Data"/>[<see cref="TaskIdDataKey"/>].
    /// </exception>
    Task<DashScopeTask> GetAsync(string taskId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Polls a task until it ends: the wait starts at <see cref="LlmPollingOptions.InitialInterval"/> and grows by
    /// <see cref="LlmPollingOptions.BackoffMultiplier"/> up to <see cref="LlmPollingOptions.MaxInterval"/>. Resumes tasks from earlier processes.
    /// </summary>
    /// <param name="taskId">The task id.</param>
    /// <param name="polling">The polling, or null for the instance's <see cref="DashScopeOptions.Polling"/>.</param>
    /// <param name="progress">Told about every poll (status and <c>task_metrics</c> counts), if given.</param>
    /// <param name="cancellationToken">Stops waiting (the task itself goes on); surfaces as <see cref="OperationCanceledException"/>.</param>
    /// <returns>The succeeded task.</returns>
    /// <exception cref="ArgumentException"><paramref name="taskId"/> is blank, or <paramref name="polling"/> is invalid.</exception>
    /// <exception cref="LlmRequestException">
    /// The task ended <c>FAILED</c> (the vendor code is <see cref="LlmRequestException.ErrorCode"/>, its message
    /// <see cref="LlmRequestException.VendorMessage"/>), <c>CANCELED</c> or <c>UNKNOWN</c> (kind <see cref="LlmErrorKind.NotFound"/>), is
    /// still running after <see cref="LlmPollingOptions.Timeout"/> (kind <see cref="LlmErrorKind.Timeout"/>), or a poll failed.
    /// The task id is in the message and in <see cref="Exception.Data"/>[<see cref="TaskIdDataKey"/>].
    /// </exception>
    Task<DashScopeTask> WaitForCompletionAsync(string taskId, LlmPollingOptions? polling = null, IProgress<DashScopeTask>? progress = null, CancellationToken cancellationToken = default);

    /// <summary>Cancels a task (<c>POST tasks/{task_id}/cancel</c>, empty body). DashScope allows it only while the task is <c>PENDING</c>.</summary>
    /// <param name="taskId">The task id.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>A task that completes when DashScope has accepted the cancellation.</returns>
    /// <exception cref="ArgumentException"><paramref name="taskId"/> is blank.</exception>
    /// <exception cref="LlmRequestException">
    /// The task is no longer pending: 400 <c>UnsupportedOperation</c> ("Failed to cancel the task, please confirm if the task is in
    /// PENDING status."), kind <see cref="LlmErrorKind.InvalidRequest"/>; or the call failed.
    /// </exception>
    Task CancelAsync(string taskId, CancellationToken cancellationToken = default);

    /// <summary>Lists tasks (<c>GET tasks</c>), filtered and paged.</summary>
    /// <param name="query">The filters and page, or null for the first page of all tasks.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>One page of tasks.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The page number or size is not positive.</exception>
    /// <exception cref="LlmRequestException">The call failed.</exception>
    Task<DashScopePage<DashScopeTask>> ListAsync(DashScopeTaskQuery? query = null, CancellationToken cancellationToken = default);
}
