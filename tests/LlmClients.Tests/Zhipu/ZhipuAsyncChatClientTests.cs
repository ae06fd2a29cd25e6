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

        Assert.Equal(TaskId, ex.Data[ZhipuAsyncChatClient.TaskIdDataKey]);
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
        Assert.Equal(TaskId, ex.Data[ZhipuAsyncChatClient.TaskIdDataKey]);
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
    }

    private sealed class SyncProgress(Action<ZhipuAsyncTask> report) : IProgress<ZhipuAsyncTask>
    {
        public void Report(ZhipuAsyncTask value) => report(value);
    }
}
