using System.Net;
using System.Text;
using LlmClients.Batches;
using LlmClients.OpenAICompatible;
using LlmClients.OpenAICompatible.Batches;
using LlmClients.Tests.TestSupport;
using RichardSzalay.MockHttp;

namespace LlmClients.Tests.OpenAICompatible.Batches;

public sealed class OpenAIBatchClientTests
{
    private const string Base = OpenAITestClients.BaseUrl;
    private readonly MockHttpMessageHandler _mock = new();

    [Fact]
    public async Task SubmitEmbeddingsAsync_WritesOneOpenAILinePerTextUploadsAsBatchAndCreatesA24hBatch()
    {
        string? upload = null;
        string? create = null;
        _mock.Expect(HttpMethod.Post, Base + "files").Respond(async r => { upload = await r.Content!.ReadAsStringAsync(); return Json("""{"id":"file-in1","object":"file","purpose":"batch"}"""); });
        _mock.Expect(HttpMethod.Post, Base + "batches").Respond(async r => { create = await r.Content!.ReadAsStringAsync(); return Json(Batch("batch_1", "validating")); });

        var job = await Client().SubmitEmbeddingsAsync(["a", "b\nc"], batchOptions: new LlmBatchOptions { Metadata = new Dictionary<string, string> { ["job"] = "nightly" } });

        Assert.Contains("name=purpose", upload, StringComparison.Ordinal);
        Assert.Contains("\r\n\r\nbatch\r\n", upload, StringComparison.Ordinal);
        Assert.Contains("filename=llmclients-batch-1-of-1.jsonl", upload, StringComparison.Ordinal);
        Assert.Contains(
            """
            {"custom_id":"0","method":"POST","url":"/v1/embeddings","body":{"input":"a","model":"text-embedding-3-small","encoding_format":"float"}}
            {"custom_id":"1","method":"POST","url":"/v1/embeddings","body":{"input":"b\nc","model":"text-embedding-3-small","encoding_format":"float"}}

            """.ReplaceLineEndings("\n"),
            upload!.ReplaceLineEndings("\n"),
            StringComparison.Ordinal);
        JsonAssert.Equal("""{"input_file_id":"file-in1","endpoint":"/v1/embeddings","completion_window":"24h","metadata":{"job":"nightly"}}""", create!);
        Assert.Equal("batch_1", Assert.Single(job.Parts).Batch.TaskId);
        Assert.Equal(2, job.Count);
        _mock.VerifyNoOutstandingExpectation();
    }

    [Fact]
    public async Task SubmitChatAsync_LineBodyIsTheSynchronousChatBodyWithoutStream()
    {
        string? upload = null;
        _mock.Expect(HttpMethod.Post, Base + "files").Respond(async r => { upload = await r.Content!.ReadAsStringAsync(); return Json("""{"id":"file-in1"}"""); });
        _mock.Expect(HttpMethod.Post, Base + "batches").Respond(_ => Json(Batch("batch_1", "validating")));

        await Client().SubmitChatAsync([[new ChatMessage(ChatRole.User, "Hi")]], new ChatOptions { Temperature = 0.5f });

        Assert.Contains("""{"custom_id":"0","method":"POST","url":"/v1/chat/completions","body":{"model":"gpt-4o-mini","messages":[{"role":"user","content":"Hi"}],"temperature":0.5}}""", upload, StringComparison.Ordinal);
        Assert.DoesNotContain("\"stream\"", upload, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SubmitEmbeddingsAsync_MoreThanTheLineLimit_SplitsIntoBatchesWithTheirFirstIndexes()
    {
        var uploads = new List<string>();
        _mock.When(HttpMethod.Post, Base + "files").Respond(async r => { uploads.Add(await r.Content!.ReadAsStringAsync()); return Json($$"""{"id":"file-{{uploads.Count}}"}"""); });
        var creates = 0;
        _mock.When(HttpMethod.Post, Base + "batches").Respond(_ => Json(Batch($"batch_{++creates}", "validating")));

        var job = await Client().SubmitEmbeddingsAsync(["t0", "t1", "t2", "t3", "t4"], batchOptions: new LlmBatchOptions { MaxRequestsPerBatch = 2 });

        Assert.Equal([0, 2, 4], job.Parts.Select(p => p.FirstIndex));
        Assert.Equal([2, 2, 1], job.Parts.Select(p => p.Count!.Value));
        Assert.Contains("""{"custom_id":"0","method":"POST","url":"/v1/embeddings","body":{"input":"t4",""", uploads[2], StringComparison.Ordinal);
        Assert.Equal(["batch_1", "batch_2", "batch_3"], job.BatchIds);
    }

    [Fact]
    public async Task SubmitEmbeddingsAsync_ZhipuBaseUrl_LinesCallV4()
    {
        string? upload = null;
        _mock.Expect(HttpMethod.Post, "https://open.test/api/paas/v4/files").Respond(async r => { upload = await r.Content!.ReadAsStringAsync(); return Json("""{"id":"20240514_x"}"""); });
        _mock.Expect(HttpMethod.Post, "https://open.test/api/paas/v4/batches").Respond(_ => Json(Batch("batch_1", "validating")));

        await Client(OpenAITestClients.Settings() with { BaseUrl = new Uri("https://open.test/api/paas/v4/") }).SubmitEmbeddingsAsync(["x"]);

        Assert.Contains("\"url\":\"/v4/embeddings\"", upload, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SubmitEmbeddingsAsync_NoTextsOrOversizedLine_ThrowsBeforeAnyCall()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => Client().SubmitEmbeddingsAsync([]));
        var ex = await Assert.ThrowsAsync<ArgumentException>(() => Client().SubmitEmbeddingsAsync(["ok", new string('x', 500)], batchOptions: new LlmBatchOptions { MaxBytesPerBatch = 300 }));
        Assert.Contains("index 1", ex.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<ArgumentException>(() => Client().SubmitChatAsync([]));
        await Assert.ThrowsAsync<ArgumentException>(() => Client().SubmitEmbeddingsAsync(["a"], batchOptions: new LlmBatchOptions { CompletionWindow = " " }));
        Assert.Equal(0, _mock.GetMatchCount(_mock.Fallback));
    }

    [Fact]
    public async Task SubmitChatAsync_OversizedLine_NamesTheConversationsParameterBeforeAnyCall()
    {
        var ex = await Assert.ThrowsAsync<ArgumentException>(() => Client().SubmitChatAsync([[new ChatMessage(ChatRole.User, new string('x', 500))]], batchOptions: new LlmBatchOptions { MaxBytesPerBatch = 300 }));

        Assert.Equal("conversations", ex.ParamName);
        Assert.Contains("index 0", ex.Message, StringComparison.Ordinal);
        Assert.Equal(0, _mock.GetMatchCount(_mock.Fallback));
    }

    [Fact]
    public async Task SubmitAsync_MetadataWithNullValue_ThrowsNamingTheKeyBeforeAnyCall()
    {
        var ex = await Assert.ThrowsAsync<ArgumentException>(() => Client().SubmitEmbeddingsAsync(["a"], batchOptions: new LlmBatchOptions { Metadata = new Dictionary<string, string> { ["job"] = null! } }));

        Assert.Equal("batchOptions", ex.ParamName);
        Assert.Contains("job", ex.Message, StringComparison.Ordinal);
        Assert.Equal(0, _mock.GetMatchCount(_mock.Fallback));
    }

    [Fact]
    public async Task SubmitEmbeddingsAsync_Cancelled_ThrowsOperationCanceledUnwrappedBeforeAnyCall()
    {
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Client().SubmitEmbeddingsAsync(["a"], cancellationToken: cts.Token));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Client().WaitAsync(Job("b", 1), cancellationToken: cts.Token));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Client().ResumeAsync(["b"], cts.Token));
        Assert.Equal(0, _mock.GetMatchCount(_mock.Fallback));
    }

    [Fact]
    public async Task SubmitEmbeddingsAsync_CancelledAfterTheFirstBatch_CancelsItAndThrowsOperationCanceledUnwrapped()
    {
        using var cts = new CancellationTokenSource();
        var uploads = 0;
        _mock.When(HttpMethod.Post, Base + "files").Respond(_ =>
        {
            if (++uploads == 2)
            {
                cts.Cancel();
            }

            return Json($$"""{"id":"file-{{uploads}}"}""");
        });
        _mock.When(HttpMethod.Post, Base + "batches").Respond(_ => Json(Batch("batch_1", "validating")));
        var cancel = _mock.When(HttpMethod.Post, Base + "batches/batch_1/cancel").Respond(_ => Json(Batch("batch_1", "cancelling")));

        var ex = await Record.ExceptionAsync(() => Client().SubmitEmbeddingsAsync(["a", "b"], batchOptions: new LlmBatchOptions { MaxRequestsPerBatch = 1 }, cancellationToken: cts.Token));

        Assert.IsAssignableFrom<OperationCanceledException>(ex);
        Assert.Equal(1, _mock.GetMatchCount(cancel));
    }

    [Fact]
    public async Task WaitAsync_TimeoutOrMaxIntervalPastTheTimerLimit_ThrowsNamingPollingBeforeAnyCall()
    {
        var ex = await Assert.ThrowsAsync<ArgumentException>(() => Client().WaitAsync(Job("b", 1), new LlmPollingOptions { Timeout = TimeSpan.MaxValue }));
        Assert.Equal("polling", ex.ParamName);
        ex = await Assert.ThrowsAsync<ArgumentException>(() => Client().WaitAsync(Job("b", 1), new LlmPollingOptions { MaxInterval = TimeSpan.MaxValue }));
        Assert.Equal("polling", ex.ParamName);
        Assert.Equal(0, _mock.GetMatchCount(_mock.Fallback));
    }

    [Fact]
    public async Task ListAsync_WhiteSpaceAfter_ThrowsNamingItBeforeAnyCall()
    {
        var ex = await Assert.ThrowsAsync<ArgumentException>(() => Client().ListAsync(after: "  "));

        Assert.Equal("after", ex.ParamName);
        Assert.Equal(0, _mock.GetMatchCount(_mock.Fallback));
    }

    [Fact]
    public async Task ResumeAsync_DuplicateBatchId_ThrowsNamingItBeforeAnyCall()
    {
        var ex = await Assert.ThrowsAsync<ArgumentException>(() => Client().ResumeAsync(["a", "b", "a"]));

        Assert.Equal("batchIds", ex.ParamName);
        Assert.Contains("\"a\"", ex.Message, StringComparison.Ordinal);
        Assert.Equal(0, _mock.GetMatchCount(_mock.Fallback));
    }

    [Fact]
    public async Task SubmitEmbeddingsAsync_SecondUploadFails_CancelsTheBatchAlreadyCreatedAndThrows()
    {
        var uploads = 0;
        _mock.When(HttpMethod.Post, Base + "files").Respond(_ => ++uploads == 1 ? Json("""{"id":"file-1"}""") : new HttpResponseMessage(HttpStatusCode.BadRequest) { Content = new StringContent("""{"error":{"message":"too big","code":"invalid_file"}}""", Encoding.UTF8, "application/json") });
        _mock.When(HttpMethod.Post, Base + "batches").Respond(_ => Json(Batch("batch_1", "validating")));
        var cancel = _mock.When(HttpMethod.Post, Base + "batches/batch_1/cancel").Respond(_ => Json(Batch("batch_1", "cancelling")));

        var ex = await Assert.ThrowsAsync<LlmRequestException>(() => Client().SubmitEmbeddingsAsync(["a", "b"], batchOptions: new LlmBatchOptions { MaxRequestsPerBatch = 1 }));

        Assert.True(ex.ErrorCode == "invalid_file", ex.Message);
        Assert.Equal(1, _mock.GetMatchCount(cancel));
    }

    [Fact]
    public async Task GetEmbeddingResultsAsync_MapsByCustomIdAndTypesEveryFailure()
    {
        // Output lines out of order; the error file holds an HTTP-level failure (429 body), a non-HTTP failure, and DashScope's
        // error_code spelling; input 5 is in neither file; a line that is not JSON is ignored (its input is reported missing).
        _mock.Expect(HttpMethod.Get, Base + "batches/batch_1").Respond(_ => Json(Batch("batch_1", "completed", output: "file-out", error: "file-err", total: 7)));
        _mock.Expect(HttpMethod.Get, Base + "files/file-out/content").Respond(_ => Jsonl(
            "\uFEFF" + Line("1", 200, """{"object":"list","data":[{"index":0,"embedding":[1,0]}],"model":"m"}""") + "\r\n",
            Line("0", 200, """{"object":"list","data":[{"index":0,"embedding":[0,1]}],"model":"m"}"""),
            "not json",
            ""));
        _mock.Expect(HttpMethod.Get, Base + "files/file-err/content").Respond(_ => Jsonl(
            Line("2", 429, """{"error":{"message":"Rate limit reached","type":"requests","code":"rate_limit_exceeded"}}"""),
            """{"id":"r","custom_id":"3","response":null,"error":{"code":"batch_expired","message":"This request could not be executed before the completion window expired."}}""",
            """{"id":"r","custom_id":"4","response":{"status_code":400,"request_id":"rq4","body":{}},"error":{"error_code":"InvalidParameter","error_message":"bad input"}}""",
            """{"id":"r","custom_id":"6","response":{"status_code":200,"request_id":"rq6","body":{"object":"list","data":[],"model":"m"}},"error":null}"""));

        var results = await Client().GetEmbeddingResultsAsync(Job("batch_1", 7));

        Assert.Equal([0f, 1f], results[0].Value!.Vector.ToArray());
        Assert.Equal([1f, 0f], results[1].Value!.Vector.ToArray());
        Assert.Equal("rq-1", results[1].Value!.AdditionalProperties![LlmAdditionalProperties.RequestId]);
        Assert.Equal((LlmErrorKind.RateLimited, 429, "rate_limit_exceeded", true), Shape(results[2].Error!));
        Assert.Equal((LlmErrorKind.Timeout, (int?)null, "batch_expired", true), Shape(results[3].Error!));
        Assert.Equal((LlmErrorKind.InvalidRequest, 400, "InvalidParameter", false), Shape(results[4].Error!));
        Assert.Equal("bad input", results[4].Error!.VendorMessage);
        Assert.Equal(LlmErrorKind.InvalidResponse, results[5].Error!.Kind);
        Assert.Contains("custom_id \"5\"", results[5].Error!.Message, StringComparison.Ordinal);
        Assert.Equal(LlmErrorKind.InvalidResponse, results[6].Error!.Kind);
        Assert.Equal(Enumerable.Range(0, 7), results.Select(r => r.Index));
        _mock.VerifyNoOutstandingExpectation();
    }

    [Fact]
    public async Task GetChatResultsAsync_ZhipuLines_ReadRequestIdFromTheBodyAndFailNetworkErrorFinishes()
    {
        _mock.Expect(HttpMethod.Get, Base + "batches/batch_9").Respond(_ => Json(Batch("batch_9", "completed", output: "out", total: 2, endpoint: "/v4/chat/completions")));
        _mock.Expect(HttpMethod.Get, Base + "files/out/content").Respond(_ => Jsonl(
            """{"response":{"status_code":200,"body":{"created":1715959701,"model":"glm-4","id":"866","choices":[{"finish_reason":"stop","index":0,"message":{"role":"assistant","content":"ok"}}],"request_id":"615-request-1"}},"custom_id":"0","id":"batch_9"}""",
            """{"response":{"status_code":200,"body":{"model":"glm-4","id":"867","choices":[{"finish_reason":"network_error","index":0,"message":{"role":"assistant","content":""}}],"request_id":"615-request-2"}},"custom_id":"1","id":"batch_9"}"""));

        var results = await Client().GetChatResultsAsync(Job("batch_9", 2, endpoint: "/v1/chat/completions"));

        Assert.Equal("ok", results[0].Value!.Text);
        Assert.Equal("615-request-1", results[0].Value!.GetRequestId());
        Assert.Equal(LlmErrorKind.ServerError, results[1].Error!.Kind);
        Assert.Equal("615-request-2", results[1].Error!.RequestId);
    }

    [Fact]
    public async Task GetAsync_ZhipuQuirks_MillisecondsEmptyFileIdsAndFlatCounts()
    {
        _mock.Expect(HttpMethod.Get, Base + "batches/batch_z").Respond(_ => Json(
            """{"id":"batch_z","object":"batch","endpoint":"/v4/chat/completions","status":"in_progress","input_file_id":"f","output_file_id":"","error_file_id":"","created_at":1715674031399,"request_counts":123,"total":10,"completed":4,"failed":1,"errors":null}"""));

        var batch = await Client().GetAsync("batch_z");

        Assert.Equal(LlmBatchStatus.InProgress, batch.Status);
        Assert.Null(batch.OutputFileId);
        Assert.Null(batch.ErrorFileId);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1715674031399), batch.CreatedAt);
        Assert.Equal(new LlmBatchRequestCounts(10, 4, 1), batch.RequestCounts);
        Assert.False(batch.Status.IsTerminal);
    }

    [Fact]
    public async Task ListAsync_DataNull_IsAnEmptyPage()
    {
        _mock.Expect(HttpMethod.Get, Base + "batches?after=batch_0&limit=5").Respond(_ => Json("""{"object":"list","data":null,"has_more":false}"""));

        var page = await Client().ListAsync("batch_0", 5);

        Assert.Empty(page.Data);
        Assert.Null(page.LastId);
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Client().ListAsync(limit: 101));
    }

    [Fact]
    public async Task WaitAsync_PollsWithBackoffReportsProgressAndTimesOutNamingTheBatches()
    {
        var time = new FakeClock();
        _mock.When(HttpMethod.Get, Base + "batches/batch_1").Respond(_ => Json(Batch("batch_1", "in_progress", total: 3)));
        var seen = new List<LlmBatchStatus>();
        var client = Client(time: time);

        var wait = client.WaitAsync(Job("batch_1", 3), new LlmPollingOptions { InitialInterval = TimeSpan.FromSeconds(10), MaxInterval = TimeSpan.FromSeconds(20), BackoffMultiplier = 2, Timeout = TimeSpan.FromSeconds(45) }, new SyncProgress(j => seen.Add(j.Status)));
        var advances = await TimeDriver.RunAsync(time, wait);

        var ex = await Assert.ThrowsAsync<LlmRequestException>(() => wait);
        Assert.Equal(LlmErrorKind.Timeout, ex.Kind);
        Assert.Contains("ResumeAsync([\"batch_1\"])", ex.Message, StringComparison.Ordinal);
        Assert.Equal([10, 20, 15], advances.Select(a => a.TotalSeconds));
        Assert.All(seen, s => Assert.Equal(LlmBatchStatus.InProgress, s));
    }

    [Fact]
    public async Task ResumeAsync_UsesReportedTotalsForIndexes()
    {
        _mock.Expect(HttpMethod.Get, Base + "batches/a").Respond(_ => Json(Batch("a", "completed", total: 4)));
        _mock.Expect(HttpMethod.Get, Base + "batches/b").Respond(_ => Json(Batch("b", "validating")));

        var job = await Client().ResumeAsync(["a", "b"]);

        Assert.Equal([0, 4], job.Parts.Select(p => p.FirstIndex));
        Assert.Equal([4, (int?)null], job.Parts.Select(p => p.Count));
        Assert.Null(job.Count);
        Assert.Equal(LlmBatchStatus.Validating, job.Status);
        await Assert.ThrowsAsync<ArgumentException>(() => Client().ResumeAsync([" "]));
    }

    private static (LlmErrorKind, int?, string?, bool) Shape(LlmRequestException ex) => (ex.Kind, ex.StatusCode, ex.ErrorCode, ex.IsTransient);

    private OpenAIBatchClient Client(OpenAICompatibleSettings? settings = null, TimeProvider? time = null)
    {
        settings ??= OpenAITestClients.Settings();
        var transport = TestTransport.Create(_mock, new OpenAIErrorMapper("openai"), time: time);
        return new OpenAIBatchClient(transport, settings, BatchDialect.ForCompatible(new OpenAIChatClient(transport, settings), settings));
    }

    private static LlmBatchJob Job(string id, int count, string endpoint = "/v1/embeddings")
        => new([new LlmBatchJobPart(new LlmBatch(id, LlmBatchStatus.InProgress) { Endpoint = endpoint }, 0, count)]);

    private static string Batch(string id, string status, string? output = null, string? error = null, int? total = null, string endpoint = "/v1/embeddings") =>
        $$"""{"id":"{{id}}","object":"batch","endpoint":"{{endpoint}}","status":"{{status}}","input_file_id":"file-in","completion_window":"24h","output_file_id":{{Q(output)}},"error_file_id":{{Q(error)}},"created_at":1711471533,"expires_at":null,"request_counts":{{(total is int t ? $"{{\"total\":{t},\"completed\":{t},\"failed\":0}}" : "null")}},"metadata":null}""";

    private static string Q(string? value) => value is null ? "null" : $"\"{value}\"";

    private static string Line(string customId, int status, string body) =>
        $$"""{"id":"batch_req_{{customId}}","custom_id":"{{customId}}","response":{"status_code":{{status}},"request_id":"rq-{{customId}}","body":{{body}}},"error":null}""";

    private static HttpResponseMessage Json(string body) => new(HttpStatusCode.OK) { Content = new StringContent(body, Encoding.UTF8, "application/json") };

    // Quirk: DashScope's download has no Content-Type header.
    private static HttpResponseMessage Jsonl(params string[] lines) => new(HttpStatusCode.OK) { Content = new ByteArrayContent(Encoding.UTF8.GetBytes(string.Join('\n', lines))) };

    private sealed class SyncProgress(Action<LlmBatchJob> report) : IProgress<LlmBatchJob>
    {
        public void Report(LlmBatchJob value) => report(value);
    }
}
