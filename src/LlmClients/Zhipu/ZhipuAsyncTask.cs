namespace LlmClients.Zhipu;

/// <summary>A Zhipu async chat task as last seen: its id, status, model and, once it has succeeded, the response.</summary>
/// <param name="taskId">The task id.</param>
/// <param name="status">The status.</param>
/// <exception cref="ArgumentException"><paramref name="taskId"/> is null or white space.</exception>
public sealed class ZhipuAsyncTask(string taskId, ZhipuTaskStatus status) : LlmAsyncTask<ZhipuTaskStatus>(taskId, status)
{
    /// <summary>Gets or sets the model.</summary>
    public string? ModelId { get; init; }

    /// <summary>Gets or sets the response, when <see cref="LlmAsyncTask{TStatus}.Status"/> is <see cref="ZhipuTaskStatus.Success"/>.</summary>
    public ChatResponse? Response { get; init; }
}
