using System.Buffers.Text;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using LlmClients.Tests.TestSupport;
using Microsoft.Extensions.Time.Testing;
using LlmClients.Zhipu;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using static LlmClients.Tests.Zhipu.ZhipuTestHost;

namespace LlmClients.Tests.Zhipu;

public sealed class ZhipuJwtTests
{
    private static readonly DateTimeOffset Now = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Create_Key_HeaderHasSignTypeAndPayloadHasMilliseconds()
    {
        var token = ZhipuJwt.Create("my-id.my-secret", Now, TimeSpan.FromSeconds(210));

        var parts = token.Value.Split('.');
        Assert.Equal("""{"alg":"HS256","sign_type":"SIGN"}""", Encoding.UTF8.GetString(Base64Url.DecodeFromChars(parts[0])));
        using var payload = JsonDocument.Parse(Base64Url.DecodeFromChars(parts[1]));
        Assert.Equal("my-id", payload.RootElement.GetProperty("api_key").GetString());
        Assert.Equal(Now.ToUnixTimeMilliseconds(), payload.RootElement.GetProperty("timestamp").GetInt64());
        Assert.Equal(Now.AddSeconds(210).ToUnixTimeMilliseconds(), payload.RootElement.GetProperty("exp").GetInt64());
        Assert.Equal(Now.AddSeconds(210), token.ExpiresAt);
    }

    [Fact]
    public void Create_Key_SignatureIsHmacSha256OfSecret()
    {
        var token = ZhipuJwt.Create("my-id.my-secret", Now, TimeSpan.FromMinutes(3));

        var parts = token.Value.Split('.');
        var expected = HMACSHA256.HashData(Encoding.UTF8.GetBytes("my-secret"), Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]));
        Assert.Equal(Base64Url.EncodeToString(expected), parts[2]);
        Assert.DoesNotContain('=', token.Value);
    }

    [Theory]
    [InlineData("no-secret-here")]
    [InlineData("id.")]
    [InlineData("a.b.c")]
    public void Create_KeyWithoutSecret_ThrowsNamingFixWithoutKey(string key)
    {
        var ex = Assert.Throws<InvalidOperationException>(() => ZhipuJwt.Create(key, Now, TimeSpan.FromMinutes(3)));

        Assert.Contains("{id}.{secret}", ex.Message, StringComparison.Ordinal);
        Assert.Contains("AuthMode to Bearer", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(key, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Startup_JwtModeKeyWithoutDot_FailsValidationWithoutKey()
    {
        using var host = Create(o =>
        {
            o.ApiKey = "plainsecretkey123";
            o.AuthMode = ZhipuAuthMode.Jwt;
        });

        var ex = Assert.Throws<OptionsValidationException>(() => host.Services.GetRequiredService<IOptionsMonitor<ZhipuOptions>>().Get("zhipu"));

        Assert.Contains("{id}.{secret}", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("plainsecretkey123", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetResponseAsync_JwtMode_SendsJwtNotKey()
    {
        using var host = Create(o => o.AuthMode = ZhipuAuthMode.Jwt);
        var captured = host.Expect(HttpMethod.Post, "chat/completions", () => Json(HttpStatusCode.OK, Fixture("chat-response.json")));

        await host.Chat.GetResponseAsync([new ChatMessage(ChatRole.User, "hi")]);

        var expected = ZhipuJwt.Create(Key, host.Time.GetUtcNow(), TimeSpan.FromSeconds(210)).Value;
        Assert.Equal("Bearer " + expected, captured.Authorization);
        Assert.DoesNotContain("test-secret", captured.Authorization, StringComparison.Ordinal);
        Assert.DoesNotContain(host.Logger.Entries, e => e.Message.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public async Task GetTokenAsync_ConcurrentCallers_SignOnce()
    {
        var time = new FakeTimeProvider();
        var provider = new ZhipuTokenProvider(Key, ZhipuAuthMode.Jwt, TimeSpan.FromSeconds(210), time);

        var tokens = await Task.WhenAll(Enumerable.Range(0, 32).Select(_ => Task.Run(() => provider.GetTokenAsync(default).AsTask())));

        // One token for all (the single flight itself is proven in AccessTokenCacheTests, which counts acquisitions).
        Assert.Single(tokens.Distinct());
    }

    [Fact]
    public async Task GetTokenAsync_NearExpiry_RefreshedEarlyOnFakeClock()
    {
        var time = new FakeTimeProvider();
        var provider = new ZhipuTokenProvider(Key, ZhipuAuthMode.Jwt, TimeSpan.FromSeconds(210), time);
        var first = await provider.GetTokenAsync(default);

        time.Advance(TimeSpan.FromSeconds(179));
        Assert.Equal(first, await provider.GetTokenAsync(default));
        time.Advance(TimeSpan.FromSeconds(2));
        var second = await provider.GetTokenAsync(default);

        Assert.NotEqual(first, second);
        Assert.Equal(second, await provider.GetTokenAsync(default));
    }

    [Fact]
    public async Task GetTokenAsync_BearerMode_ReturnsRawKeyWithoutSigning()
    {
        var provider = new ZhipuTokenProvider(Key, ZhipuAuthMode.Bearer, TimeSpan.FromSeconds(210), new FakeTimeProvider());

        Assert.Equal(Key, await provider.GetTokenAsync(default));
    }

    [Fact]
    public async Task JwtMode_EveryEndpointAtTraceLevel_NeitherJwtNorKeyInLogs()
    {
        using var host = Create(o => o.AuthMode = ZhipuAuthMode.Jwt);
        var chat = host.Expect(HttpMethod.Post, "chat/completions", () => Json(HttpStatusCode.OK, Fixture("chat-response.json")));
        host.Expect(HttpMethod.Post, "chat/completions", () => Sse(Fixture("glm4-stream.txt")));
        host.Expect(HttpMethod.Post, "async/chat/completions", () => Json(HttpStatusCode.OK, Fixture("async-submit.json")));
        host.Expect(HttpMethod.Get, "async-result/7593127498661400000", () => Json(HttpStatusCode.OK, Fixture("async-success.json")));
        host.Expect(HttpMethod.Post, "embeddings", () => Json(HttpStatusCode.OK, Fixture("embeddings.json")));
        host.Expect(HttpMethod.Post, "images/generations", () => Json(HttpStatusCode.OK, Fixture("image.json")));
        ChatMessage[] hi = [new(ChatRole.User, "hi")];

        await host.Chat.GetResponseAsync(hi);
        await foreach (var _ in host.Chat.GetStreamingResponseAsync(hi))
        {
        }

        await host.AsyncTasks.GetResponseAsync(hi);
        await host.Embeddings.GenerateAsync(["a", "b"]);
        await host.Images.GenerateAsync("a cat");

        host.Mock.VerifyNoOutstandingExpectation();
        var jwt = chat.Authorization!["Bearer ".Length..];
        Assert.StartsWith(JwtHeaderSegment, jwt, StringComparison.Ordinal);
        var logs = host.Logger.Entries;

        // The logger is at Trace and captures every category, so the checks below mean something: each call was logged
        // (at Debug, by the transport), and nothing logged the headers (the HttpClient factory's own loggers are removed).
        foreach (var path in new[] { "/chat/completions", "/async/chat/completions", "/async-result/", "/embeddings", "/images/generations" })
        {
            Assert.Contains(logs, e => e.Level == LogLevel.Debug && e.Message.Contains(path, StringComparison.Ordinal));
        }

        Assert.DoesNotContain(logs, e => e.Message.Contains("Authorization", StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain(logs, e => e.Message.Contains(JwtHeaderSegment, StringComparison.Ordinal));
        Assert.DoesNotContain(logs, e => e.Message.Contains(jwt.Split('.')[2], StringComparison.Ordinal));
        Assert.DoesNotContain(logs, e => e.Message.Contains("test-secret", StringComparison.Ordinal));
    }

    [Fact]
    public async Task JwtMode_Rejected_NeitherJwtNorKeyInExceptionOrLogs()
    {
        using var host = Create(o =>
        {
            o.AuthMode = ZhipuAuthMode.Jwt;
            o.Resilience.MaxRetries = 2;
        });
        var captured = host.Expect(HttpMethod.Post, "chat/completions", () => Json(HttpStatusCode.Unauthorized, """{"error":{"code":"1003","message":"Authorization Token已过期。"}}"""));

        var ex = await Assert.ThrowsAsync<LlmRequestException>(() => host.Chat.GetResponseAsync([new ChatMessage(ChatRole.User, "hi")]));

        Assert.Equal(LlmErrorKind.Authentication, ex.Kind);
        var jwt = captured.Authorization!["Bearer ".Length..];
        var text = ex.ToString();
        Assert.DoesNotContain(JwtHeaderSegment, text, StringComparison.Ordinal);
        Assert.DoesNotContain(jwt.Split('.')[2], text, StringComparison.Ordinal);
        Assert.DoesNotContain("test-secret", text, StringComparison.Ordinal);
        Assert.DoesNotContain(host.Logger.Entries, e => e.Message.Contains(JwtHeaderSegment, StringComparison.Ordinal));
        Assert.Equal(0, host.UnmatchedRequests); // Authentication errors are not retried.
    }

    // base64url of {"alg":"HS256","sign_type":"SIGN"}: the first segment of every Zhipu JWT.
    private static string JwtHeaderSegment => Base64Url.EncodeToString("""{"alg":"HS256","sign_type":"SIGN"}"""u8);
}
