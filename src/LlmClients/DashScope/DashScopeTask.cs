namespace LlmClients.DashScope;

/// <summary>
/// A DashScope async task as last seen (<c>GET /api/v1/tasks/{task_id}</c>): id, status, times, progress and result. DashScope
/// keeps tasks about 24 hours, so <see cref="LlmAsyncTask{TStatus}.TaskId"/> resumes a wait within that time. A task from a
/// list (<c>GET /api/v1/tasks</c>, <see cref="IDashScopeTaskClient.ListAsync"/>) has what the list reports: its model, region
/// and times (<c>gmt_create</c>, <c>start_time</c> and <c>end_time</c>, epoch milliseconds on the wire, as
/// <see cref="SubmittedAt"/>, <see cref="ScheduledAt"/> and <see cref="EndedAt"/>), and its <see cref="LlmAsyncTask{TStatus}.RequestId"/>
/// is the item's <c>request_id</c> (the submission's); get the task for its progress and result.
/// </summary>
/// <param name="taskId">The task id.</param>
/// <param name="status">The status.</param>
/// <exception cref="ArgumentException"><paramref name="taskId"/> is null or white space.</exception>
public sealed class DashScopeTask(string taskId, DashScopeTaskStatus status) : LlmAsyncTask<DashScopeTaskStatus>(taskId, status)
{
    /// <summary>Gets or sets the model (<c>output.model</c>; a listed task's <c>model_name</c>), when DashScope reports it.</summary>
    public string? ModelName { get; init; }

    /// <summary>Gets or sets the region (a listed task's <c>region</c>), for example <c>cn-beijing</c>.</summary>
    public string? Region { get; init; }

    /// <summary>Gets or sets when the task was submitted (DashScope sends Beijing time without an offset; read as UTC+8).</summary>
    public DateTimeOffset? SubmittedAt { get; init; }

    /// <summary>Gets or sets when the task was scheduled (UTC+8, as <see cref="SubmittedAt"/>).</summary>
    public DateTimeOffset? ScheduledAt { get; init; }

    /// <summary>Gets or sets when the task ended (UTC+8, as <see cref="SubmittedAt"/>).</summary>
    public DateTimeOffset? EndedAt { get; init; }

    /// <summary>Gets or sets the result file URL (<c>output.url</c>) of a succeeded task that produces a file, such as batch embeddings. It is signed: treat it as a secret.</summary>
    public Uri? ResultUrl { get; init; }

    /// <summary>Gets or sets the failure code (<c>output.code</c>) of a <see cref="DashScopeTaskStatus.Failed"/> task.</summary>
    public string? ErrorCode { get; init; }

    /// <summary>Gets or sets the failure message (<c>output.message</c>) of a <see cref="DashScopeTaskStatus.Failed"/> task.</summary>
    public string? ErrorMessage { get; init; }

    /// <summary>Gets or sets how many items the task has in all (<c>task_metrics.TOTAL</c>), when it reports progress.</summary>
    public int? TotalCount { get; init; }

    /// <summary>Gets or sets how many items have succeeded so far (<c>task_metrics.SUCCEEDED</c>).</summary>
    public int? SucceededCount { get; init; }

    /// <summary>Gets or sets how many items have failed so far (<c>task_metrics.FAILED</c>).</summary>
    public int? FailedCount { get; init; }

    /// <summary>Gets or sets the usage of a finished task (<c>usage.total_tokens</c>).</summary>
    public UsageDetails? Usage { get; init; }

    /// <inheritdoc />
    public override string ToString() => TotalCount is int total ? $"{TaskId} {Status} ({SucceededCount ?? 0}/{total})" : $"{TaskId} {Status}";
}
