using System.Text;
using LlmClients.HuggingFace;

namespace LlmClients.Tests.HuggingFace;

public sealed class HuggingFaceErrorMapperTests
{
    private static LlmRequestException Error(int status, string body)
    {
        var handler = HuggingFaceErrorMapper.Instance;
        return handler.CreateException(status, handler.ParseError(status, Encoding.UTF8.GetBytes(body)));
    }

    [Fact]
    public void ModelLoading_503WithEstimatedTime_IsTransientWithThatRetryAfter()
    {
        var ex = Error(503, """{"error":"Model tiiuae/falcon-7b-instruct is currently loading","estimated_time":20.5}""");

        Assert.True(ex.IsTransient);
        Assert.Equal(LlmErrorKind.ServerError, ex.Kind);
        Assert.Equal(TimeSpan.FromSeconds(20.5), ex.RetryAfter);
        Assert.Equal("huggingface", ex.Provider);
        Assert.Contains("currently loading", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void EstimatedTime_Absurd_IsIgnoredNotOverflowing()
    {
        var ex = Error(503, """{"error":"loading","estimated_time":1e300}""");

        Assert.Null(ex.RetryAfter);
        Assert.True(ex.IsTransient);
    }

    [Fact]
    public void TeiBatchTooLarge_422Validation_IsInvalidRequestNotTransient()
    {
        var ex = Error(422, """{"error":"batch size 40 > maximum allowed batch size 32","error_type":"Validation"}""");

        Assert.Equal(LlmErrorKind.InvalidRequest, ex.Kind);
        Assert.Equal("Validation", ex.ErrorCode);
        Assert.False(ex.IsTransient);
        Assert.Equal("huggingface 422 Validation: batch size 40 > maximum allowed batch size 32", ex.Message);
    }

    [Fact]
    public void TeiTooManyTokens_IsContextTooLong()
    {
        var ex = Error(422, """{"error":"Input validation error: `inputs` must have less than 512 tokens. Given: 600","error_type":"Validation"}""");

        Assert.Equal(LlmErrorKind.ContextTooLong, ex.Kind);
        Assert.False(ex.IsTransient);
    }

    [Fact]
    public void TeiOverloaded_429_IsRateLimitedAndTransient()
    {
        var ex = Error(429, """{"error":"Model is overloaded","error_type":"Overloaded"}""");

        Assert.Equal(LlmErrorKind.RateLimited, ex.Kind);
        Assert.True(ex.IsTransient);
    }

    [Fact]
    public void TeiBackend_424_IsServerErrorButNotTransient()
    {
        var ex = Error(424, """{"error":"Backend error: model is not an embedding model","error_type":"Backend"}""");

        Assert.Equal(LlmErrorKind.ServerError, ex.Kind);
        Assert.False(ex.IsTransient);
    }

    [Fact]
    public void OpenAICompatibleRoute_MessageCodeType_IsRead()
    {
        var ex = Error(422, """{"message":"batch size 40 > maximum allowed batch size 32","code":422,"type":"Validation"}""");

        Assert.Equal("Validation", ex.ErrorCode);
        Assert.Equal("batch size 40 > maximum allowed batch size 32", ex.VendorMessage);
    }

    [Fact]
    public void ServerlessErrorList_IsJoined()
    {
        var ex = Error(400, """{"error":["Error in `inputs`: field required","Error in `parameters`: bad"]}""");

        Assert.Equal("Error in `inputs`: field required; Error in `parameters`: bad", ex.VendorMessage);
        Assert.Equal(LlmErrorKind.InvalidRequest, ex.Kind);
    }

    [Fact]
    public void PlainText415_TextIsTheMessage()
    {
        var ex = Error(415, "Expected request with `Content-Type: application/json`");

        Assert.Equal("Expected request with `Content-Type: application/json`", ex.VendorMessage);
        Assert.Equal(LlmErrorKind.InvalidRequest, ex.Kind);
    }

    [Fact]
    public void EmptyBody401_IsAuthenticationNotTransient()
    {
        var ex = Error(401, "");

        Assert.Equal(LlmErrorKind.Authentication, ex.Kind);
        Assert.False(ex.IsTransient);
        Assert.Equal("huggingface 401: authentication", ex.Message);
    }

    [Fact]
    public void PaymentRequired_IsQuotaExhaustedNotTransient()
    {
        var ex = Error(402, """{"error":"You have exceeded your monthly included credits for Inference Providers."}""");

        Assert.Equal(LlmErrorKind.QuotaExhausted, ex.Kind);
        Assert.False(ex.IsTransient);
    }

    [Fact]
    public void EchoedToken_IsRedacted()
    {
        var ex = Error(401, """{"error":"Invalid token hf_abcdefghijklmnopqrstuvwx"}""");

        Assert.DoesNotContain("hf_abcdefghijklmnopqrstuvwx", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RequestId_FromAwsTraceHeaderWhenNoXRequestId()
    {
        using var response = new HttpResponseMessage(System.Net.HttpStatusCode.BadRequest);
        response.Headers.Add("X-Amzn-Trace-Id", "Root=1-abc");

        Assert.Equal("Root=1-abc", HuggingFaceErrorMapper.Instance.FindRequestId(response.Headers));
    }
}
