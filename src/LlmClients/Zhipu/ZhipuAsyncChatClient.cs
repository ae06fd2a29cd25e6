using LlmClients.Telemetry;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace LlmClients.Zhipu;

/// <summary>
/// The <see cref="IZhipuAsyncChatClient"/> of one Zhipu instance: submit, read and poll async chat tasks over the
/// instance's transport (retry, auth, timeouts) and <see cref="TimeProvider"/>. Thread-safe.
/// </summary>
internal sealed class ZhipuAsyncChatClient : IZhipuAsyncChatClient
{
    private const string TaskIdDataKey = IZhipuAsyncChatClient.TaskIdDataKey;

    private readonly LlmHttpTransport _transport;
    private readonly OpenAICompatibleSettings _settings;
    private readonly ZhipuPollingOptions _polling;
    private readonly InstanceTelemetry _instance;
    private readonly ILogger _logger;

    public ZhipuAsyncChatClient(LlmHttpTransport transport, OpenAICompatibleSettings settings, ZhipuPollingOptions polling, ILogger? logger = null)
    {
        _transport = transport;
        _settings = settings;
        _polling = polling;
        _instance = transport.Instance ?? new InstanceTelemetry(settings.InstanceName, settings.ProviderName);
        _logger = logger ?? NullLogger.Instance;
    }

    /// <inheritdoc />
    public async Task<ZhipuAsyncTask> SubmitAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var list = RequestValidation.Messages(messages);
        var model = RequestValidation.ChatModel(options, _settings.DefaultModel, _settings.InstanceName);
        var body = ZhipuChatMapper.BuildBody(list, options, model, stream: false, _settings, null);
        using var request = _settings.CreateRequest("async/chat/completions", body);
        LlmCallContext.Current = new LlmCall(model, LlmCallContext.Charge);
        using var activity = LlmTelemetry.StartActivity("zhipu.async_task.submit", _instance);
        try
        {
            var response = await _transport.SendAsync(request, ZhipuJsonContext.Default.ZhipuAsyncTaskResponse, cancellationToken).ConfigureAwait(false);
            var task = FromWire(response.Value, response.HeaderRequestId, expectedId: null);
            activity?.SetTag(LlmTelemetry.TaskId, task.TaskId);
            activity?.SetTag(LlmTelemetry.TaskStatus, task.Status.Value);
            return task;
        }
        catch (LlmRequestException ex)
        {
            LlmTelemetry.SetError(activity, ex.Kind.Value);
            Named(ex);
            throw;
        }
    }

    /// <inheritdoc />
    public async Task<ZhipuAsyncTask> GetAsync(string taskId, CancellationToken cancellationToken = default)
    {
        ValidateTaskId(taskId);
        using var request = _settings.CreateRequest("async-result/" + Uri.EscapeDataString(taskId), body: null);
        try
        {
            var response = await _transport.SendAsync(request, ZhipuJsonContext.Default.ZhipuAsyncTaskResponse, cancellationToken).ConfigureAwait(false);
            return FromWire(response.Value, response.HeaderRequestId, taskId);
        }
        catch (LlmRequestException ex)
        {
            throw Named(PollFailed(ex, taskId));
        }
    }

    /// <inheritdoc />
    public async Task<ChatResponse> WaitForCompletionAsync(string taskId, ZhipuPollingOptions? polling = null, IProgress<ZhipuAsyncTask>? progress = null, CancellationToken cancellationToken = default)
    {
        ValidateTaskId(taskId);
        polling ??= _polling;
        polling.Validate(nameof(polling));
        var poll = 0;
        var (task, timedOut) = await TaskPoller.PollAsync(ct => PollAsync(taskId, ++poll, ct), t => t.Status.IsTerminal, polling, _transport.TimeProvider, progress, cancellationToken).ConfigureAwait(false);
        if (task.Status == ZhipuTaskStatus.Success)
        {
            return task.Response ?? new ChatResponse();
        }

        if (!timedOut)
        {
            throw Named(Failed(task));
        }

        throw Named(WithTaskId(TaskPoller.StillRunning(_settings.ProviderName, taskId, task.Status.Value, task.RequestId, polling.Timeout, "ZhipuPollingOptions.Timeout"), taskId));
    }

    /// <inheritdoc />
    public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, ZhipuPollingOptions? polling = null, IProgress<ZhipuAsyncTask>? progress = null, CancellationToken cancellationToken = default)
    {
        (polling ?? _polling).Validate(nameof(polling));
        var task = await SubmitAsync(messages, options, cancellationToken).ConfigureAwait(false);
        progress?.Report(task);
        return await WaitForCompletionAsync(task.TaskId, polling, progress, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// One poll of <see cref="WaitForCompletionAsync"/> inside its span <c>zhipu.async_task.poll</c> (with
    /// <c>llmclients.zhipu.task_id</c>, <c>llmclients.zhipu.poll</c> and <c>llmclients.zhipu.task_status</c>; the HTTP
    /// attempt spans under it), logged as event 1201 at Debug.
    /// </summary>
    private async Task<ZhipuAsyncTask> PollAsync(string taskId, int poll, CancellationToken cancellationToken)
    {
        using var activity = LlmTelemetry.StartActivity("zhipu.async_task.poll", _instance);
        activity?.SetTag(LlmTelemetry.TaskId, taskId);
        activity?.SetTag(LlmTelemetry.Poll, poll);
        var started = _transport.TimeProvider.GetTimestamp();
        try
        {
            var task = await GetAsync(taskId, cancellationToken).ConfigureAwait(false);
            activity?.SetTag(LlmTelemetry.TaskStatus, task.Status.Value);
            if (_logger.IsEnabled(LogLevel.Debug))
            {
#pragma warning disable CA1873 // Guarded by IsEnabled above.
                Log.AsyncTaskPolled(_logger, _instance.InstanceName, _instance.ProviderName, taskId, poll, task.Status.Value, _transport.TimeProvider.GetElapsedTime(started).TotalMilliseconds);
#pragma warning restore CA1873
            }

            return task;
        }
        catch (LlmRequestException ex)
        {
            LlmTelemetry.SetError(activity, ex.Kind.Value);
            throw;
        }
    }

    private LlmRequestException Named(LlmRequestException exception)
    {
        exception.InstanceName ??= _instance.InstanceName;
        return exception;
    }

    private static void ValidateTaskId(string taskId) => TaskPoller.ValidateTaskId(taskId, "the 'id' of /async/chat/completions");

    private static LlmRequestException WithTaskId(LlmRequestException exception, string taskId) => TaskPoller.WithTaskId(exception, TaskIdDataKey, taskId);

    private LlmRequestException Failed(ZhipuAsyncTask task)
    {
        // Quirk: the failed status is "FAIL", not "FAILED"; what a FAIL result carries beyond it is undocumented
        // (Zhipu's async-result API), so an "error" object is read when present, else the finish_reason of a choice
        // ("sensitive" is the content filter, "network_error" an inference failure), else nothing.
        var raw = task.RawRepresentation as ZhipuAsyncTaskResponse;
        var error = raw?.Error is { } body ? new VendorError(body.Code?.ToString(), body.Message, task.RequestId) : null;
        var finish = raw?.Choices?.Select(c => c.FinishReason).FirstOrDefault(f => !string.IsNullOrWhiteSpace(f));
        var kind = error is not null ? _transport.Errors.Classify(200, error)
            : FinishReasons.FromWire(finish) == ChatFinishReason.ContentFilter ? LlmErrorKind.ContentFiltered
            : LlmErrorKind.ServerError;
        var vendorMessage = error?.Message is { Length: > 0 } m ? Redaction.RedactMessage(m) : null;
        var advice = $"async task {task.TaskId} ended with FAIL{(error is null && finish is not null ? " (finish_reason " + finish + ")" : string.Empty)}; submit the request again";
        return WithTaskId(new LlmRequestException(_settings.ProviderName, kind, 200, error?.Code ?? "FAIL", vendorMessage, task.RequestId, isTransient: false, advice: advice), task.TaskId);
    }

    private static LlmRequestException PollFailed(LlmRequestException ex, string taskId)
    {
        // Quirk: the error for an unknown or expired task id is undocumented; 404 is assumed, and 1214 ("invalid field")
        // is read the same way, since the id is the only field of GET /async-result/{id}.
        var unknown = ex.StatusCode == 404 || ex.ErrorCode == "1214";
        var kind = unknown ? LlmErrorKind.NotFound : ex.Kind;
        var advice = unknown
            ? $"async task {taskId} is unknown; pass the TaskId that SubmitAsync returned, on the same account and base URL"
            : $"polling async task {taskId} failed";
        return WithTaskId(new LlmRequestException(ex.Provider, kind, ex.StatusCode, ex.ErrorCode, ex.VendorMessage, ex.RequestId, !unknown && ex.IsTransient, ex.RetryAfter, ex, advice), taskId);
    }

    private ZhipuAsyncTask FromWire(ZhipuAsyncTaskResponse wire, string? headerRequestId, string? expectedId)
    {
        var id = string.IsNullOrWhiteSpace(wire.Id) ? expectedId : wire.Id;
        if (string.IsNullOrWhiteSpace(id))
        {
            throw new LlmRequestException(_settings.ProviderName, LlmErrorKind.InvalidResponse, 200, null, null, wire.RequestId ?? headerRequestId, isTransient: false, advice: "the async task response has no 'id'");
        }

        var status = string.IsNullOrWhiteSpace(wire.TaskStatus) ? ZhipuTaskStatus.Processing : new ZhipuTaskStatus(wire.TaskStatus);
        ChatResponse? response = null;
        if (status == ZhipuTaskStatus.Success)
        {
            response = OpenAIChatMapper.FromWire(wire with { Id = id }, wire.RequestId ?? headerRequestId);
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
