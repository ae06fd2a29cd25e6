using System.Net;
using LlmClients.Tests.Contract;
using LlmClients.Tests.TestSupport;

namespace LlmClients.Tests.Http;

/// <summary>
/// A success is only reported for a real answer, and any error body, however broken, gives one typed
/// <see cref="LlmRequestException"/> with the right kind: every flavour, through AddLlmProviders.
/// </summary>
public sealed class ErrorBodyHardeningTests
{
    public static TheoryData<string> AllFlavours => [.. ContractHarness.Flavours.Keys];

    public static TheoryData<string> OpenAIStyleFlavours => ["openai", "deepseek", "dashscope-compatible", "zhipu", "qianfan-v2"];

    private const string VllmFlatError = """{"object":"error","code":404,"message":"The model `x` does not exist.","type":"NotFoundError","param":null}""";

    private const string NestedError = """{"error":{"message":"x","code":"bad"}}""";

    private const string DashScopeNativeError = """{"code":"InvalidParameter","message":"x"}""";

    public static TheoryData<string, string> ErrorBodiesAt200
    {
        get
        {
            var data = new TheoryData<string, string>();
            foreach (var flavour in ContractHarness.Flavours.Keys)
            {
                data.Add(flavour, VllmFlatError);
                data.Add(flavour, NestedError);
                data.Add(flavour, DashScopeNativeError);
                data.Add(flavour, """{"error_code":336003,"error_msg":"x","id":"as-1"}""");
            }

            return data;
        }
    }

    public static TheoryData<string, string, int> BrokenErrorBodies
    {
        get
        {
            var data = new TheoryData<string, string, int>();
            string[] bodies = [" ", "", "\r\n\t ", "not json", "<html>Bad Gateway</html>", "{\"error\":", "{\"error\":{\"message\":\"trunc", "null", "[]", "{\"error\":\"x\"}", "{\"error\":null}", "{\"code\":{}}", "{\"code\":[1]}", "{\"error\":{\"message\":5}}"];
            foreach (var flavour in ContractHarness.Flavours.Keys)
            {
                foreach (var body in bodies)
                {
                    data.Add(flavour, body, 500);
                    data.Add(flavour, body, 400);
                }
            }

            return data;
        }
    }

    [Theory]
    [MemberData(nameof(ErrorBodiesAt200))]
    public async Task GetResponseAsync_ErrorEnvelopeAtHttp200_ThrowsTypedErrorNotEmptySuccess(string flavour, string body)
    {
        using var host = FlavourHost.Create(flavour);
        host.Respond = _ => FlavourHost.Json(HttpStatusCode.OK, body);

        // Whatever the flavour makes of a foreign envelope, it is an error, never an empty answer.
        var ex = await Assert.ThrowsAsync<LlmRequestException>(() => host.AskAsync());

        Assert.NotEqual(LlmErrorKind.Timeout, ex.Kind);
    }

    [Theory]
    [MemberData(nameof(OpenAIStyleFlavours))]
    public async Task GetResponseAsync_VllmFlatErrorAt200_IsNotFoundWithTheBodyStatus(string flavour)
    {
        using var host = FlavourHost.Create(flavour);
        host.Respond = _ => FlavourHost.Json(HttpStatusCode.OK, VllmFlatError);

        var ex = await Assert.ThrowsAsync<LlmRequestException>(() => host.AskAsync());

        Assert.Equal(LlmErrorKind.NotFound, ex.Kind);
        Assert.Equal(404, ex.StatusCode);
        Assert.Equal("The model `x` does not exist.", ex.VendorMessage);
        Assert.False(ex.IsTransient);
    }

    [Theory]
    [MemberData(nameof(OpenAIStyleFlavours))]
    public async Task GetResponseAsync_GatewayErrorAt200WithStatusInBody_IsTransientServerError(string flavour)
    {
        using var host = FlavourHost.Create(flavour);
        host.Respond = _ => FlavourHost.Json(HttpStatusCode.OK, """{"error":{"code":502,"message":"upstream failed"}}""");

        var ex = await Assert.ThrowsAsync<LlmRequestException>(() => host.AskAsync());

        Assert.Equal(LlmErrorKind.ServerError, ex.Kind);
        Assert.Equal(502, ex.StatusCode);
        Assert.True(ex.IsTransient);
    }

    [Theory]
    [MemberData(nameof(OpenAIStyleFlavours))]
    public async Task GetResponseAsync_NestedErrorAt200_KeepsVendorCodeAndMessage(string flavour)
    {
        using var host = FlavourHost.Create(flavour);
        host.Respond = _ => FlavourHost.Json(HttpStatusCode.OK, NestedError);

        var ex = await Assert.ThrowsAsync<LlmRequestException>(() => host.AskAsync());

        Assert.Equal("bad", ex.ErrorCode);
        Assert.Equal("x", ex.VendorMessage);
    }

    [Fact]
    public async Task GetResponseAsync_DashScopeNativeErrorAt200_IsInvalidRequest()
    {
        using var host = FlavourHost.Create("dashscope");
        host.Respond = _ => FlavourHost.Json(HttpStatusCode.OK, DashScopeNativeError);

        var ex = await Assert.ThrowsAsync<LlmRequestException>(() => host.AskAsync());

        Assert.Equal(LlmErrorKind.InvalidRequest, ex.Kind);
        Assert.Equal("InvalidParameter", ex.ErrorCode);
        Assert.Equal("x", ex.VendorMessage);
    }

    [Theory]
    [MemberData(nameof(AllFlavours))]
    public async Task GetResponseAsync_ValidJsonOfTheWrongShape_IsInvalidResponse(string flavour)
    {
        using var host = FlavourHost.Create(flavour);
        host.Respond = _ => FlavourHost.Json(HttpStatusCode.OK, """{"unexpected":true}""");

        var ex = await Assert.ThrowsAsync<LlmRequestException>(() => host.AskAsync());

        Assert.Equal(LlmErrorKind.InvalidResponse, ex.Kind);
        Assert.False(ex.IsTransient);
    }

    [Theory]
    [MemberData(nameof(AllFlavours))]
    public async Task GenerateAsync_ValidJsonOfTheWrongShape_IsInvalidResponse(string flavour)
    {
        using var host = FlavourHost.Create(flavour);
        host.Respond = _ => FlavourHost.Json(HttpStatusCode.OK, """{"unexpected":true}""");

        var ex = await Assert.ThrowsAsync<LlmRequestException>(() => host.Embeddings.GenerateAsync(["a"], new EmbeddingGenerationOptions { ModelId = flavour == "qianfan" ? "Embedding-V1" : "m" }));

        Assert.Equal(LlmErrorKind.InvalidResponse, ex.Kind);
    }

    [Theory]
    [MemberData(nameof(BrokenErrorBodies))]
    public async Task GetResponseAsync_BrokenErrorBody_IsTypedByStatusAndRetriedWhenTransient(string flavour, string body, int status)
    {
        using var host = FlavourHost.Create(flavour, new() { ["Resilience:MaxRetries"] = "1", ["Resilience:BaseDelay"] = "00:00:00", ["Resilience:MaxDelay"] = "00:00:00" });
        host.Respond = _ => FlavourHost.Json((HttpStatusCode)status, body);

        var ex = await Assert.ThrowsAsync<LlmRequestException>(() => host.AskAsync());

        Assert.Equal(status, ex.StatusCode);
        Assert.Equal(status == 500 ? LlmErrorKind.ServerError : LlmErrorKind.InvalidRequest, ex.Kind);
        Assert.Equal(status == 500, ex.IsTransient);
        Assert.Equal(status == 500 ? 2 : 1, host.Calls.Count);
    }

    [Theory]
    [MemberData(nameof(BrokenErrorBodies))]
    public async Task GetStreamingResponseAsync_BrokenErrorBody_IsTypedByStatus(string flavour, string body, int status)
    {
        using var host = FlavourHost.Create(flavour);
        host.Respond = _ => FlavourHost.Json((HttpStatusCode)status, body);

        var ex = await Assert.ThrowsAsync<LlmRequestException>(() => host.StreamAsync());

        Assert.Equal(status, ex.StatusCode);
        Assert.Equal(status == 500, ex.IsTransient);
    }

    [Theory]
    [MemberData(nameof(OpenAIStyleFlavours))]
    public async Task GetResponseAsync_LlamaCppContextOverflowAt400_IsContextTooLong(string flavour)
    {
        using var host = FlavourHost.Create(flavour);
        host.Respond = _ => FlavourHost.Json(
            HttpStatusCode.BadRequest,
            """{"error":{"code":400,"message":"the request exceeds the available context size, try increasing it","type":"exceed_context_size_error","n_prompt_tokens":5000,"n_ctx":4096}}""");

        var ex = await Assert.ThrowsAsync<LlmRequestException>(() => host.AskAsync());

        Assert.Equal(LlmErrorKind.ContextTooLong, ex.Kind);
        Assert.Equal(400, ex.StatusCode);
    }

    [Theory]
    [MemberData(nameof(OpenAIStyleFlavours))]
    public async Task GetResponseAsync_ContextOverflowAt500_IsContextTooLongAndNotRetried(string flavour)
    {
        using var host = FlavourHost.Create(flavour, new() { ["Resilience:MaxRetries"] = "2", ["Resilience:BaseDelay"] = "00:00:00" });
        host.Respond = _ => FlavourHost.Json(HttpStatusCode.InternalServerError, """{"error":{"code":500,"message":"Context size has been exceeded.","type":"server_error"}}""");

        var ex = await Assert.ThrowsAsync<LlmRequestException>(() => host.AskAsync());

        Assert.Equal(LlmErrorKind.ContextTooLong, ex.Kind);
        Assert.False(ex.IsTransient);
        Assert.Single(host.Calls);
    }

    [Theory]
    [MemberData(nameof(OpenAIStyleFlavours))]
    public async Task GetResponseAsync_ContextOverflowInBodyOfA200_IsContextTooLong(string flavour)
    {
        using var host = FlavourHost.Create(flavour);
        host.Respond = _ => FlavourHost.Json(HttpStatusCode.OK, """{"error":{"code":400,"message":"the request exceeds the available context size","type":"exceed_context_size_error"}}""");

        var ex = await Assert.ThrowsAsync<LlmRequestException>(() => host.AskAsync());

        Assert.Equal(LlmErrorKind.ContextTooLong, ex.Kind);
        Assert.Equal(400, ex.StatusCode);
    }

    [Fact]
    public async Task GetResponseAsync_LeadingBlankLinesBeforeJson_AreSkipped()
    {
        using var host = FlavourHost.Create("deepseek");
        host.Respond = _ => FlavourHost.Json(HttpStatusCode.OK, "\n\n\n" + ContractHarness.Reply("deepseek", "hello"));

        var response = await host.AskAsync();

        Assert.Equal("hello", response.Text);
    }

    [Fact]
    public async Task QianfanV2_RequestId_IsReadFromXBaiduRequestId()
    {
        using var host = FlavourHost.Create("qianfan-v2");
        host.Respond = _ =>
        {
            var ok = FlavourHost.Json(HttpStatusCode.OK, ContractHarness.Reply("qianfan-v2", "hi").Replace("\"id\":\"chatcmpl-1\",", string.Empty, StringComparison.Ordinal));
            ok.Headers.Add("X-Baidu-Request-Id", "baidu-req-1");
            return ok;
        };

        var response = await host.AskAsync();
        Assert.Equal("baidu-req-1", response.GetRequestId());

        host.Respond = _ =>
        {
            var error = FlavourHost.Json(HttpStatusCode.BadRequest, """{"error":{"code":"invalid_argument","message":"bad"}}""");
            error.Headers.Add("X-Baidu-Request-Id", "baidu-req-2");
            return error;
        };
        var ex = await Assert.ThrowsAsync<LlmRequestException>(() => host.AskAsync());
        Assert.Equal("baidu-req-2", ex.RequestId);
    }

    [Fact]
    public async Task QianfanTokenExchange_Refused_KeepsErrorDescriptionAsVendorMessageAndAdviceInMessage()
    {
        using var host = FlavourHost.Create("qianfan");
        host.RespondToken = _ => FlavourHost.Json(HttpStatusCode.Unauthorized, """{"error_description":"unknown client id","error":"invalid_client"}""");

        var ex = await Assert.ThrowsAsync<LlmRequestException>(() => host.AskAsync());

        Assert.Equal(LlmErrorKind.Authentication, ex.Kind);
        Assert.Equal("invalid_client", ex.ErrorCode);
        Assert.Equal("unknown client id", ex.VendorMessage);
        Assert.Contains("unknown client id", ex.Message, StringComparison.Ordinal);
        Assert.Contains("'LlmProviders:qianfan:ApiKey'", ex.Message, StringComparison.Ordinal);
    }
}
