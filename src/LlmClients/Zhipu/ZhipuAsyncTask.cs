namespace LlmClients.Zhipu;

/// <summary>A Zhipu async chat task as last seen: its id, status and, once it has succeeded, the response.</summary>
public sealed class ZhipuAsyncTask
{
    /// <summary>Initializes a task snapshot.</summary>
    /// <param name="taskId">The task id.</param>
    /// <param name="status">The status.</param>
    /// <exception cref="ArgumentException"><paramref name="taskId"/> is null or white space.</exception>
    public ZhipuAsyncTask(string taskId, ZhipuTaskStatus status)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(taskId);
        TaskId = taskId;
        Status = status;
    }

    /// <summary>Gets the task id; keep it to resume waiting later, even from another process.</summary>
    public string TaskId { get; }

    /// <summary>Gets the status.</summary>
    public ZhipuTaskStatus Status { get; }

    /// <summary>Gets or sets the vendor's request id.</summary>
    public string? RequestId { get; init; }

    /// <summary>Gets or sets the model.</summary>
    public string? ModelId { get; init; }

    /// <summary>Gets or sets the response, when <see cref="Status"/> is <see cref="ZhipuTaskStatus.Success"/>.</summary>
    public ChatResponse? Response { get; init; }

    /// <summary>Gets or sets the vendor object this was mapped from.</summary>
    public object? RawRepresentation { get; init; }
}
