namespace LlmClients.DashScope;

/// <summary>One task of a <see cref="DashScopePage{T}"/> of tasks. List times are epoch milliseconds on the wire.</summary>
/// <param name="taskId">The task id.</param>
/// <param name="status">The status.</param>
public sealed class DashScopeTaskSummary(string taskId, DashScopeTaskStatus status)
{
    /// <summary>Gets the task id.</summary>
    public string TaskId { get; } = taskId;

    /// <summary>Gets the status.</summary>
    public DashScopeTaskStatus Status { get; } = status;

    /// <summary>Gets or sets the model (<c>model_name</c>).</summary>
    public string? ModelName { get; init; }

    /// <summary>Gets or sets when the task was created (<c>gmt_create</c>).</summary>
    public DateTimeOffset? CreatedAt { get; init; }

    /// <summary>Gets or sets when the task started (<c>start_time</c>).</summary>
    public DateTimeOffset? StartedAt { get; init; }

    /// <summary>Gets or sets when the task ended (<c>end_time</c>).</summary>
    public DateTimeOffset? EndedAt { get; init; }

    /// <summary>Gets or sets the request id of the submission (<c>request_id</c>).</summary>
    public string? RequestId { get; init; }

    /// <summary>Gets or sets the region (<c>region</c>), for example <c>cn-beijing</c>.</summary>
    public string? Region { get; init; }
}
