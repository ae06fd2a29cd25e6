namespace LlmClients.Shared;

/// <summary>The one poll loop of vendor async tasks: backing-off waits on the transport's <see cref="TimeProvider"/>, within an overall timeout.</summary>
internal static class TaskPoller
{
    /// <summary>Polls until <paramref name="isDone"/> says the snapshot is final, or the timeout passes.</summary>
    /// <typeparam name="T">The task snapshot.</typeparam>
    /// <param name="poll">Reads the task once.</param>
    /// <param name="isDone">Says whether a snapshot ends the wait (success or failure; the caller decides which).</param>
    /// <param name="polling">The validated polling settings.</param>
    /// <param name="time">The clock the waits run on.</param>
    /// <param name="progress">Told about every snapshot, if given.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>The final snapshot, or the last one seen with <c>TimedOut</c> set when the timeout passed first.</returns>
    public static async Task<(T Last, bool TimedOut)> PollAsync<T>(
        Func<CancellationToken, Task<T>> poll, Func<T, bool> isDone, LlmPollingOptions polling, TimeProvider time, IProgress<T>? progress, CancellationToken cancellationToken)
    {
        var deadline = time.GetUtcNow() + polling.Timeout;
        var interval = polling.InitialInterval;
        while (true)
        {
            var snapshot = await poll(cancellationToken).ConfigureAwait(false);
            progress?.Report(snapshot);
            if (isDone(snapshot))
            {
                return (snapshot, false);
            }

            var remaining = deadline - time.GetUtcNow();
            if (remaining <= TimeSpan.Zero)
            {
                return (snapshot, true);
            }

            await Task.Delay(interval < remaining ? interval : remaining, time, cancellationToken).ConfigureAwait(false);
            var next = TimeSpan.FromTicks((long)Math.Min(interval.Ticks * polling.BackoffMultiplier, polling.MaxInterval.Ticks));
            interval = next > interval ? next : interval;
        }
    }

    /// <summary>Rejects a blank task id before any request.</summary>
    /// <param name="taskId">The id.</param>
    /// <param name="whereFrom">Where the caller gets a valid id, for the message (for example <c>output.task_id</c>).</param>
    /// <exception cref="ArgumentException"><paramref name="taskId"/> is null, empty or white space.</exception>
    public static void ValidateTaskId(string taskId, string whereFrom)
    {
        if (string.IsNullOrWhiteSpace(taskId))
        {
            throw new ArgumentException($"The task id is blank: pass the TaskId returned by SubmitAsync ({whereFrom}).", nameof(taskId));
        }
    }

    /// <summary>Records the task id in an exception's <see cref="Exception.Data"/>, so a caller can resume or cancel the task.</summary>
    /// <param name="exception">The exception.</param>
    /// <param name="dataKey">The vendor's documented data key (for example <c>"dashscope.task_id"</c>).</param>
    /// <param name="taskId">The id.</param>
    /// <returns>The same exception.</returns>
    public static LlmRequestException WithTaskId(LlmRequestException exception, string dataKey, string taskId)
    {
        exception.Data[dataKey] = taskId;
        return exception;
    }

    /// <summary>Builds the error of a wait that ran out of time while the task goes on running (transient: waiting again resumes it).</summary>
    /// <param name="provider">The provider name.</param>
    /// <param name="taskId">The task id.</param>
    /// <param name="status">The task's last status, also the error code (for example <c>RUNNING</c>).</param>
    /// <param name="requestId">The last poll's request id.</param>
    /// <param name="timeout">The wait's budget.</param>
    /// <param name="timeoutOption">The option that set it, for the message (for example <c>LlmPollingOptions.Timeout</c>).</param>
    /// <returns>A <see cref="LlmErrorKind.Timeout"/> exception.</returns>
    public static LlmRequestException StillRunning(string provider, string taskId, string status, string? requestId, TimeSpan timeout, string timeoutOption)
        => new(
            provider,
            LlmErrorKind.Timeout,
            null,
            status,
            null,
            requestId,
            isTransient: true,
            advice: $"async task {taskId} is still {status} after {timeout} ({timeoutOption}); it goes on running: call WaitForCompletionAsync(\"{taskId}\") again to resume");
}
