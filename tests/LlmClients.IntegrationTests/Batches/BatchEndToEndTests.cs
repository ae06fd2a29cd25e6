using LlmClients.Batches;
using LlmClients.IntegrationTests.Flavours;
using LlmClients.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace LlmClients.IntegrationTests.Batches;

/// <summary>
/// Batch jobs through the whole stack (DI, named HttpClient, retry and auth handlers, real loopback sockets) against the
/// emulator's Batch API, for every flavour that has one. The emulator runs on a time scale of 1/2000 (a batch takes about
/// 0.4 s) and polls every 20-100 ms, so nothing here waits on a timer of its own.
/// </summary>
public sealed class BatchEndToEndTests
{
    public static TheoryData<string> Flavours => new() { "openai", "dashscope-compatible", "dashscope-native", "zhipu", "zhipu-jwt" };

    private static readonly LlmPollingOptions Fast = new()
    {
        InitialInterval = TimeSpan.FromMilliseconds(20),
        MaxInterval = TimeSpan.FromMilliseconds(100),
        Timeout = TimeSpan.FromMinutes(2),
    };

    [Theory]
    [MemberData(nameof(Flavours))]
    public async Task GetResponsesAsync_Conversations_AnswersEachInInputOrderWithProgress(string flavour)
    {
        await using var host = await Host.StartAsync();
        var batches = host.Batches(flavour);
        var conversations = Enumerable.Range(0, 25).Select(i => (IEnumerable<ChatMessage>)[new(ChatRole.User, $"question {i}")]).ToList();
        var seen = new List<LlmBatchJob>();

        var results = await batches.GetResponsesAsync(conversations, polling: Fast, progress: new Recorder(seen));

        var responses = results.GetValues();
        Assert.Equal(25, responses.Count);
        for (var i = 0; i < 25; i++)
        {
            Assert.EndsWith($": question {i}", responses[i].Text, StringComparison.Ordinal);
            Assert.Equal(i, results[i].Index);
            Assert.NotNull(responses[i].GetRequestId());
        }

        Assert.Equal(LlmBatchStatus.Completed, results.Job.Status);
        Assert.Equal(new LlmBatchRequestCounts(25, 25, 0), results.Job.RequestCounts);
        Assert.Contains(seen, j => j.Status == LlmBatchStatus.Validating || j.Status == LlmBatchStatus.InProgress);
        Assert.Equal(LlmBatchStatus.Completed, seen[^1].Status);
    }

    [Fact]
    public async Task EmbedAsync_100000Texts_SplitsIntoBatchesAndPutsEveryVectorAtItsInputsIndex()
    {
        await using var host = await Host.StartAsync();
        var texts = Enumerable.Range(0, 100_000).Select(i => $"text number {i}").ToList();

        var results = await host.Batches("openai").EmbedAsync(texts, new EmbeddingGenerationOptions { ModelId = "text-embedding-3-small" }, polling: Fast);

        Assert.Equal(2, results.Job.Parts.Count); // OpenAI: at most 50,000 requests per file.
        Assert.Equal([0, 50_000], results.Job.Parts.Select(p => p.FirstIndex));
        var vectors = results.GetValues();
        Assert.Equal(texts.Count, vectors.Count);
        for (var i = 0; i < texts.Count; i++)
        {
            Assert.Equal(EmulatorReplies.Embedding(texts[i], Host.Dimensions), vectors[i].Vector.ToArray());
        }
    }

    [Fact]
    public async Task EmbedAsync_ZhipuOver10000Texts_SplitsAtTenThousandPerFile()
    {
        await using var host = await Host.StartAsync();
        var texts = Enumerable.Range(0, 20_001).Select(i => $"文本 {i}").ToList();

        var results = await host.Batches("zhipu").EmbedAsync(texts, new EmbeddingGenerationOptions { ModelId = "embedding-3" }, polling: Fast);

        Assert.Equal([10_000, 10_000, 1], results.Job.Parts.Select(p => p.Count!.Value));
        var vectors = results.GetValues();
        Assert.Equal(EmulatorReplies.Embedding(texts[20_000], Host.Dimensions), vectors[20_000].Vector.ToArray());
        Assert.Equal(EmulatorReplies.Embedding(texts[12_345], Host.Dimensions), vectors[12_345].Vector.ToArray());
    }

    [Theory]
    [MemberData(nameof(Flavours))]
    public async Task EmbedAsync_FailedLines_SurfaceAsTypedErrorsAtTheirIndexes(string flavour)
    {
        await using var host = await Host.StartAsync();
        host.Emulator.Batches.FailNext(EmulatorBatchFault.FailLines);

        var results = await host.Batches(flavour).EmbedAsync(Texts(20), Host.EmbeddingOptions(flavour), polling: Fast);

        Assert.Equal([3, 13], results.Failures.Select(f => f.Index));
        Assert.All(results.Failures, f => Assert.Equal(400, f.Error!.StatusCode));
        Assert.All(results.Failures, f => Assert.Equal(LlmErrorKind.InvalidRequest, f.Error!.Kind));
        Assert.Equal(18, results.Count(r => r.Succeeded));
        var ex = Assert.Throws<LlmRequestException>(() => results.GetValues());
        Assert.Contains("2 of 20 batch inputs failed", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Flavours))]
    public async Task EmbedAsync_PartialOutput_InputsInNeitherFileAreErrorsNotGaps(string flavour)
    {
        await using var host = await Host.StartAsync();
        host.Emulator.Batches.FailNext(EmulatorBatchFault.PartialOutput);

        var results = await host.Batches(flavour).EmbedAsync(Texts(20), Host.EmbeddingOptions(flavour), polling: Fast);

        Assert.Equal(20, results.Count);
        Assert.Equal([7, 17], results.Failures.Select(f => f.Index));
        Assert.All(results.Failures, f => Assert.Equal(LlmErrorKind.InvalidResponse, f.Error!.Kind));
        Assert.All(results.Failures, f => Assert.Contains("in neither its output nor its error file", f.Error!.Message, StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Flavours))]
    public async Task EmbedAsync_Expired_KeepsFinishedInputsAndTypesTheRestAsExpired(string flavour)
    {
        await using var host = await Host.StartAsync();
        host.Emulator.Batches.FailNext(EmulatorBatchFault.Expire);

        var results = await host.Batches(flavour).EmbedAsync(Texts(10), Host.EmbeddingOptions(flavour), polling: Fast);

        Assert.Equal(LlmBatchStatus.Expired, results.Job.Status);
        Assert.All(results.Take(5), r => Assert.True(r.Succeeded));
        Assert.All(results.Skip(5), r => Assert.Equal(LlmErrorKind.Timeout, r.Error!.Kind));
        Assert.All(results.Skip(5), r => Assert.Equal("batch_expired", r.Error!.ErrorCode));
        Assert.All(results.Skip(5), r => Assert.True(r.Error!.IsTransient));
    }

    [Theory]
    [MemberData(nameof(Flavours))]
    public async Task EmbedAsync_FailedValidation_EveryInputFailsAndTheNamedLineSaysSo(string flavour)
    {
        await using var host = await Host.StartAsync();
        host.Emulator.Batches.FailNext(EmulatorBatchFault.FailValidation);

        var results = await host.Batches(flavour).EmbedAsync(Texts(4), Host.EmbeddingOptions(flavour), polling: Fast);

        Assert.Equal(LlmBatchStatus.Failed, results.Job.Status);
        var error = Assert.Single(results.Job.Parts[0].Batch.Errors);
        Assert.Equal(2, error.Line);
        Assert.All(results, r => Assert.Equal(LlmErrorKind.InvalidRequest, r.Error!.Kind));
        Assert.Contains("at this input's line 2", results[1].Error!.Message, StringComparison.Ordinal);
        Assert.Contains("failed before this input ran", results[0].Error!.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Flavours))]
    public async Task CancelAsync_RunningJob_EndsCancelledWithEveryInputAccountedFor(string flavour)
    {
        await using var host = await Host.StartAsync(timeScale: 0.01); // 6 s in progress: the cancel lands while it runs.
        var batches = host.Batches(flavour);
        var job = await batches.SubmitEmbeddingsAsync(Texts(30), Host.EmbeddingOptions(flavour));

        var cancelling = await batches.CancelAsync(job.BatchIds[0]);
        var results = await batches.GetEmbeddingResultsAsync(await batches.WaitAsync(job, Fast));

        Assert.Equal(LlmBatchStatus.Cancelling, cancelling.Status);
        Assert.Equal(LlmBatchStatus.Cancelled, results.Job.Status);
        Assert.Equal(30, results.Count);
        Assert.All(results.Failures, f => Assert.Equal("batch_cancelled", f.Error!.ErrorCode));
    }

    [Theory]
    [MemberData(nameof(Flavours))]
    public async Task ResumeAsync_ByBatchIdsInANewContainer_WaitsAndMapsTheSameResults(string flavour)
    {
        await using var host = await Host.StartAsync();
        var job = await host.Batches(flavour).SubmitEmbeddingsAsync(Texts(7), Host.EmbeddingOptions(flavour), new LlmBatchOptions { MaxRequestsPerBatch = 3 });
        var ids = job.BatchIds;

        // A "restarted process": a new container that knows only the ids.
        await using var restarted = AllFlavours.Build(host.Emulator, _ => "m");
        var batches = restarted.GetRequiredKeyedService<IBatchClient>(flavour);
        var resumed = await batches.WaitAsync(await batches.ResumeAsync(ids), Fast);
        var results = await batches.GetEmbeddingResultsAsync(resumed);

        Assert.Equal([3, 3, 1], resumed.Parts.Select(p => p.Count!.Value));
        Assert.Equal([0, 3, 6], resumed.Parts.Select(p => p.FirstIndex));
        var vectors = results.GetValues();
        for (var i = 0; i < 7; i++)
        {
            Assert.Equal(EmulatorReplies.Embedding($"text {i}", Host.Dimensions), vectors[i].Vector.ToArray());
        }

        var listed = await batches.ListAsync(limit: 100);
        Assert.Superset(ids.ToHashSet(), listed.Data.Select(b => b.TaskId).ToHashSet());
        Assert.All(listed.Data, b => Assert.InRange(b.CreatedAt!.Value.Year, 2020, 2100)); // Zhipu's milliseconds are read as such.
    }

    [Fact]
    public async Task ListAsync_DashScopeWithNoBatches_IsEmptyNotAnError()
    {
        await using var host = await Host.StartAsync();

        var list = await host.Batches("dashscope-compatible").ListAsync();

        Assert.Empty(list.Data);
        Assert.False(list.HasMore);
    }

    [Fact]
    public async Task GetChatResultsAsync_EmbeddingJob_ThrowsInvalidOperation()
    {
        await using var host = await Host.StartAsync();
        var batches = host.Batches("openai");
        var job = await batches.WaitAsync(await batches.SubmitEmbeddingsAsync(Texts(2), Host.EmbeddingOptions("openai")), Fast);

        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => batches.GetChatResultsAsync(job));

        Assert.Contains("not /v1/chat/completions", ex.Message, StringComparison.Ordinal);
    }

    private static List<string> Texts(int count) => [.. Enumerable.Range(0, count).Select(i => $"text {i}")];

    private sealed class Recorder(List<LlmBatchJob> seen) : IProgress<LlmBatchJob>
    {
        public void Report(LlmBatchJob value)
        {
            lock (seen)
            {
                seen.Add(value);
            }
        }
    }

    private sealed class Host(LlmEmulator emulator, ServiceProvider services) : IAsyncDisposable
    {
        public const int Dimensions = 4;

        public LlmEmulator Emulator { get; } = emulator;

        public static async Task<Host> StartAsync(double timeScale = 0.0005)
        {
            var emulator = await LlmEmulator.StartAsync(new LlmEmulatorOptions { DefaultEmbeddingDimensions = Dimensions });
            emulator.Batches.TimeScale = timeScale;
            return new Host(emulator, AllFlavours.Build(emulator, name => name.StartsWith("zhipu", StringComparison.Ordinal) ? "glm-4-flash" : name.StartsWith("dashscope", StringComparison.Ordinal) ? "qwen-plus" : "gpt-4o-mini"));
        }

        public IBatchClient Batches(string flavour) => services.GetRequiredKeyedService<IBatchClient>(flavour);

        public static EmbeddingGenerationOptions EmbeddingOptions(string flavour) => new()
        {
            ModelId = flavour.StartsWith("zhipu", StringComparison.Ordinal) ? "embedding-3" : flavour.StartsWith("dashscope", StringComparison.Ordinal) ? "text-embedding-v4" : "text-embedding-3-small",
        };

        public async ValueTask DisposeAsync()
        {
            await services.DisposeAsync();
            await Emulator.DisposeAsync();
        }
    }
}
