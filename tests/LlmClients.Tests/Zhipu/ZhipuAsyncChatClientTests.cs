using System.Net;
using LlmClients.Tests.TestSupport;
using LlmClients.Zhipu;
using RichardSzalay.MockHttp;
using static LlmClients.Tests.Zhipu.ZhipuTestHost;

namespace LlmClients.Tests.Zhipu;

public sealed class ZhipuAsyncChatClientTests
{
    private const string TaskId = "7593127498661400000";
    private static readonly ChatMessage[] Tale = [new(ChatRole.User, "讲一个童话故事")];

    [Fact]
    public async Task SubmitAsync_Conversation_PostsWithoutStreamAndReturnsProcessingTask()
    {
        using var host = Create();
        var captured = host.Expect(HttpMethod.Post, "async/chat/completions", () => Json(HttpStatusCode.OK, Fixture("async-submit.json")));

        var task = await host.AsyncTasks.SubmitAsync(Tale, new ChatOptions { AdditionalProperties = new() { ["request_id"] = "req_demo" } });

        AssertJsonEqual("""{"model":"glm-4","messages":[{"role":"user","content":"讲一个童话故事"}],"request_id":"req_demo"}""", captured.Body!);
        Assert.Equal(TaskId, task.TaskId);
        Assert.Equal(ZhipuTaskStatus.Processing, task.Status);
        Assert.Equal("req_demo", task.RequestId);
        Assert.Null(task.Response);
    }

    [Fact]
    public async Task GetAsync_Success_ReturnsNeutralResponse()
    {
        using var host = Create();
        host.Expect(HttpMethod.Get, "async-result/" + TaskId, () => Json(HttpStatusCode.OK, Fixture("async-success.json")));

        var task = await host.AsyncTasks.GetAsync(TaskId);

        Assert.Equal(ZhipuTaskStatus.Success, task.Status);
        Assert.True(task.Status.IsTerminal);
        Assert.Equal("从前有一只小兔子……", task.Response?.Text);
        Assert.Equal(42, task.Response?.Usage?.TotalTokenCount);
        Assert.Equal(TaskId, task.Response?.ResponseId);
    }

    [Fact]
    public async Task WaitForCompletionAsync_ProcessingThreeTimes_BacksOffOnFakeClockThenReturns()
    {
        using var host = Create();
        for (int i = 0; i < 3; i++)
        {
            host.Expect(HttpMethod.Get, "async-result/" + TaskId, () => Json(HttpStatusCode.OK, Fixture("async-processing.json")));
        }

        host.Expect(HttpMethod.Get, "async-result/" + TaskId, () => Json(HttpStatusCode.OK, Fixture("async-success.json")));
        var seen = new List<ZhipuTaskStatus>();
        var polling = new ZhipuPollingOptions { InitialInterval = TimeSpan.FromSeconds(1), BackoffMultiplier = 2, MaxInterval = TimeSpan.FromSeconds(3) };

        var wait = host.AsyncTasks.WaitForCompletionAsync(TaskId, polling, new SyncProgress(t => seen.Add(t.Status)));
        var advances = await TimeDriver.RunAsync(host.Time, wait);

        Assert.Equal("从前有一只小兔子……", (await wait).Text);
        Assert.Equal([TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(3)], advances);
        Assert.Equal([ZhipuTaskStatus.Processing, ZhipuTaskStatus.Processing, ZhipuTaskStatus.Processing, ZhipuTaskStatus.Success], seen);
        host.Mock.VerifyNoOutstandingExpectation();
    }

    [Fact]
    public async Task WaitForCompletionAsync_Fail_ThrowsWithTaskId()
    {
        using var host = Create();
        host.Expect(HttpMethod.Get, "async-result/" + TaskId, () => Json(HttpStatusCode.OK, Fixture("async-fail.json")));

        var ex = await Assert.ThrowsAsync<LlmRequestException>(() => host.AsyncTasks.WaitForCompletionAsync(TaskId));

        Assert.Equal(TaskId, ex.Data[IZhipuAsyncChatClient.TaskIdDataKey]);
        Assert.Contains(TaskId, ex.Message, StringComparison.Ordinal);
        Assert.Equal("FAIL", ex.ErrorCode);
        Assert.Equal("req_demo", ex.RequestId);
        Assert.False(ex.IsTransient);
    }

    [Fact]
    public async Task WaitForCompletionAsync_StillProcessingAtTimeout_ThrowsTimeoutWithTaskId()
    {
        using var host = Create();
        host.Mock.When(HttpMethod.Get, Base + "async-result/" + TaskId).Respond(_ => Json(HttpStatusCode.OK, Fixture("async-processing.json")));
        var polling = new ZhipuPollingOptions { InitialInterval = TimeSpan.FromSeconds(2), MaxInterval = TimeSpan.FromSeconds(2), Timeout = TimeSpan.FromSeconds(5) };

        var wait = host.AsyncTasks.WaitForCompletionAsync(TaskId, polling);
        var advances = await TimeDriver.RunAsync(host.Time, wait);

        var ex = await Assert.ThrowsAsync<LlmRequestException>(() => wait);
        Assert.Equal(LlmErrorKind.Timeout, ex.Kind);
        Assert.Equal(TaskId, ex.Data[IZhipuAsyncChatClient.TaskIdDataKey]);
        Assert.Contains($"WaitForCompletionAsync(\"{TaskId}\")", ex.Message, StringComparison.Ordinal);
        Assert.Equal([TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(1)], advances);
    }

    [Fact]
    public async Task WaitForCompletionAsync_Cancelled_ThrowsOperationCanceledUnwrapped()
    {
        using var host = Create();
        host.Mock.When(HttpMethod.Get, Base + "async-result/" + TaskId).Respond(_ => Json(HttpStatusCode.OK, Fixture("async-processing.json")));
        using var cts = new CancellationTokenSource();

        var wait = host.AsyncTasks.WaitForCompletionAsync(TaskId, cancellationToken: cts.Token);
        await host.Time.WaitForTimersAsync(1).WaitAsync(TimeDriver.HangGuard);
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => wait);
    }

    [Fact]
    public async Task WaitForCompletionAsync_TaskIdFromEarlierProcess_ResumesWithGetOnly()
    {
        using var submitter = Create();
        submitter.Expect(HttpMethod.Post, "async/chat/completions", () => Json(HttpStatusCode.OK, Fixture("async-submit.json")));
        var taskId = (await submitter.AsyncTasks.SubmitAsync(Tale)).TaskId;

        using var resumer = Create();
        resumer.Expect(HttpMethod.Get, "async-result/" + taskId, () => Json(HttpStatusCode.OK, Fixture("async-success.json")));

        var response = await resumer.AsyncTasks.WaitForCompletionAsync(taskId);

        Assert.Equal("从前有一只小兔子……", response.Text);
        resumer.Mock.VerifyNoOutstandingExpectation();
    }

    [Fact]
    public async Task GetAsync_UnknownTaskId_ThrowsVendorErrorTyped()
    {
        using var host = Create();
        host.Expect(HttpMethod.Get, "async-result/nope", () => Json(HttpStatusCode.NotFound, """{"error":{"code":"1214","message":"任务不存在"}}"""));

        var ex = await Assert.ThrowsAsync<LlmRequestException>(() => host.AsyncTasks.GetAsync("nope"));

        Assert.Equal(LlmErrorKind.NotFound, ex.Kind);
        Assert.Equal("1214", ex.ErrorCode);
        Assert.Contains("async task nope is unknown", ex.Message, StringComparison.Ordinal);
        Assert.Contains("任务不存在", ex.Message, StringComparison.Ordinal);
        Assert.Equal("nope", ex.Data[IZhipuAsyncChatClient.TaskIdDataKey]);
        Assert.False(ex.IsTransient);
        Assert.IsType<LlmRequestException>(ex.InnerException);
        Assert.DoesNotContain("https://", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(HttpStatusCode.BadRequest, "1214")]
    [InlineData(HttpStatusCode.NotFound, "1234567")]
    public async Task GetAsync_UnknownTaskIdOtherShapes_ThrowsNotFoundWithTaskId(HttpStatusCode status, string code)
    {
        using var host = Create();
        host.Expect(HttpMethod.Get, "async-result/old-task", () => Json(status, "{\"error\":{\"code\":\"" + code + "\",\"message\":\"m\"}}"));

        var ex = await Assert.ThrowsAsync<LlmRequestException>(() => host.AsyncTasks.GetAsync("old-task"));

        Assert.Equal(LlmErrorKind.NotFound, ex.Kind);
        Assert.Equal((int)status, ex.StatusCode);
        Assert.Contains("old-task", ex.Message, StringComparison.Ordinal);
        Assert.Equal("old-task", ex.Data[IZhipuAsyncChatClient.TaskIdDataKey]);
    }

    [Fact]
    public async Task WaitForCompletionAsync_PollRejected_ThrowsTypedWithTaskIdAndKeepsKind()
    {
        using var host = Create();
        host.Expect(HttpMethod.Get, "async-result/" + TaskId, () => Json(HttpStatusCode.Unauthorized, Fixture("error-1002.json")));

        var ex = await Assert.ThrowsAsync<LlmRequestException>(() => host.AsyncTasks.WaitForCompletionAsync(TaskId));

        Assert.Equal(LlmErrorKind.Authentication, ex.Kind);
        Assert.Equal("1002", ex.ErrorCode);
        Assert.Equal(401, ex.StatusCode);
        Assert.Contains($"polling async task {TaskId} failed", ex.Message, StringComparison.Ordinal);
        Assert.Equal(TaskId, ex.Data[IZhipuAsyncChatClient.TaskIdDataKey]);
        Assert.DoesNotContain("test-secret", ex.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task WaitForCompletionAsync_FailWithErrorObject_ThrowsClassifiedWithVendorMessage()
    {
        using var host = Create();
        host.Expect(HttpMethod.Get, "async-result/" + TaskId, () => Json(HttpStatusCode.OK, $$$"""{"id":"{{{TaskId}}}","request_id":"req_demo","task_status":"FAIL","error":{"code":"1301","message":"系统检测到输入或生成内容可能包含不安全或敏感内容"}}"""));

        var ex = await Assert.ThrowsAsync<LlmRequestException>(() => host.AsyncTasks.WaitForCompletionAsync(TaskId));

        Assert.Equal(LlmErrorKind.ContentFiltered, ex.Kind);
        Assert.Equal("1301", ex.ErrorCode);
        Assert.Equal("系统检测到输入或生成内容可能包含不安全或敏感内容", ex.VendorMessage);
        Assert.Contains($"系统检测到输入或生成内容可能包含不安全或敏感内容. async task {TaskId} ended with FAIL", ex.Message, StringComparison.Ordinal);
        Assert.Equal(TaskId, ex.Data[IZhipuAsyncChatClient.TaskIdDataKey]);
        Assert.False(ex.IsTransient);
    }

    [Theory]
    [InlineData("sensitive", "content_filtered")]
    [InlineData("network_error", "server_error")]
    public async Task WaitForCompletionAsync_FailWithFinishReason_ThrowsNamingIt(string finishReason, string kind)
    {
        using var host = Create();
        host.Expect(HttpMethod.Get, "async-result/" + TaskId, () => Json(HttpStatusCode.OK, $$$"""{"id":"{{{TaskId}}}","task_status":"FAIL","choices":[{"index":0,"finish_reason":"{{{finishReason}}}","message":{"role":"assistant","content":""}}]}"""));

        var ex = await Assert.ThrowsAsync<LlmRequestException>(() => host.AsyncTasks.WaitForCompletionAsync(TaskId));

        Assert.Equal(kind, ex.Kind.Value);
        Assert.Equal("FAIL", ex.ErrorCode);
        Assert.Contains($"(finish_reason {finishReason})", ex.Message, StringComparison.Ordinal);
        Assert.Contains(TaskId, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WaitForCompletionAsync_ConfiguredPolling_BacksOffToCapAndStaysThere()
    {
        using var host = Create(o => o.Polling = new ZhipuPollingOptions { InitialInterval = TimeSpan.FromSeconds(5), BackoffMultiplier = 2, MaxInterval = TimeSpan.FromSeconds(12) });
        for (int i = 0; i < 4; i++)
        {
            host.Expect(HttpMethod.Get, "async-result/" + TaskId, () => Json(HttpStatusCode.OK, Fixture("async-processing.json")));
        }

        host.Expect(HttpMethod.Get, "async-result/" + TaskId, () => Json(HttpStatusCode.OK, Fixture("async-success.json")));

        var wait = host.AsyncTasks.WaitForCompletionAsync(TaskId);
        var advances = await TimeDriver.RunAsync(host.Time, wait);

        Assert.Equal("从前有一只小兔子……", (await wait).Text);
        Assert.Equal([TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(12), TimeSpan.FromSeconds(12)], advances);
        host.Mock.VerifyNoOutstandingExpectation();
    }

    [Fact]
    public async Task WaitForCompletionAsync_Timeout_PollsOnceMoreAtDeadlineThenStops()
    {
        using var host = Create();
        var polls = AlwaysProcessing(host);
        var polling = new ZhipuPollingOptions { InitialInterval = TimeSpan.FromSeconds(2), MaxInterval = TimeSpan.FromSeconds(2), Timeout = TimeSpan.FromSeconds(5) };
        var started = host.Time.GetUtcNow();

        var wait = host.AsyncTasks.WaitForCompletionAsync(TaskId, polling);
        await TimeDriver.RunAsync(host.Time, wait);

        var ex = await Assert.ThrowsAsync<LlmRequestException>(() => wait);
        Assert.Equal(4, polls.Count); // At 0 s, 2 s, 4 s and at the 5 s deadline.
        Assert.Equal(TimeSpan.FromSeconds(5), host.Time.GetUtcNow() - started);
        Assert.True(ex.IsTransient);
        Assert.Equal("PROCESSING", ex.ErrorCode);
        Assert.Equal(0, host.Time.PendingTimerCount);
    }

    [Fact]
    public async Task WaitForCompletionAsync_CancelledDuringDelay_StopsPollingAndIsNotWrapped()
    {
        using var host = Create();
        var polls = AlwaysProcessing(host);
        using var cts = new CancellationTokenSource();

        var wait = host.AsyncTasks.WaitForCompletionAsync(TaskId, cancellationToken: cts.Token);
        await host.Time.WaitForTimersAsync(1).WaitAsync(TimeDriver.HangGuard);
        await cts.CancelAsync();

        var ex = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => wait);
        Assert.Equal(cts.Token, ex.CancellationToken);
        host.Time.Advance(TimeSpan.FromMinutes(20));
        Assert.Equal(1, polls.Count);
    }

    [Fact]
    public async Task WaitForCompletionAsync_AlreadyCancelled_SendsNothing()
    {
        using var host = Create();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => host.AsyncTasks.WaitForCompletionAsync(TaskId, cancellationToken: new CancellationToken(canceled: true)));

        Assert.Equal(0, host.UnmatchedRequests);
    }

    [Fact]
    public async Task GetResponseAsync_SubmitThenPoll_ReportsEveryStepOnFakeClock()
    {
        using var host = Create();
        host.Expect(HttpMethod.Post, "async/chat/completions", () => Json(HttpStatusCode.OK, Fixture("async-submit.json")));
        host.Expect(HttpMethod.Get, "async-result/" + TaskId, () => Json(HttpStatusCode.OK, Fixture("async-processing.json")));
        host.Expect(HttpMethod.Get, "async-result/" + TaskId, () => Json(HttpStatusCode.OK, Fixture("async-success.json")));
        var seen = new List<ZhipuTaskStatus>();

        var call = host.AsyncTasks.GetResponseAsync(Tale, progress: new SyncProgress(t => seen.Add(t.Status)));
        var advances = await TimeDriver.RunAsync(host.Time, call);

        Assert.Equal("从前有一只小兔子……", (await call).Text);
        Assert.Equal([ZhipuTaskStatus.Processing, ZhipuTaskStatus.Processing, ZhipuTaskStatus.Success], seen);
        Assert.Equal([new ZhipuPollingOptions().InitialInterval], advances);
        host.Mock.VerifyNoOutstandingExpectation();
    }

    [Fact]
    public async Task GetResponseAsync_InvalidPolling_ThrowsBeforeSubmitting()
    {
        using var host = Create();

        var ex = await Assert.ThrowsAsync<ArgumentException>(() => host.AsyncTasks.GetResponseAsync(Tale, polling: new ZhipuPollingOptions { BackoffMultiplier = 0.5 }));

        Assert.Equal("polling", ex.ParamName);
        Assert.Contains("BackoffMultiplier", ex.Message, StringComparison.Ordinal);
        Assert.Equal(0, host.UnmatchedRequests);
    }

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    public async Task WaitForCompletionAsync_BlankTaskId_ThrowsBeforeNetwork(string taskId)
    {
        using var host = Create();

        var ex = await Assert.ThrowsAsync<ArgumentException>(() => host.AsyncTasks.WaitForCompletionAsync(taskId));

        Assert.Equal("taskId", ex.ParamName);
        Assert.Contains("SubmitAsync", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SubmitAsync_EmptyPrompt_ThrowsBeforeNetwork()
    {
        using var host = Create();

        await Assert.ThrowsAsync<ArgumentException>(() => host.AsyncTasks.SubmitAsync([new ChatMessage(ChatRole.User, "")]));
        host.Mock.VerifyNoOutstandingRequest();
        Assert.Equal(0, host.UnmatchedRequests);
    }

    /// <summary>Answers every poll of <see cref="TaskId"/> with PROCESSING and counts them.</summary>
    private static PollCounter AlwaysProcessing(ZhipuTestHost host)
    {
        var counter = new PollCounter();
        host.Mock.When(HttpMethod.Get, Base + "async-result/" + TaskId).Respond(_ =>
        {
            counter.Increment();
            return Json(HttpStatusCode.OK, Fixture("async-processing.json"));
        });
        return counter;
    }

    private sealed class PollCounter
    {
        private int _count;

        public int Count => Volatile.Read(ref _count);

        public void Increment() => Interlocked.Increment(ref _count);
    }

    private sealed class SyncProgress(Action<ZhipuAsyncTask> report) : IProgress<ZhipuAsyncTask>
    {
        public void Report(ZhipuAsyncTask value) => report(value);
    }
}
