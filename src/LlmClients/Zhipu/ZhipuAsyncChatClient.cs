using LlmClients.Http;
using LlmClients.OpenAI;
using LlmClients.Shared;

namespace LlmClients.Zhipu;

/// <summary>
/// Zhipu's async chat: submit to <c>/async/chat/completions</c>, read <c>/async-result/{id}</c>, and wait for the end with a
/// backing-off poll on the configured <see cref="TimeProvider"/>. Thread-safe. Reach it by instance name from DI, or with
/// <c>chatClient.GetService&lt;ZhipuAsyncChatClient&gt;()</c>.
/// </summary>
public sealed class ZhipuAsyncChatClient
{
    /// <summary>The <see cref="Exception.Data"/> key under which a failed or timed-out wait stores the task id.</summary>
    public const string TaskIdDataKey = "zhipu.task_id";

    private readonly LlmHttpTransport _transport;
    private readonly OpenAICompatibleSettings _settings;
    private readonly ZhipuPollingOptions _polling;

    internal ZhipuAsyncChatClient(LlmHttpTransport transport, OpenAICompatibleSettings settings, ZhipuPollingOptions polling)
    {
        _transport = transport;
        _settings = settings;
        _polling = polling;
    }

    /// <summary>Submits a conversation as an async task (the body of a sync chat, without <c>stream</c>).</summary>
    /// <param name="messages">The conversation; at least one user message.</param>
    /// <param name="options">Per-request options; vendor extras go in <see cref="ChatOptions.AdditionalProperties"/>.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The task, usually <see cref="ZhipuTaskStatus.Processing"/>.</returns>
    /// <exception cref="ArgumentException">The conversation is empty or invalid (before any network call).</exception>
    /// <exception cref="InvalidOperationException">No model is given and none is configured.</exception>
    /// <exception cref="LlmRequestException">The vendor rejected the request.</exception>
    public async Task<ZhipuAsyncTask> SubmitAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var list = RequestValidation.Messages(messages);
        var model = RequestValidation.ChatModel(options, _settings.DefaultModel, _settings.InstanceName);
        var body = ZhipuChatMapper.BuildBody(list, options, model, stream: false);
        using var request = _settings.CreateRequest("async/chat/completions", body);
        var response = await _transport.SendAsync(request, ZhipuJsonContext.Default.ZhipuAsyncTaskResponse, cancellationToken).ConfigureAwait(false);
        return FromWire(response.Value, response.HeaderRequestId, expectedId: null);
    }

    /// <summary>Reads a task's status, and its result once it has succeeded. Works for ids from earlier processes.</summary>
    /// <param name="taskId">The task id.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The task.</returns>
    /// <exception cref="ArgumentException"><paramref name="taskId"/> is blank.</exception>
    /// <exception cref="LlmRequestException">The vendor reported an error (an unknown id, for example).</exception>
    public async Task<ZhipuAsyncTask> GetAsync(string taskId, CancellationToken cancellationToken = default)
    {
        ValidateTaskId(taskId);
        using var request = _settings.CreateRequest("async-result/" + Uri.EscapeDataString(taskId), body: null);
        var response = await _transport.SendAsync(request, ZhipuJsonContext.Default.ZhipuAsyncTaskResponse, cancellationToken).ConfigureAwait(false);
        return FromWire(response.Value, response.HeaderRequestId, taskId);
    }

    /// <summary>
    /// Polls a task until it ends: the wait starts at <see cref="ZhipuPollingOptions.InitialInterval"/> and grows by
    /// <see cref="ZhipuPollingOptions.BackoffMultiplier"/> up to <see cref="ZhipuPollingOptions.MaxInterval"/>. Resumes tasks from earlier processes.
    /// </summary>
    /// <param name="taskId">The task id.</param>
    /// <param name="polling">The polling, or null for the instance's configured polling.</param>
    /// <param name="progress">Told about every poll, if given.</param>
    /// <param name="cancellationToken">Stops waiting (the task itself goes on); surfaces as <see cref="OperationCanceledException"/>.</param>
    /// <returns>The response of the succeeded task.</returns>
    /// <exception cref="ArgumentException"><paramref name="taskId"/> is blank, or <paramref name="polling"/> is invalid.</exception>
    /// <exception cref="LlmRequestException">
    /// The task ended with <c>FAIL</c>, or is still running after <see cref="ZhipuPollingOptions.Timeout"/> (kind
    /// <see cref="LlmErrorKind.Timeout"/>), or a poll failed. The task id is in the message and in <see cref="Exception.Data"/>[<see cref="TaskIdDataKey"/>].
    /// </exception>
    public async Task<ChatResponse> WaitForCompletionAsync(string taskId, ZhipuPollingOptions? polling = null, IProgress<ZhipuAsyncTask>? progress = null, CancellationToken cancellationToken = default)
    {
        ValidateTaskId(taskId);
        polling ??= _polling;
        polling.Validate(nameof(polling));
        var time = _transport.TimeProvider;
        var deadline = time.GetUtcNow() + polling.Timeout;
        var interval = polling.InitialInterval;
        while (true)
        {
            var task = await GetAsync(taskId, cancellationToken).ConfigureAwait(false);
            progress?.Report(task);
            if (task.Status == ZhipuTaskStatus.Success)
            {
                return task.Response ?? new ChatResponse();
            }

            if (task.Status == ZhipuTaskStatus.Fail)
            {
                throw Failed(task);
            }

            var remaining = deadline - time.GetUtcNow();
            if (remaining <= TimeSpan.Zero)
            {
                throw WithTaskId(
                    new LlmRequestException(
                        _settings.ProviderName,
                        LlmErrorKind.Timeout,
                        null,
                        task.Status.Value,
                        $"async task {taskId} is still {task.Status} after {polling.Timeout} (ZhipuPollingOptions.Timeout); it goes on running: call WaitForCompletionAsync(\"{taskId}\") again to resume",
                        task.RequestId,
                        isTransient: true),
                    taskId);
            }

            await Task.Delay(interval < remaining ? interval : remaining, time, cancellationToken).ConfigureAwait(false);
            var next = TimeSpan.FromTicks((long)Math.Min(interval.Ticks * polling.BackoffMultiplier, polling.MaxInterval.Ticks));
            interval = next > interval ? next : interval;
        }
    }

    /// <summary>Submits a conversation and waits for its result (<see cref="SubmitAsync"/> then <see cref="WaitForCompletionAsync"/>).</summary>
    /// <param name="messages">The conversation.</param>
    /// <param name="options">Per-request options.</param>
    /// <param name="polling">The polling, or null for the configured one.</param>
    /// <param name="progress">Told about the submission and every poll, if given.</param>
    /// <param name="cancellationToken">Stops submitting or waiting.</param>
    /// <returns>The response.</returns>
    /// <exception cref="ArgumentException">The conversation or polling is invalid.</exception>
    /// <exception cref="LlmRequestException">The vendor rejected the request, or the task failed or timed out.</exception>
    public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, ZhipuPollingOptions? polling = null, IProgress<ZhipuAsyncTask>? progress = null, CancellationToken cancellationToken = default)
    {
        (polling ?? _polling).Validate(nameof(polling));
        var task = await SubmitAsync(messages, options, cancellationToken).ConfigureAwait(false);
        progress?.Report(task);
        return await WaitForCompletionAsync(task.TaskId, polling, progress, cancellationToken).ConfigureAwait(false);
    }

    private static void ValidateTaskId(string taskId)
    {
        if (string.IsNullOrWhiteSpace(taskId))
        {
            throw new ArgumentException("The task id is blank: pass the TaskId returned by SubmitAsync (the 'id' of /async/chat/completions).", nameof(taskId));
        }
    }

    private static LlmRequestException WithTaskId(LlmRequestException exception, string taskId)
    {
        exception.Data[TaskIdDataKey] = taskId;
        return exception;
    }

    private LlmRequestException Failed(ZhipuAsyncTask task)
    {
        // Quirk: the failed status is "FAIL", not "FAILED"; what a FAIL result carries beyond it is undocumented, so an "error" object is used when present.
        var raw = task.RawRepresentation as ZhipuAsyncTaskResponse;
        var error = raw?.Error is { } body ? new VendorError(body.Code?.ToString(), body.Message, task.RequestId) : null;
        var kind = error is null ? LlmErrorKind.ServerError : _transport.Errors.Classify(200, error);
        var message = $"async task {task.TaskId} ended with FAIL{(error?.Message is { Length: > 0 } m ? ": " + Redaction.RedactMessage(m) : string.Empty)}; submit the request again";
        return WithTaskId(new LlmRequestException(_settings.ProviderName, kind, 200, error?.Code ?? "FAIL", message, task.RequestId, isTransient: false), task.TaskId);
    }

    private ZhipuAsyncTask FromWire(ZhipuAsyncTaskResponse wire, string? headerRequestId, string? expectedId)
    {
        var id = string.IsNullOrWhiteSpace(wire.Id) ? expectedId : wire.Id;
        if (string.IsNullOrWhiteSpace(id))
        {
            throw new LlmRequestException(_settings.ProviderName, LlmErrorKind.InvalidResponse, 200, null, "the async task response has no 'id'", wire.RequestId ?? headerRequestId, isTransient: false);
        }

        var status = string.IsNullOrWhiteSpace(wire.TaskStatus) ? ZhipuTaskStatus.Processing : new ZhipuTaskStatus(wire.TaskStatus);
        ChatResponse? response = null;
        if (status == ZhipuTaskStatus.Success)
        {
            var chat = new OpenAIChatResponse { Id = id, Created = wire.Created, Model = wire.Model, Choices = wire.Choices, Usage = wire.Usage, RequestId = wire.RequestId };
            response = OpenAIChatMapper.FromWire(chat, wire.RequestId ?? headerRequestId);
            response.RawRepresentation = wire;
        }

        return new ZhipuAsyncTask(id, status)
        {
            RequestId = wire.RequestId ?? headerRequestId,
            ModelId = wire.Model,
            Response = response,
            RawRepresentation = wire,
        };
    }
}
