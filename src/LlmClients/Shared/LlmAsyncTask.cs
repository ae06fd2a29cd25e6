namespace LlmClients;

/// <summary>
/// A vendor's async task as last seen: what every vendor's task snapshot has (its id, its status in the vendor's own
/// vocabulary, the request id of the call that returned it and the vendor object it was mapped from). Each vendor's task type
/// derives from it and adds what its task reports (DashScope: times, progress, result file; Zhipu: the chat response).
/// </summary>
/// <typeparam name="TStatus">The vendor's status type (for example <c>DashScopeTaskStatus</c>), which keeps its wire values and says which are terminal.</typeparam>
public abstract class LlmAsyncTask<TStatus>
    where TStatus : struct, IEquatable<TStatus>
{
    /// <summary>Initializes a task snapshot.</summary>
    /// <param name="taskId">The task id.</param>
    /// <param name="status">The status.</param>
    /// <exception cref="ArgumentException"><paramref name="taskId"/> is null or white space.</exception>
    protected LlmAsyncTask(string taskId, TStatus status)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(taskId);
        TaskId = taskId;
        Status = status;
    }

    /// <summary>Gets the task id; keep it to resume waiting later, even from another process (as long as the vendor keeps the task).</summary>
    public string TaskId { get; }

    /// <summary>Gets the status.</summary>
    public TStatus Status { get; }

    /// <summary>Gets or sets the vendor's request id of the call that returned this snapshot.</summary>
    public string? RequestId { get; init; }

    /// <summary>Gets or sets the vendor object this was mapped from.</summary>
    public object? RawRepresentation { get; init; }
}
