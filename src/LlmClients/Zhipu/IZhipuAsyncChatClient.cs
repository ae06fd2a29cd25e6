namespace LlmClients.Zhipu;

/// <summary>
/// Zhipu's async chat: submit to <c>/async/chat/completions</c>, read <c>/async-result/{id}</c>, and wait for the end with a
/// backing-off poll on the configured <see cref="TimeProvider"/>. Implementations are thread-safe. Reach it through DI keyed
/// by the instance name, or with <c>chatClient.GetService&lt;IZhipuAsyncChatClient&gt;()</c>; an interface, so tests can fake it.
/// </summary>
public interface IZhipuAsyncChatClient
{
    /// <summary>The <see cref="Exception.Data"/> key under which a failed, timed-out or failed-to-poll wait stores the task id.</summary>
    public const string TaskIdDataKey = "zhipu.task_id";

    /// <summary>Submits a conversation as an async task (the body of a sync chat, without <c>stream</c>).</summary>
    /// <param name="messages">The conversation; at least one user message.</param>
    /// <param name="options">Per-request options; vendor extras go in <see cref="ChatOptions.AdditionalProperties"/>.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The task, usually <see cref="ZhipuTaskStatus.Processing"/>.</returns>
    /// <exception cref="ArgumentException">The conversation is empty or invalid (before any network call).</exception>
    /// <exception cref="InvalidOperationException">No model is given and none is configured.</exception>
    /// <exception cref="LlmRequestException">The vendor rejected the request.</exception>
    Task<ZhipuAsyncTask> SubmitAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default);

    /// <summary>Reads a task's status, and its result once it has succeeded. Works for ids from earlier processes.</summary>
    /// <param name="taskId">The task id.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The task.</returns>
    /// <exception cref="ArgumentException"><paramref name="taskId"/> is blank.</exception>
    /// <exception cref="LlmRequestException">
    /// The vendor reported an error; an unknown id has kind <see cref="LlmErrorKind.NotFound"/>. The task id is in the
    /// message and in <see cref="Exception.Data"/>[<see cref="TaskIdDataKey"/>].
    /// </exception>
    Task<ZhipuAsyncTask> GetAsync(string taskId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Polls a task until it ends: the wait starts at <see cref="LlmPollingOptions.InitialInterval"/> and grows by
    /// <see cref="LlmPollingOptions.BackoffMultiplier"/> up to <see cref="LlmPollingOptions.MaxInterval"/>. Resumes tasks from earlier processes.
    /// </summary>
    /// <param name="taskId">The task id.</param>
    /// <param name="polling">The polling, or null for the instance's configured polling.</param>
    /// <param name="progress">Told about every poll, if given.</param>
    /// <param name="cancellationToken">Stops waiting (the task itself goes on); surfaces as <see cref="OperationCanceledException"/>.</param>
    /// <returns>The response of the succeeded task.</returns>
    /// <exception cref="ArgumentException"><paramref name="taskId"/> is blank, or <paramref name="polling"/> is invalid.</exception>
    /// <exception cref="LlmRequestException">
    /// The task ended with <c>FAIL</c>, or is still running after <see cref="LlmPollingOptions.Timeout"/> (kind
    /// <see cref="LlmErrorKind.Timeout"/>), or a poll failed. The task id is in the message and in <see cref="Exception.Data"/>[<see cref="TaskIdDataKey"/>].
    /// </exception>
    Task<ChatResponse> WaitForCompletionAsync(string taskId, ZhipuPollingOptions? polling = null, IProgress<ZhipuAsyncTask>? progress = null, CancellationToken cancellationToken = default);

    /// <summary>Submits a conversation and waits for its result (<see cref="SubmitAsync"/> then <see cref="WaitForCompletionAsync"/>).</summary>
    /// <param name="messages">The conversation.</param>
    /// <param name="options">Per-request options.</param>
    /// <param name="polling">The polling, or null for the configured one.</param>
    /// <param name="progress">Told about the submission and every poll, if given.</param>
    /// <param name="cancellationToken">Stops submitting or waiting.</param>
    /// <returns>The response.</returns>
    /// <exception cref="ArgumentException">The conversation or polling is invalid (before any network call).</exception>
    /// <exception cref="InvalidOperationException">Neither <see cref="ChatOptions.ModelId"/> nor the instance's <c>DefaultModel</c> names a model (before any network call).</exception>
    /// <exception cref="LlmRequestException">
    /// The vendor rejected the request, or the task ended <c>FAIL</c> or was still running after the polling <c>Timeout</c> (default 10 minutes)
    /// (<see cref="LlmErrorKind.Timeout"/>, transient; the task id is in <see cref="Exception.Data"/> under <see cref="TaskIdDataKey"/>).
    /// </exception>
    Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, ZhipuPollingOptions? polling = null, IProgress<ZhipuAsyncTask>? progress = null, CancellationToken cancellationToken = default);
}
