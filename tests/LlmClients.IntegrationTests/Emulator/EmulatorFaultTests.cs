using System.Net;
using System.Text.Json;
using LlmClients.Testing;
using static LlmClients.IntegrationTests.Emulator.EmulatorHarness;

namespace LlmClients.IntegrationTests.Emulator;

public class EmulatorFaultTests
{
    private const string Chat = "v1/chat/completions";

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task StatusFault_ReturnsStatusRetryAfterAndErrorBody(bool inProcess)
    {
        await using var emulator = await StartAsync(inProcess);
        using var client = emulator.CreateClient();
        emulator.Faults.Enqueue(EmulatorFault.Status(429, TimeSpan.FromSeconds(2)), "chat");

        using var response = await SendAsync(client, Post(Chat, ChatBody("x")));

        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(2), response.Headers.RetryAfter?.Delta);
        Assert.True(response.Headers.Contains("x-request-id"));
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("rate_limit_exceeded", doc.RootElement.GetProperty("error").GetProperty("code").GetString());
        Assert.Equal(0, emulator.Faults.Count);
    }

    [Fact]
    public async Task StatusFault_CustomBody_IsSentVerbatim()
    {
        await using var emulator = await StartAsync(inProcess: true);
        using var client = emulator.CreateClient();
        emulator.Faults.Enqueue(EmulatorFault.Status(429, body: """{"error":{"message":"quota","type":"insufficient_quota","param":null,"code":"insufficient_quota"}}"""));

        using var response = await SendAsync(client, Post(Chat, ChatBody("x")));

        Assert.Contains("insufficient_quota", await response.Content.ReadAsStringAsync());
        Assert.Null(response.Headers.RetryAfter);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task FailTimes_FailsNTimesThenSucceeds(bool inProcess)
    {
        await using var emulator = await StartAsync(inProcess);
        using var client = emulator.CreateClient();
        emulator.Faults.Enqueue(EmulatorFault.FailTimes(2), "chat/completions");

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            using var response = await SendAsync(client, Post(Chat, ChatBody("x")));
            statuses.Add(response.StatusCode);
        }

        Assert.Equal([HttpStatusCode.ServiceUnavailable, HttpStatusCode.ServiceUnavailable, HttpStatusCode.OK], statuses);
        Assert.Equal(3, emulator.RequestCount("chat/completions"));
    }

    [Fact]
    public async Task Script_PathFilter_SkipsOtherPaths()
    {
        await using var emulator = await StartAsync(inProcess: true);
        using var client = emulator.CreateClient();
        emulator.Faults.Enqueue(EmulatorFault.Status(500), "embeddings");

        using var chat = await SendAsync(client, Post(Chat, ChatBody("x")));
        using var embeddings = await SendAsync(client, Post("v1/embeddings", """{"model":"m","input":"x"}"""));

        Assert.Equal(HttpStatusCode.OK, chat.StatusCode);
        Assert.Equal(HttpStatusCode.InternalServerError, embeddings.StatusCode);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ResetBeforeHeaders_ThrowsHttpRequestException(bool inProcess)
    {
        await using var emulator = await StartAsync(inProcess);
        using var client = emulator.CreateClient();
        emulator.Faults.Enqueue(EmulatorFault.ResetBeforeHeaders());

        await Assert.ThrowsAnyAsync<HttpRequestException>(() => SendAsync(client, Post(Chat, ChatBody("x"))));

        using var next = await SendAsync(client, Post(Chat, ChatBody("x")));
        Assert.Equal(HttpStatusCode.OK, next.StatusCode);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ErrorMidStream_SendsErrorFrameAfterNEventsAndNoDone(bool inProcess)
    {
        await using var emulator = await StartAsync(inProcess);
        using var client = emulator.CreateClient();
        emulator.Faults.Enqueue(EmulatorFault.ErrorMidStream(afterEvents: 2));

        using var response = await SendAsync(client, Post(Chat, ChatBody("stream", stream: true)));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var frames = await ReadFramesAsync(response);
        Assert.Equal(3, frames.Count);
        var error = JsonDocument.Parse(frames[2]).RootElement.GetProperty("error");
        Assert.Equal("emulated mid-stream failure", error.GetProperty("message").GetString());
        Assert.Equal("server_error", error.GetProperty("code").GetString());
        Assert.DoesNotContain("[DONE]", frames);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ResetMidStream_ReadingTheBodyThrows(bool inProcess)
    {
        await using var emulator = await StartAsync(inProcess);
        using var client = emulator.CreateClient();
        emulator.Faults.Enqueue(EmulatorFault.ResetMidStream(afterEvents: 2));

        using var response = await SendAsync(client, Post(Chat, ChatBody("stream", stream: true)));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());

        var first = await reader.ReadLineAsync();
        Assert.StartsWith("data: ", first);
        await Assert.ThrowsAnyAsync<IOException>(() => reader.ReadToEndAsync());
    }

    // SlowFirstByte and IdleStream run on the emulator's clock: see EmulatorApiTests (FakeTimeProvider, no real waits).

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task MalformedJson_NonStream_BodyDoesNotParse(bool inProcess)
    {
        await using var emulator = await StartAsync(inProcess);
        using var client = emulator.CreateClient();
        emulator.Faults.Enqueue(EmulatorFault.MalformedJson());

        using var response = await SendAsync(client, Post(Chat, ChatBody("x")));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.StartsWith("{", body);
        Assert.ThrowsAny<JsonException>(() => JsonDocument.Parse(body));
    }

    [Fact]
    public async Task MalformedJson_Stream_FirstFrameDoesNotParse()
    {
        await using var emulator = await StartAsync(inProcess: true);
        using var client = emulator.CreateClient();
        emulator.Faults.Enqueue(EmulatorFault.MalformedJson());

        using var response = await SendAsync(client, Post(Chat, ChatBody("x", stream: true)));

        var frames = await ReadFramesAsync(response);
        Assert.ThrowsAny<JsonException>(() => JsonDocument.Parse(frames[0]));
        JsonDocument.Parse(frames[1]).Dispose();
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task FaultHeader_AppliesToThatRequestOnly(bool inProcess)
    {
        await using var emulator = await StartAsync(inProcess);
        using var client = emulator.CreateClient();

        using var faulted = await SendAsync(client, Post(Chat, ChatBody("x"), fault: "status=503;retry-after=1"));
        using var normal = await SendAsync(client, Post(Chat, ChatBody("x")));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, faulted.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(1), faulted.Headers.RetryAfter?.Delta);
        Assert.Equal(HttpStatusCode.OK, normal.StatusCode);
    }

    [Fact]
    public async Task FaultHeader_MidStreamSpec_SendsErrorFrame()
    {
        await using var emulator = await StartAsync(inProcess: false);
        using var client = emulator.CreateClient();

        using var response = await SendAsync(client, Post(Chat, ChatBody("x", stream: true), fault: "error-mid-stream;after=1"));

        var frames = await ReadFramesAsync(response);
        Assert.Equal(2, frames.Count);
        Assert.Contains("\"error\"", frames[1]);
    }

    [Fact]
    public async Task FaultHeader_InvalidSpec_Returns400()
    {
        await using var emulator = await StartAsync(inProcess: true);
        using var client = emulator.CreateClient();

        using var response = await SendAsync(client, Post(Chat, ChatBody("x"), fault: "explode"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Theory]
    [InlineData("status=429;retry-after=2", EmulatorFaultKind.Status)]
    [InlineData("reset-before-headers", EmulatorFaultKind.ResetBeforeHeaders)]
    [InlineData("error-mid-stream;after=2", EmulatorFaultKind.ErrorMidStream)]
    [InlineData("reset-mid-stream;after=2", EmulatorFaultKind.ResetMidStream)]
    [InlineData("slow-first-byte;ms=500", EmulatorFaultKind.SlowFirstByte)]
    [InlineData("idle-stream;after=1;ms=3000", EmulatorFaultKind.IdleStream)]
    [InlineData("malformed-json", EmulatorFaultKind.MalformedJson)]
    public void Parse_ValidSpec_RoundTripsThroughToString(string spec, EmulatorFaultKind kind)
    {
        var fault = EmulatorFault.Parse(spec);

        Assert.Equal(kind, fault.Kind);
        var again = EmulatorFault.Parse(fault.ToString());
        Assert.Equal((again.Kind, again.StatusCode, again.RetryAfter, again.AfterEvents, again.Delay), (fault.Kind, fault.StatusCode, fault.RetryAfter, fault.AfterEvents, fault.Delay));
    }

    [Theory]
    [InlineData("")]
    [InlineData("status=200")]
    [InlineData("status=abc")]
    [InlineData("slow-first-byte")]
    [InlineData("reset-mid-stream;after=-1")]
    [InlineData("malformed-json;bogus=1")]
    public void Parse_InvalidSpec_Throws(string spec)
    {
        Assert.Throws<FormatException>(() => EmulatorFault.Parse(spec));
    }
}
