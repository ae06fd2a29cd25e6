using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using LlmClients.Testing;
using LlmClients.Testing.DashScope;
using LlmClients.Tests.TestSupport;
using static LlmClients.IntegrationTests.Emulator.EmulatorHarness;

namespace LlmClients.IntegrationTests.Emulator;

/// <summary>The emulator's one API: a property per vendor, one fault script honoured alike, delays on its clock, bytes kept.</summary>
public sealed class EmulatorApiTests
{
    public static TheoryData<string> Vendors => ["openai", "dashscope", "dashscope-compatible", "zhipu", "qianfan-v1", "qianfan-v2"];

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task VendorProperties_GiveEachVendorsBaseUris(bool inProcess)
    {
        await using var emulator = await StartAsync(inProcess);
        var root = emulator.BaseUri;

        Assert.Equal(inProcess, emulator.IsInProcess);
        Assert.Equal(new Uri(root, "v1/"), emulator.OpenAI.BaseUri);
        Assert.Equal(new Uri(root, "api/v1/"), emulator.DashScope.BaseUri);
        Assert.Equal(new Uri(root, "compatible-mode/v1/"), emulator.DashScope.CompatibleBaseUri);
        Assert.Equal(new Uri(root, "api/paas/v4/"), emulator.Zhipu.BaseUri);
        Assert.Equal(new Uri(root, "rpc/2.0/ai_custom/v1/wenxinworkshop/"), emulator.Qianfan.BaseUri);
        Assert.Equal(new Uri(root, "v2/"), emulator.Qianfan.V2BaseUri);
        Assert.Equal(root, emulator.Qianfan.OAuthBaseUri);
    }

    [Fact]
    public async Task VendorRequests_AreViewsOfTheOneLog()
    {
        await using var emulator = await StartAsync(inProcess: true);
        using var client = emulator.CreateClient();
        foreach (var vendor in new[] { "openai", "zhipu", "qianfan-v1", "qianfan-v2" })
        {
            using var response = await SendAsync(client, await VendorChatAsync(vendor, client));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        Assert.Equal(5, emulator.Requests.Count);                      // Qianfan v1 exchanged a token first
        Assert.Equal(1, emulator.OpenAI.Requests.Count);
        Assert.Equal(1, emulator.Zhipu.Requests.Count);
        Assert.Equal(0, emulator.DashScope.Requests.Count);
        Assert.Equal(3, emulator.Qianfan.Requests.Count);
        Assert.Equal(1, emulator.Qianfan.Requests.CountMatching("oauth"));
        Assert.All(emulator.Qianfan.Requests.Snapshot(), r => Assert.DoesNotContain("/v1/chat", r.Path, StringComparison.Ordinal));

        emulator.Qianfan.Requests.Clear();

        Assert.Equal(0, emulator.Qianfan.Requests.Count);
        Assert.Equal(2, emulator.Requests.Count);
        Assert.Equal(1, emulator.OpenAI.Requests.Count);
    }

    [Fact]
    public async Task QianfanControls_BelongToTheirEmulator()
    {
        await using var first = await StartAsync(inProcess: true);
        await using var second = await StartAsync(inProcess: true);
        using var client = first.CreateClient();

        first.Qianfan.EnqueueError(18);

        Assert.Equal(1, first.Qianfan.PendingErrorCount);
        Assert.Equal(0, second.Qianfan.PendingErrorCount);
        using var response = await SendAsync(client, await VendorChatAsync("qianfan-v1", client));
        Assert.Equal(18, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("error_code").GetInt32());
        Assert.Equal(1, first.Qianfan.TokenExchangeCount);
        Assert.Equal(0, second.Qianfan.TokenExchangeCount);
        Assert.Equal(0, first.Qianfan.PendingErrorCount);
    }

    [Fact]
    public async Task QianfanExpireAllTokens_NextV1CallGets111()
    {
        await using var emulator = await StartAsync(inProcess: true);
        using var client = emulator.CreateClient();
        var token = await QianfanTokenAsync(client);

        emulator.Qianfan.ExpireAllTokens();

        using var response = await SendAsync(client, Post($"rpc/2.0/ai_custom/v1/wenxinworkshop/chat/completions?access_token={token}", """{"messages":[{"role":"user","content":"x"}]}""", key: null));
        Assert.Equal(111, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("error_code").GetInt32());
    }

    [Fact]
    public async Task ZhipuProcessingPolls_SetsThePollsOfNewTasks()
    {
        await using var emulator = await StartAsync(inProcess: true);
        using var client = emulator.CreateClient();
        emulator.Zhipu.ProcessingPolls = 0;

        using var submitted = await SendAsync(client, Post("api/paas/v4/async/chat/completions", ChatBody("x", model: "glm-4")));
        var id = JsonDocument.Parse(await submitted.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString();
        using var poll = new HttpRequestMessage(HttpMethod.Get, $"api/paas/v4/async-result/{id}");
        poll.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Key);
        using var result = await SendAsync(client, poll);

        Assert.Equal("SUCCESS", JsonDocument.Parse(await result.Content.ReadAsStringAsync()).RootElement.GetProperty("task_status").GetString());
        Assert.Throws<ArgumentOutOfRangeException>(() => emulator.Zhipu.ProcessingPolls = -1);
    }

    [Fact]
    public async Task DashScopeStreamQuirks_GzipAndNoSeparators_ApplyToNativeStreams()
    {
        await using var emulator = await StartAsync(inProcess: true);
        using var client = emulator.CreateClient();
        emulator.DashScope.StreamQuirks = DashScopeStreamQuirks.Gzip | DashScopeStreamQuirks.NoSeparators;

        var request = await VendorChatAsync("dashscope", client);
        request.Headers.Add("X-DashScope-SSE", "enable");
        using var response = await SendAsync(client, request);
        await using var gzip = new System.IO.Compression.GZipStream(await response.Content.ReadAsStreamAsync(), System.IO.Compression.CompressionMode.Decompress);
        var body = await new StreamReader(gzip).ReadToEndAsync();

        Assert.Equal("gzip", Assert.Single(response.Content.Headers.ContentEncoding));
        Assert.Contains("event:result", body, StringComparison.Ordinal);
        Assert.DoesNotContain("\n\n", body, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Vendors))]
    public async Task FaultScript_StatusFault_EveryVendorAnswersItAlike(string vendor)
    {
        await using var emulator = await StartAsync(inProcess: true);
        using var client = emulator.CreateClient();
        var request = await VendorChatAsync(vendor, client);
        emulator.Faults.Enqueue(EmulatorFault.Status(503, TimeSpan.FromSeconds(3)));

        using var failed = await SendAsync(client, request);
        using var next = await SendAsync(client, await VendorChatAsync(vendor, client));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, failed.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(3), failed.Headers.RetryAfter?.Delta);
        Assert.Equal(HttpStatusCode.OK, next.StatusCode);
        Assert.Equal(0, emulator.Faults.Count);
    }

    [Theory]
    [MemberData(nameof(Vendors))]
    public async Task FaultScript_SlowFirstByte_WaitsOnTheEmulatorsClockForEveryVendor(string vendor)
    {
        var clock = new FakeClock();
        await using var emulator = await StartAsync(inProcess: true, new LlmEmulatorOptions { TimeProvider = clock });
        using var client = emulator.CreateClient();
        var request = await VendorChatAsync(vendor, client);
        emulator.Faults.Enqueue(EmulatorFault.SlowFirstByte(TimeSpan.FromHours(1)));

        var sending = SendAsync(client, request);

        using var response = await CompletesOnlyAfterAsync(clock, sending, TimeSpan.FromHours(1));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task FaultScript_IdleStream_PausesOnTheEmulatorsClock(bool stream)
    {
        var clock = new FakeClock();
        await using var emulator = await StartAsync(inProcess: true, new LlmEmulatorOptions { TimeProvider = clock });
        using var client = emulator.CreateClient();
        emulator.Faults.Enqueue(EmulatorFault.IdleStream(afterEvents: 1, TimeSpan.FromMinutes(30)));

        var reading = ReadAllAsync(client, Post("v1/chat/completions", ChatBody("x", stream: stream)));

        var body = await CompletesOnlyAfterAsync(clock, reading, TimeSpan.FromMinutes(30));
        Assert.EndsWith(stream ? "data: [DONE]\n\n" : "}", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FaultScript_IdleStream_DashScopeNativeStreamPausesOnTheEmulatorsClock()
    {
        var clock = new FakeClock();
        await using var emulator = await StartAsync(inProcess: true, new LlmEmulatorOptions { TimeProvider = clock });
        using var client = emulator.CreateClient();
        emulator.Faults.Enqueue(EmulatorFault.IdleStream(afterEvents: 1, TimeSpan.FromMinutes(30)));
        var request = await VendorChatAsync("dashscope", client);
        request.Headers.Add("X-DashScope-SSE", "enable");

        var body = await CompletesOnlyAfterAsync(clock, ReadAllAsync(client, request), TimeSpan.FromMinutes(30));

        Assert.Contains("\"finish_reason\":\"stop\"", body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task FilesUpload_BinaryFile_IsStoredByteForByte(bool inProcess)
    {
        // Not UTF-8: lone continuation bytes, an overlong lead, a NUL and a truncated 4-byte sequence.
        byte[] file = [0xFF, 0xFE, 0x00, 0x80, 0xC3, 0x28, 0xA0, 0xA1, 0xE2, 0x28, 0xA1, 0xF0];
        await using var emulator = await StartAsync(inProcess);
        using var client = emulator.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Key);
        using var form = new MultipartFormDataContent
        {
            { new StringContent("file-extract"), "purpose" },
            { new ByteArrayContent(file), "file", "blob.bin" },
        };

        using var uploaded = await client.PostAsync("compatible-mode/v1/files", form);
        var json = JsonDocument.Parse(await uploaded.Content.ReadAsStringAsync()).RootElement;
        var id = json.GetProperty("id").GetString();
        var stored = await client.GetByteArrayAsync($"compatible-mode/v1/files/{id}/content");

        Assert.Equal(HttpStatusCode.OK, uploaded.StatusCode);
        Assert.Equal(12, json.GetProperty("bytes").GetInt64());
        Assert.Equal(file, stored);
        var logged = emulator.DashScope.Requests.Snapshot()[0].BodyBytes.ToArray();
        Assert.True(logged.AsSpan().IndexOf(file) >= 0, "the request log keeps the exact bytes");
    }

    [Fact]
    public async Task FilesContent_UnknownId_Returns404()
    {
        await using var emulator = await StartAsync(inProcess: true);
        using var client = emulator.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "compatible-mode/v1/files/file-nope/content");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Key);

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    /// <summary>
    /// Proves <paramref name="task"/> waits on <paramref name="clock"/>: once the emulator has armed its delay, the call stays
    /// pending until exactly <paramref name="delay"/> has passed on the fake clock, then completes.
    /// </summary>
    private static async Task<T> CompletesOnlyAfterAsync<T>(FakeClock clock, Task<T> task, TimeSpan delay)
    {
        await Task.WhenAny(task, clock.WaitForTimersAsync(1)).WaitAsync(TimeDriver.HangGuard);
        Assert.False(task.IsCompleted, "completed before the fake clock moved");
        Assert.Equal(delay, clock.NextTimerDueIn);

        clock.Advance(delay - TimeSpan.FromSeconds(1));
        Assert.False(task.IsCompleted, "completed before the delay had passed on the fake clock");
        Assert.Equal(TimeSpan.FromSeconds(1), clock.NextTimerDueIn);

        clock.Advance(TimeSpan.FromSeconds(1));
        return await task.WaitAsync(TimeDriver.HangGuard);
    }

    private static async Task<string> ReadAllAsync(HttpClient client, HttpRequestMessage request)
    {
        using var response = await SendAsync(client, request);
        return await response.Content.ReadAsStringAsync();
    }

    private static async Task<string> QianfanTokenAsync(HttpClient client)
    {
        using var response = await client.PostAsync("oauth/2.0/token?grant_type=client_credentials&client_id=ak&client_secret=sk", null);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("access_token").GetString()!;
    }

    /// <summary>A minimal successful chat request for <paramref name="vendor"/> (Qianfan v1 exchanges a token first).</summary>
    private static async Task<HttpRequestMessage> VendorChatAsync(string vendor, HttpClient client) => vendor switch
    {
        "openai" => Post("v1/chat/completions", ChatBody("x")),
        "dashscope" => Post("api/v1/services/aigc/text-generation/generation", """{"model":"qwen-turbo","input":{"messages":[{"role":"user","content":"x"}]}}"""),
        "dashscope-compatible" => Post("compatible-mode/v1/chat/completions", ChatBody("x", model: "qwen-turbo")),
        "zhipu" => Post("api/paas/v4/chat/completions", ChatBody("x", model: "glm-4")),
        "qianfan-v1" => new HttpRequestMessage(HttpMethod.Post, $"rpc/2.0/ai_custom/v1/wenxinworkshop/chat/completions?access_token={await QianfanTokenAsync(client)}")
        {
            Content = new StringContent("""{"messages":[{"role":"user","content":"x"}]}""", Encoding.UTF8, "application/json"),
        },
        "qianfan-v2" => Post("v2/chat/completions", ChatBody("x", model: "ernie-4.0-8k")),
        _ => throw new ArgumentOutOfRangeException(nameof(vendor), vendor, null),
    };
}
