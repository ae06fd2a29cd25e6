using System.IO.Compression;
using System.Net;
using LlmClients.Tests.TestSupport;

namespace LlmClients.Tests.Http;

/// <summary>
/// Every call ends within its budgets, memory stays bounded and nothing is sent to another host, against a misbehaving
/// server on a real loopback socket (our own named client and primary handler, as in production).
/// </summary>
public sealed class HostileServerTests
{
    // Only a guard against a hang: the assertions never depend on how long anything took.
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(60);

    private static async Task Trickle503Async(string head, Stream stream, CancellationToken cancellationToken)
    {
        await RawHttpServer.WriteAsync(stream, "HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json\r\nContent-Length: 10000\r\nConnection: close\r\n\r\n", cancellationToken);
        for (int i = 0; i < 10000; i++)
        {
            await stream.WriteAsync("x"u8.ToArray(), cancellationToken);
            await stream.FlushAsync(cancellationToken);
            await Task.Delay(250, cancellationToken);
        }
    }

    // A first-byte budget short enough to cut a trickle quickly, long enough for loopback headers on a busy machine.
    private static Dictionary<string, string?> RealSocket(RawHttpServer server, string? maxRetries = "0", string firstByteTimeout = "00:00:02") => new()
    {
        ["BaseUrl"] = server.BaseUrl.ToString(),
        ["Resilience:MaxRetries"] = maxRetries,
        ["Resilience:BaseDelay"] = "00:00:00",
        ["Resilience:FirstByteTimeout"] = firstByteTimeout,
    };

    [Fact]
    public async Task GetStreamingResponseAsync_TricklingErrorBody_EndsWithinFirstByteBudgetAsTypedError()
    {
        await using var server = new RawHttpServer(Trickle503Async);
        using var host = FlavourHost.Create("openai", RealSocket(server), primaryHandler: false);

        var ex = await Assert.ThrowsAsync<LlmRequestException>(() => host.StreamAsync().WaitAsync(HangGuard));

        Assert.Equal(503, ex.StatusCode);
        Assert.Equal(LlmErrorKind.ServerError, ex.Kind);
        Assert.True(ex.IsTransient);
        Assert.Contains("FirstByteTimeout", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetResponseAsync_TricklingErrorBody_IsRetriedThenTypedWithinBudgets()
    {
        await using var server = new RawHttpServer(Trickle503Async);
        using var host = FlavourHost.Create("openai", RealSocket(server, maxRetries: "1"), primaryHandler: false);

        var ex = await Assert.ThrowsAsync<LlmRequestException>(() => host.AskAsync().WaitAsync(HangGuard));

        Assert.Equal(503, ex.StatusCode);
        Assert.True(ex.IsTransient);
        Assert.Equal(2, server.Requests);
    }

    [Fact]
    public async Task GetResponseAsync_GzipBomb_FailsAsInvalidResponseUnderTheDefaultCap()
    {
        // 64 concatenated gzip members of 16 MiB of zeros: about 1 MiB on the wire, 1 GiB inflated.
        using var member = new MemoryStream();
        await using (var gzip = new GZipStream(member, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            var zeros = new byte[1024 * 1024];
            for (int i = 0; i < 16; i++)
            {
                await gzip.WriteAsync(zeros);
            }
        }

        var one = member.ToArray();
        await using var server = new RawHttpServer(async (_, stream, ct) =>
        {
            await RawHttpServer.WriteAsync(stream, $"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Encoding: gzip\r\nContent-Length: {one.Length * 64}\r\nConnection: close\r\n\r\n", ct);
            for (int i = 0; i < 64; i++)
            {
                await stream.WriteAsync(one, ct);
            }
        });
        using var host = FlavourHost.Create("openai", new() { ["BaseUrl"] = server.BaseUrl.ToString() }, primaryHandler: false);

        var ex = await Assert.ThrowsAsync<LlmRequestException>(() => host.AskAsync().WaitAsync(HangGuard));

        Assert.Equal(LlmErrorKind.InvalidResponse, ex.Kind);
        Assert.Contains("MaxResponseBytes", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Redirect_IsNotFollowed_AndNamesOnlyTheLocationHost(bool stream)
    {
        await using var elsewhere = new RawHttpServer((_, s, ct) => RawHttpServer.WriteAsync(s, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}", ct));
        await using var server = new RawHttpServer((_, s, ct) => RawHttpServer.WriteAsync(
            s, $"HTTP/1.1 307 Temporary Redirect\r\nLocation: http://localhost:{elsewhere.Port}/steal/path?access_token=leaked-value\r\nContent-Length: 0\r\nConnection: close\r\n\r\n", ct));
        using var host = FlavourHost.Create("openai", RealSocket(server, firstByteTimeout: "00:05:00"), primaryHandler: false);

        var ex = await Assert.ThrowsAsync<LlmRequestException>(() => (stream ? (Task)host.StreamAsync() : host.AskAsync()).WaitAsync(HangGuard));

        Assert.True(ex.StatusCode == 307, ex.ToString());
        Assert.Equal(LlmErrorKind.InvalidRequest, ex.Kind);
        Assert.Contains("'localhost'", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("steal", ex.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("leaked-value", ex.ToString(), StringComparison.Ordinal);
        Assert.Equal(0, elsewhere.Requests);
    }

    [Fact]
    public async Task QianfanTokenExchange_Redirect_IsNotFollowed_CredentialsStayHome()
    {
        await using var elsewhere = new RawHttpServer((_, s, ct) => RawHttpServer.WriteAsync(s, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}", ct));
        await using var server = new RawHttpServer((_, s, ct) => RawHttpServer.WriteAsync(
            s, $"HTTP/1.1 307 Temporary Redirect\r\nLocation: http://localhost:{elsewhere.Port}/oauth/2.0/token?x=1\r\nContent-Length: 0\r\nConnection: close\r\n\r\n", ct));
        using var host = FlavourHost.Create(
            "qianfan",
            new() { ["OAuthBaseUrl"] = $"http://127.0.0.1:{server.Port}/", ["BaseUrl"] = $"http://127.0.0.1:{server.Port}/rpc/", ["ApiKey"] = "ak-value-1234", ["SecretKey"] = "sk-secret-value-1234" },
            primaryHandler: false);

        var ex = await Assert.ThrowsAsync<LlmRequestException>(() => host.AskAsync().WaitAsync(HangGuard));

        Assert.Equal(307, ex.StatusCode);
        Assert.Contains("'localhost'", ex.Message, StringComparison.Ordinal);
        Assert.Equal(0, elsewhere.Requests);
    }

    [Fact]
    public async Task GetResponseAsync_BodyOverMaxResponseBytes_IsInvalidResponse()
    {
        using var host = FlavourHost.Create("openai", new() { ["Resilience:MaxResponseBytes"] = "1000" });
        host.Respond = _ => FlavourHost.Json(HttpStatusCode.OK, "{\"choices\":[{\"message\":{\"content\":\"" + new string('a', 2000) + "\"}}]}");

        var ex = await Assert.ThrowsAsync<LlmRequestException>(() => host.AskAsync());

        Assert.Equal(LlmErrorKind.InvalidResponse, ex.Kind);
    }

    [Theory]
    [InlineData("openai")]
    [InlineData("qianfan")]
    [InlineData("dashscope")]
    public async Task GetStreamingResponseAsync_PlainJsonBodyOverMaxResponseBytes_IsInvalidResponse(string flavour)
    {
        using var host = FlavourHost.Create(flavour, new() { ["Resilience:MaxResponseBytes"] = "1000" });
        host.Respond = _ => FlavourHost.Json(HttpStatusCode.OK, "{\"x\":\"" + new string('a', 2000) + "\"}");

        var ex = await Assert.ThrowsAsync<LlmRequestException>(() => host.StreamAsync());

        Assert.Equal(LlmErrorKind.InvalidResponse, ex.Kind);
        Assert.Contains("MaxResponseBytes", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetResponseAsync_ErrorBodyOverMaxErrorBodyBytes_IsTypedByStatus()
    {
        using var host = FlavourHost.Create("zhipu", new() { ["Resilience:MaxErrorBodyBytes"] = "1000" });
        host.Respond = _ => FlavourHost.Json(HttpStatusCode.InternalServerError, "{\"error\":{\"code\":\"500\",\"message\":\"" + new string('a', 5000) + "\"}}");

        var ex = await Assert.ThrowsAsync<LlmRequestException>(() => host.AskAsync());

        Assert.Equal(LlmErrorKind.ServerError, ex.Kind);
        Assert.Equal(500, ex.StatusCode);
        Assert.Contains("MaxErrorBodyBytes", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(10, true)]
    [InlineData(11, false)]
    public async Task PooledBody_ReadsUpToTheCapExactly(int length, bool read)
    {
        using var content = new ByteArrayContent(new byte[length]);
        content.Headers.ContentLength = null;

        using var body = await LlmClients.Http.PooledBody.ReadAsync(content, 10, CancellationToken.None);

        Assert.Equal(read, body is not null);
    }
}
