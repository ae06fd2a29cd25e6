using System.Text.Json;
using LlmClients.DashScope;
using LlmClients.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace LlmClients.IntegrationTests.DashScope;

/// <summary>Native files, async tasks and batch embeddings through DI and the emulator over a real loopback socket.</summary>
public sealed class DashScopeTaskEndToEndTests : IAsyncLifetime
{
    private static readonly LlmPollingOptions FastPolling = new() { InitialInterval = TimeSpan.FromMilliseconds(5), MaxInterval = TimeSpan.FromMilliseconds(10), Timeout = TimeSpan.FromSeconds(30) };

    private LlmEmulator _emulator = null!;
    private ServiceProvider _services = null!;

    public async Task InitializeAsync()
    {
        _emulator = await LlmEmulator.StartAsync();
        var services = new ServiceCollection();
        services.AddLlmProviders(b => b.AddDashScope(configure: o =>
        {
            o.ApiKey = "emulator-key";
            o.BaseUrl = _emulator.DashScope.BaseUri;
            o.Polling = FastPolling;
            o.Resilience.BaseDelay = TimeSpan.FromMilliseconds(1);
        }));
        _services = services.BuildServiceProvider();
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        await _emulator.DisposeAsync();
    }

    private IDashScopeNativeFileClient Files => _services.GetRequiredKeyedService<IDashScopeNativeFileClient>("dashscope");

    private IDashScopeTaskClient Tasks => _services.GetRequiredKeyedService<IDashScopeTaskClient>("dashscope");

    private IDashScopeBatchEmbeddingClient Batch => _services.GetRequiredKeyedService<IDashScopeBatchEmbeddingClient>("dashscope");

    private async Task<DashScopeFile> UploadLinesAsync(params string[] lines)
    {
        var upload = await Files.UploadAsync([new DashScopeFileUpload("texts.txt", new MemoryStream(System.Text.Encoding.UTF8.GetBytes(string.Join('\n', lines) + "\n")))], DashScopeFile.FineTunePurpose);
        return await Files.GetAsync(upload.EnsureAllUploaded().Uploaded[0].FileId!);
    }

    [Fact]
    public async Task NativeFiles_UploadListGetDelete_RoundTrip()
    {
        var result = await Files.UploadAsync([new DashScopeFileUpload("a.jsonl", new MemoryStream("{}"u8.ToArray())), new DashScopeFileUpload("b.jsonl", new MemoryStream("{}"u8.ToArray()))], "fine-tune");

        Assert.False(result.HasFailures);
        Assert.Equal(["a.jsonl", "b.jsonl"], result.Uploaded.Select(f => f.Name));
        var id = result.Uploaded[0].FileId!;
        var file = await Files.GetAsync(id);
        Assert.Equal("a.jsonl", file.FileName);
        Assert.Equal(2, file.Bytes);
        Assert.NotNull(file.Url);
        Assert.NotNull(file.CreatedAt);
        var list = await Files.ListAsync(pageNo: 1, pageSize: 1);
        Assert.Equal(2, list.Total);
        Assert.Single(list.Items);
        Assert.Contains("page_size=1", _emulator.Requests.Snapshot()[^1].Query, StringComparison.Ordinal);

        await Files.DeleteAsync(id);

        var gone = await Assert.ThrowsAsync<LlmRequestException>(() => Files.GetAsync(id));
        Assert.Equal(LlmErrorKind.NotFound, gone.Kind);
    }

    [Fact]
    public async Task NativeFiles_PartialSuccessAt200_ReportsEveryFailedFile()
    {
        _emulator.DashScope.NativeFileLimit = 1;

        var result = await Files.UploadAsync([new DashScopeFileUpload("ok.txt", new MemoryStream("x"u8.ToArray())), new DashScopeFileUpload("late.txt", new MemoryStream("y"u8.ToArray()))], "fine-tune");

        Assert.True(result.HasFailures);
        Assert.Equal("ok.txt", Assert.Single(result.Uploaded).Name);
        var failed = Assert.Single(result.Failed);
        Assert.Equal(("late.txt", "BadRequest.TooMany"), (failed.Name, failed.ErrorCode));
        var ex = Assert.Throws<LlmRequestException>(() => result.EnsureAllUploaded());
        Assert.Equal("BadRequest.TooMany", ex.ErrorCode);
        Assert.Contains("late.txt", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NativeFiles_NoneUploaded_Throws()
    {
        _emulator.DashScope.NativeFileLimit = 0;

        var ex = await Assert.ThrowsAsync<LlmRequestException>(() => Files.UploadAsync([new DashScopeFileUpload("x.txt", new MemoryStream("x"u8.ToArray()))], "fine-tune"));

        Assert.Equal("BadRequest.TooMany", ex.ErrorCode);
    }

    [Fact]
    public async Task NativeFiles_DuplicateNamesOrEmptyFile_RejectedBeforeAnyCall()
    {
        var before = _emulator.Requests.Snapshot().Count;

        await Assert.ThrowsAsync<ArgumentException>(() => Files.UploadAsync([new DashScopeFileUpload("a.txt", new MemoryStream("x"u8.ToArray())), new DashScopeFileUpload("a.txt", new MemoryStream("y"u8.ToArray()))], "fine-tune"));
        await Assert.ThrowsAsync<ArgumentException>(() => Files.UploadAsync([new DashScopeFileUpload("e.txt", new MemoryStream())], "fine-tune"));

        Assert.Equal(before, _emulator.Requests.Snapshot().Count);
    }

    [Fact]
    public async Task BatchEmbeddings_GenerateAsync_ReturnsEmbeddingsInInputOrderWithProgress()
    {
        string[] texts = ["机器学习", "深度学习", "深度强化学习"];
        var input = await UploadLinesAsync(texts);
        var seen = new List<DashScopeTask>();

        var result = await Batch.GenerateAsync(input.Url!, new DashScopeBatchEmbeddingOptions { InputType = EmbeddingInputType.Query, ExpectedCount = 3 }, new SyncProgress<DashScopeTask>(seen.Add));

        Assert.Equal(3, result.Count);
        for (int i = 0; i < texts.Length; i++)
        {
            Assert.Equal(EmulatorReplies.Embedding(texts[i], 1536), result[i].Vector.ToArray());
        }

        Assert.True(result.Usage!.TotalTokenCount > 0);
        Assert.Equal([DashScopeTaskStatus.Pending, DashScopeTaskStatus.Running, DashScopeTaskStatus.Succeeded], seen.Select(t => t.Status));
        Assert.Equal(3, seen[1].TotalCount);
        var submit = _emulator.Requests.Snapshot().First(r => r.Path.EndsWith("text-embedding", StringComparison.Ordinal));
        Assert.Equal("enable", submit.Headers["X-DashScope-Async"]);
        Assert.Equal("query", JsonDocument.Parse(submit.Body).RootElement.GetProperty("parameters").GetProperty("text_type").GetString());

        // The signed result URL is fetched without the DashScope key (the emulated OSS rejects an Authorization header).
        var download = _emulator.Requests.Snapshot().Last(r => r.Path.Contains("dashscope-oss/results", StringComparison.Ordinal));
        Assert.False(download.Headers.ContainsKey("Authorization"));
    }

    [Fact]
    public async Task BatchEmbeddings_ResumeById_GetResultsAsyncFromSubmittedTask()
    {
        var input = await UploadLinesAsync("a", "b");
        var task = await Batch.SubmitAsync(input.Url!);

        var result = await Batch.GetResultsAsync(task.TaskId);

        Assert.Equal(2, result.Count);
    }

    [Fact]
    public async Task BatchEmbeddings_ExpectedCountDiffers_ThrowsNamingMissingLines()
    {
        var input = await UploadLinesAsync("a", "b");

        var ex = await Assert.ThrowsAsync<LlmRequestException>(() => Batch.GenerateAsync(input.Url!, new DashScopeBatchEmbeddingOptions { ExpectedCount = 3 }));

        Assert.Equal(LlmErrorKind.InvalidResponse, ex.Kind);
        Assert.Contains("text_index 2", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BatchEmbeddings_TruncatedResultFile_ThrowsInvalidResponse()
    {
        var input = await UploadLinesAsync("a", "b", "c");
        _emulator.Faults.Enqueue(EmulatorFault.MalformedJson(), "dashscope-oss/results");

        var ex = await Assert.ThrowsAsync<LlmRequestException>(() => Batch.GenerateAsync(input.Url!));

        Assert.Equal(LlmErrorKind.InvalidResponse, ex.Kind);
        Assert.DoesNotContain("Signature", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BatchEmbeddings_ResultDownloadFailsOnce_IsRetried()
    {
        var input = await UploadLinesAsync("a");
        _emulator.Faults.Enqueue(EmulatorFault.Status(503), "dashscope-oss/results");

        var result = await Batch.GenerateAsync(input.Url!);

        Assert.Single(result);
    }

    [Fact]
    public async Task BatchEmbeddings_UnreadableInput_TaskFailedCarriesCodeAndMessage()
    {
        var ex = await Assert.ThrowsAsync<LlmRequestException>(() => Batch.GenerateAsync(new Uri("https://example.invalid/texts.txt")));

        Assert.Equal("InvalidURL", ex.ErrorCode);
        Assert.Contains("Failed to download", ex.VendorMessage, StringComparison.Ordinal);
        Assert.False(ex.IsTransient);
        Assert.NotNull(ex.Data[IDashScopeTaskClient.TaskIdDataKey]);
    }

    [Fact]
    public async Task BatchEmbeddings_WrongModel_RejectedBeforeAnyCall()
    {
        var before = _emulator.Requests.Snapshot().Count;

        var ex = await Assert.ThrowsAsync<ArgumentException>(() => Batch.GenerateAsync(new Uri("https://example.com/a.txt"), new DashScopeBatchEmbeddingOptions { ModelId = "text-embedding-v3" }));

        Assert.Contains("text-embedding-async-v2", ex.Message, StringComparison.Ordinal);
        Assert.Equal(before, _emulator.Requests.Snapshot().Count);
    }

    [Fact]
    public async Task Tasks_UnknownId_IsNotFound()
    {
        var ex = await Assert.ThrowsAsync<LlmRequestException>(() => Tasks.GetAsync("1111"));

        Assert.Equal(LlmErrorKind.NotFound, ex.Kind);
        Assert.Equal(200, ex.StatusCode);
        Assert.Equal("1111", ex.Data[IDashScopeTaskClient.TaskIdDataKey]);
    }

    [Fact]
    public async Task Tasks_CancelWhilePending_ThenWaitReportsCancelled()
    {
        var input = await UploadLinesAsync("a");
        var task = await Tasks.SubmitAsync("services/embeddings/text-embedding/text-embedding", JsonDocument.Parse($$$"""{"model":"text-embedding-async-v1","input":{"url":"{{{input.Url}}}"}}""").RootElement);

        await Tasks.CancelAsync(task.TaskId);

        Assert.Equal(DashScopeTaskStatus.Canceled, (await Tasks.GetAsync(task.TaskId)).Status);
        var ex = await Assert.ThrowsAsync<LlmRequestException>(() => Tasks.WaitForCompletionAsync(task.TaskId));
        Assert.Equal("CANCELED", ex.ErrorCode);
    }

    [Fact]
    public async Task Tasks_CancelAfterStart_ThrowsUnsupportedOperation()
    {
        var input = await UploadLinesAsync("a");
        var task = await Batch.SubmitAsync(input.Url!);
        Assert.Equal(DashScopeTaskStatus.Running, (await Tasks.GetAsync(task.TaskId)).Status);

        var ex = await Assert.ThrowsAsync<LlmRequestException>(() => Tasks.CancelAsync(task.TaskId));

        Assert.Equal((400, "UnsupportedOperation", LlmErrorKind.InvalidRequest), (ex.StatusCode, ex.ErrorCode, ex.Kind));
        Assert.Contains("PENDING", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Tasks_WaitTimesOut_ThrowsTimeoutWithTaskId()
    {
        _emulator.DashScope.RunningPolls = 1000;
        var input = await UploadLinesAsync("a");
        var task = await Batch.SubmitAsync(input.Url!);
        var polling = new LlmPollingOptions { InitialInterval = TimeSpan.FromMilliseconds(1), MaxInterval = TimeSpan.FromMilliseconds(1), Timeout = TimeSpan.FromMilliseconds(3) };

        var ex = await Assert.ThrowsAsync<LlmRequestException>(() => Tasks.WaitForCompletionAsync(task.TaskId, polling));

        Assert.Equal(LlmErrorKind.Timeout, ex.Kind);
        Assert.Equal(task.TaskId, ex.Data[IDashScopeTaskClient.TaskIdDataKey]);
    }

    [Fact]
    public async Task Tasks_WaitCancelled_ThrowsOperationCanceledUnwrapped()
    {
        _emulator.DashScope.RunningPolls = 1000;
        var input = await UploadLinesAsync("a");
        var task = await Batch.SubmitAsync(input.Url!);
        using var cts = new CancellationTokenSource();
        var progress = new SyncProgress<DashScopeTask>(t =>
        {
            if (t.Status == DashScopeTaskStatus.Running)
            {
                cts.Cancel();
            }
        });

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Tasks.WaitForCompletionAsync(task.TaskId, progress: progress, cancellationToken: cts.Token));
    }

    [Fact]
    public async Task Tasks_ListWithFilters_SendsQueryAndMapsPage()
    {
        var input = await UploadLinesAsync("a");
        var task = await Batch.SubmitAsync(input.Url!);

        var list = await Tasks.ListAsync(new DashScopeTaskQuery { ModelName = "text-embedding-async-v2", Status = DashScopeTaskStatus.Pending, PageSize = 5 });

        var item = Assert.Single(list.Items);
        Assert.Equal((task.TaskId, "text-embedding-async-v2"), (item.TaskId, item.ModelName));
        Assert.NotNull(item.SubmittedAt);
        Assert.Equal(1, list.Total);
        Assert.Contains("status=PENDING", _emulator.Requests.Snapshot()[^1].Query, StringComparison.Ordinal);
    }

    private sealed class SyncProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}
