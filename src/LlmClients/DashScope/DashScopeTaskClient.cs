using System.Globalization;
using System.Text.Json;

namespace LlmClients.DashScope;

/// <summary>The <see cref="IDashScopeTaskClient"/> of one DashScope instance, over its transport (retry, auth, timeouts) and clock.</summary>
internal sealed class DashScopeTaskClient(LlmHttpTransport transport, DashScopeSettings settings) : IDashScopeTaskClient
{
    private const string TaskIdDataKey = IDashScopeTaskClient.TaskIdDataKey;

    // Task times are Beijing time without an offset ("2024-03-01 17:38:24.817").
    private static readonly TimeSpan BeijingOffset = TimeSpan.FromHours(8);

    /// <summary>Gets the transport (the batch embedding client downloads results through it).</summary>
    internal LlmHttpTransport Transport => transport;

    /// <inheritdoc />
    public Task<DashScopeTask> SubmitAsync(string path, JsonElement body, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (Uri.TryCreate(path, UriKind.Absolute, out var absolute) && absolute.Scheme is "http" or "https" || path.StartsWith('/'))
        {
            throw new ArgumentException($"'{path}' must be a service path relative to the native base, such as \"services/embeddings/text-embedding/text-embedding\".", nameof(path));
        }

        if (body.ValueKind != JsonValueKind.Object)
        {
            throw new ArgumentException($"The task body must be a JSON object ({{\"model\", \"input\", \"parameters\"}}); it is a JSON {body.ValueKind}.", nameof(body));
        }

        return SubmitAsync(path, WireJson.Serialize(body, DashScopeJsonContext.Default.JsonElement), cancellationToken);
    }

    /// <summary>Submits a serialized body as an async task.</summary>
    /// <param name="path">The service path.</param>
    /// <param name="body">The UTF-8 JSON body.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The task.</returns>
    internal async Task<DashScopeTask> SubmitAsync(string path, byte[] body, CancellationToken cancellationToken)
    {
        using var request = settings.CreateNativeRequest(path, body, stream: false);

        // The native API runs a request as a task when this header is set; its answer is {"output":{"task_id","task_status"}}.
        request.Headers.TryAddWithoutValidation("X-DashScope-Async", "enable");
        var response = await transport.SendAsync(request, DashScopeJsonContext.Default.DashScopeTaskResponse, cancellationToken).ConfigureAwait(false);
        return FromWire(response.Value, response.HeaderRequestId, expectedId: null);
    }

    /// <inheritdoc />
    public async Task<DashScopeTask> GetAsync(string taskId, CancellationToken cancellationToken = default)
    {
        ValidateTaskId(taskId);
        using var request = settings.CreateNativeRequest(HttpMethod.Get, "tasks/" + Uri.EscapeDataString(taskId));
        DashScopeTask task;
        try
        {
            var response = await transport.SendAsync(request, DashScopeJsonContext.Default.DashScopeTaskResponse, cancellationToken).ConfigureAwait(false);
            task = FromWire(response.Value, response.HeaderRequestId, taskId);
        }
        catch (LlmRequestException ex)
        {
            throw WithTaskId(new LlmRequestException(ex.Provider, ex.Kind, ex.StatusCode, ex.ErrorCode, ex.VendorMessage, ex.RequestId, ex.IsTransient, ex.RetryAfter, ex, advice: $"reading async task {taskId} failed"), taskId);
        }

        if (task.Status == DashScopeTaskStatus.Unknown)
        {
            // Quirk: an unknown (or expired, after about 24 h) task id is answered at HTTP 200 with task_status UNKNOWN, not 404.
            throw WithTaskId(
                new LlmRequestException(
                    DashScopeSettings.ProviderName,
                    LlmErrorKind.NotFound,
                    200,
                    "UNKNOWN",
                    null,
                    task.RequestId,
                    isTransient: false,
                    advice: $"async task {taskId} is unknown to DashScope (task_status UNKNOWN): pass the TaskId that SubmitAsync returned, on the same account and region; tasks are kept about 24 hours"),
                taskId);
        }

        return task;
    }

    /// <inheritdoc />
    public async Task<DashScopeTask> WaitForCompletionAsync(string taskId, LlmPollingOptions? polling = null, IProgress<DashScopeTask>? progress = null, CancellationToken cancellationToken = default)
    {
        ValidateTaskId(taskId);
        polling ??= settings.Polling;
        polling.Validate(nameof(polling));
        var (task, timedOut) = await TaskPoller.PollAsync(ct => GetAsync(taskId, ct), t => t.Status.IsTerminal, polling, transport.TimeProvider, progress, cancellationToken).ConfigureAwait(false);
        if (task.Status == DashScopeTaskStatus.Succeeded)
        {
            return task;
        }

        if (timedOut)
        {
            throw WithTaskId(TaskPoller.StillRunning(DashScopeSettings.ProviderName, taskId, task.Status.Value, task.RequestId, polling.Timeout, "LlmPollingOptions.Timeout"), taskId);
        }

        throw Ended(task);
    }

    /// <inheritdoc />
    public async Task CancelAsync(string taskId, CancellationToken cancellationToken = default)
    {
        ValidateTaskId(taskId);

        // An empty body (Content-Length: 0), as the service expects.
        using var request = settings.CreateNativeRequest(HttpMethod.Post, "tasks/" + Uri.EscapeDataString(taskId) + "/cancel", new ByteArrayContent([]));
        try
        {
            await transport.SendAsync(request, DashScopeJsonContext.Default.DashScopeTaskResponse, cancellationToken).ConfigureAwait(false);
        }
        catch (LlmRequestException ex) when (ex.ErrorCode == "UnsupportedOperation")
        {
            throw WithTaskId(
                new LlmRequestException(ex.Provider, ex.Kind, ex.StatusCode, ex.ErrorCode, ex.VendorMessage, ex.RequestId, isTransient: false, innerException: ex, advice: $"async task {taskId} cannot be cancelled: DashScope cancels only PENDING tasks"),
                taskId);
        }
    }

    /// <inheritdoc />
    public async Task<DashScopePage<DashScopeTask>> ListAsync(DashScopeTaskQuery? query = null, CancellationToken cancellationToken = default)
    {
        if (query?.PageNo is <= 0 || query?.PageSize is <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(query), "DashScopeTaskQuery.PageNo and PageSize must be positive (pages count from 1); leave them null for the service defaults.");
        }

        var path = QueryString.Append(
            "tasks",
            ("page_no", query?.PageNo?.ToString(CultureInfo.InvariantCulture)),
            ("page_size", query?.PageSize?.ToString(CultureInfo.InvariantCulture)),
            ("model_name", query?.ModelName),
            ("status", query?.Status?.Value),
            ("start_time", Beijing(query?.StartTime)),
            ("end_time", Beijing(query?.EndTime)));
        using var request = settings.CreateNativeRequest(HttpMethod.Get, path);
        var response = await transport.SendAsync(request, DashScopeJsonContext.Default.DashScopeTaskListResponse, cancellationToken).ConfigureAwait(false);
        var wire = response.Value;
        var tasks = (wire.Data ?? []).Where(t => !string.IsNullOrWhiteSpace(t.TaskId)).Select(t => new DashScopeTask(t.TaskId!, Status(t.Status))
        {
            ModelName = t.ModelName,
            SubmittedAt = FromMilliseconds(t.GmtCreate),
            ScheduledAt = FromMilliseconds(t.StartTime),
            EndedAt = FromMilliseconds(t.EndTime),
            RequestId = t.RequestId,
            Region = t.Region,
            RawRepresentation = t,
        }).ToList();
        return new DashScopePage<DashScopeTask>(tasks) { Total = wire.Total, PageNo = wire.PageNo, PageSize = wire.PageSize, TotalPages = wire.TotalPage };
    }

    /// <summary>Maps a task response.</summary>
    /// <param name="wire">The response.</param>
    /// <param name="headerRequestId">The request id from the headers.</param>
    /// <param name="expectedId">The id asked for, used when the body has none.</param>
    /// <returns>The task.</returns>
    /// <exception cref="LlmRequestException">The response names no task.</exception>
    internal static DashScopeTask FromWire(DashScopeTaskResponse wire, string? headerRequestId, string? expectedId)
    {
        var output = wire.Output;
        var id = string.IsNullOrWhiteSpace(output?.TaskId) ? expectedId : output.TaskId;
        var requestId = wire.RequestId ?? headerRequestId;
        if (string.IsNullOrWhiteSpace(id))
        {
            throw new LlmRequestException(DashScopeSettings.ProviderName, LlmErrorKind.InvalidResponse, 200, null, null, requestId, isTransient: false, advice: "the async task response has no output.task_id");
        }

        return new DashScopeTask(id, Status(output?.TaskStatus))
        {
            RequestId = requestId,
            ModelName = output?.Model,
            SubmittedAt = ParseBeijing(output?.SubmitTime),
            ScheduledAt = ParseBeijing(output?.ScheduledTime),
            EndedAt = ParseBeijing(output?.EndTime),
            ResultUrl = Uri.TryCreate(output?.Url, UriKind.Absolute, out var url) ? url : null,
            ErrorCode = output?.Code,
            ErrorMessage = output?.Message,
            TotalCount = output?.TaskMetrics?.Total,
            SucceededCount = output?.TaskMetrics?.Succeeded,
            FailedCount = output?.TaskMetrics?.Failed,
            Usage = wire.Usage is { } usage ? DashScopeChatMapper.FromWire(usage) : null,
            RawRepresentation = wire,
        };
    }

    /// <summary>Builds the exception of a task that ended without success.</summary>
    /// <param name="task">The task (FAILED or CANCELED, or another terminal status).</param>
    /// <returns>The exception, with the task id in its data.</returns>
    internal static LlmRequestException Ended(DashScopeTask task)
    {
        if (task.Status == DashScopeTaskStatus.Canceled)
        {
            return WithTaskId(
                new LlmRequestException(DashScopeSettings.ProviderName, LlmErrorKind.InvalidRequest, 200, "CANCELED", null, task.RequestId, isTransient: false, advice: $"async task {task.TaskId} was cancelled; submit it again"),
                task.TaskId);
        }

        // FAILED carries output.code and output.message; they classify like any DashScope error (InvalidParameter, InternalError...).
        var error = new VendorError(task.ErrorCode ?? task.Status.Value, task.ErrorMessage, task.RequestId);
        var status = DashScopeErrorMapper.StatusForCode(task.ErrorCode);
        var kind = DashScopeErrorMapper.Instance.Classify(status, error);
        var vendorMessage = string.IsNullOrWhiteSpace(task.ErrorMessage) ? null : Redaction.RedactMessage(task.ErrorMessage);
        var advice = $"async task {task.TaskId} ended {task.Status}";
        return WithTaskId(new LlmRequestException(DashScopeSettings.ProviderName, kind, 200, error.Code, vendorMessage, task.RequestId, DashScopeErrorMapper.Instance.IsTransient(status, kind, error), advice: advice), task.TaskId);
    }

    private static DashScopeTaskStatus Status(string? value) => string.IsNullOrWhiteSpace(value) ? DashScopeTaskStatus.Pending : new DashScopeTaskStatus(value);

    private static void ValidateTaskId(string taskId) => TaskPoller.ValidateTaskId(taskId, "output.task_id");

    private static LlmRequestException WithTaskId(LlmRequestException exception, string taskId) => TaskPoller.WithTaskId(exception, TaskIdDataKey, taskId);

    private static string? Beijing(DateTimeOffset? time) => time?.ToOffset(BeijingOffset).ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture);

    private static DateTimeOffset? ParseBeijing(string? text)
        => DateTime.TryParseExact(text, ["yyyy-MM-dd HH:mm:ss.fff", "yyyy-MM-dd HH:mm:ss"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var local)
            ? new DateTimeOffset(local, BeijingOffset)
            : null;

    private static DateTimeOffset? FromMilliseconds(long? value) => value is long ms and > 0 ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null;
}
