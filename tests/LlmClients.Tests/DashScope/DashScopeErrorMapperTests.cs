using System.Text;
using LlmClients.DashScope;
using LlmClients.Http;

namespace LlmClients.Tests.DashScope;

public class DashScopeErrorMapperTests
{
    private static LlmRequestException Create(int status, string body)
    {
        var handler = DashScopeErrorMapper.Instance;
        return handler.CreateException(status, handler.ParseError(status, Encoding.UTF8.GetBytes(body)));
    }

    [Theory]
    [InlineData(400, "InvalidParameter", "invalid_request", false)]
    [InlineData(401, "InvalidApiKey", "authentication", false)]
    [InlineData(429, "Throttling", "rate_limited", true)]
    [InlineData(429, "Throttling.RateQuota", "rate_limited", true)]
    [InlineData(429, "Throttling.AllocationQuota", "rate_limited", true)]
    [InlineData(400, "Arrearage", "quota_exhausted", false)]
    [InlineData(403, "AllocationQuota.FreeTierOnly", "quota_exhausted", false)]
    [InlineData(400, "DataInspectionFailed", "content_filtered", false)]
    [InlineData(400, "InvalidParameter.DataInspection", "content_filtered", false)]
    [InlineData(403, "AccessDenied.Unpurchased", "permission_denied", false)]
    [InlineData(500, "InternalError.Algo", "server_error", true)]
    [InlineData(503, "ModelUnavailable", "server_error", true)]
    public void Classify_NativeCodes_MapToKindAndTransience(int status, string code, string kind, bool transient)
    {
        var ex = Create(status, $$"""{"code":"{{code}}","message":"m","request_id":"rid"}""");

        Assert.Equal(kind, ex.Kind.Value);
        Assert.Equal(transient, ex.IsTransient);
        Assert.Equal(code, ex.ErrorCode);
        Assert.Equal("rid", ex.RequestId);
    }

    [Fact]
    public void ParseError_MsgInsteadOfMessage_ReadsMessage()
    {
        var ex = Create(400, """{"code":"InvalidParameter","msg":"from msg"}""");

        Assert.Equal("from msg", ex.VendorMessage);
    }

    [Fact]
    public void ParseError_CompatibleModeEnvelope_ReadsCodeMessageAndRequestId()
    {
        var ex = Create(400, """{"error":{"code":"invalid_parameter_error","param":null,"message":"<400> InternalError.Algo.InvalidParameter: 'messages' must contain the word 'json'","type":"invalid_request_error"},"id":"chatcmpl-b41c","request_id":"b41c1495"}""");

        Assert.Equal("invalid_parameter_error", ex.ErrorCode);
        Assert.Equal("b41c1495", ex.RequestId);
        Assert.Equal(LlmErrorKind.InvalidRequest, ex.Kind);
    }

    [Fact]
    public void Classify_CompatibleLimitRequests_IsTransientRateLimit()
    {
        var ex = Create(429, """{"error":{"message":"You have exceeded your current request limit.","type":"limit_requests","code":"limit_requests"}}""");

        Assert.Equal(LlmErrorKind.RateLimited, ex.Kind);
        Assert.True(ex.IsTransient);
    }

    // Status 200 (an error inside a compatible-mode stream) so only the code decides: these codes are DashScope's own,
    // known here and not by the shared OpenAI-compatible handler.
    [Theory]
    [InlineData("limit_requests", "rate_limited")]
    [InlineData("Arrearage", "quota_exhausted")]
    [InlineData("data_inspection_failed", "content_filtered")]
    [InlineData("IMAGE_URL_UNSAFE", "content_filtered")]
    public void Classify_CompatibleModeCodeInStream_MapsKind(string code, string kind)
    {
        var ex = Create(200, "{\"error\":{\"message\":\"m\",\"type\":\"x\",\"code\":\"" + code + "\"}}");

        Assert.Equal(kind, ex.Kind.Value);
    }

    [Fact]
    public void Classify_InputLengthMessage_IsContextTooLong()
    {
        var ex = Create(400, """{"code":"InvalidParameter","message":"Range of input length should be [1, 30000]"}""");

        Assert.Equal(LlmErrorKind.ContextTooLong, ex.Kind);
    }

    [Theory]
    [InlineData("HTTP_STATUS/400", 400)]
    [InlineData("HTTP_STATUS/429", 429)]
    [InlineData("keep-alive", null)]
    [InlineData(null, null)]
    public void StatusFromComment_ReadsDashScopeStatusComment(string? comment, int? expected)
        => Assert.Equal(expected, DashScopeErrorMapper.StatusFromComment(comment));

    [Fact]
    public void StreamError_NoComment_FallsBackToCodeTable()
    {
        var ex = DashScopeErrorMapper.Instance.StreamError(new SseEvent("error", """{"code":"InvalidApiKey","message":"Invalid API-key provided."}""", null), "hdr");

        Assert.Equal(401, ex.StatusCode);
        Assert.Equal("hdr", ex.RequestId);
        Assert.Equal(LlmErrorKind.Authentication, ex.Kind);
    }
}
