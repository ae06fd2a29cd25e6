using System.Text;
using LlmClients.OpenAICompatible;

namespace LlmClients.Tests.OpenAICompatible;

public sealed class OpenAIErrorMapperTests
{
    // Status 200 (an error inside a stream) so only the code and type decide, not the HTTP status.
    [Theory]
    [InlineData("insufficient_quota", "quota_exhausted")]
    [InlineData("invalid_api_key", "authentication")]
    [InlineData("context_length_exceeded", "context_too_long")]
    [InlineData("content_filter", "content_filtered")]
    [InlineData("rate_limit_exceeded", "rate_limited")]
    [InlineData("model_not_found", "not_found")]
    public void Classify_OpenAICode_MapsKind(string code, string kind)
    {
        var handler = new OpenAIErrorMapper("openai");

        var ex = handler.CreateException(200, handler.ParseError(200, Encoding.UTF8.GetBytes("{\"error\":{\"code\":\"" + code + "\",\"message\":\"m\"}}")));

        Assert.Equal(kind, ex.Kind.Value);
    }

    // The shared layer knows no vendor's codes: DashScope's and Qianfan's live with their handlers.
    [Theory]
    [InlineData("Arrearage")]
    [InlineData("data_inspection_failed")]
    [InlineData("limit_requests")]
    [InlineData("invalid_iam_token")]
    [InlineData("rpm_rate_limit_exceeded")]
    public void Classify_VendorCode_IsNotKnown(string code)
    {
        var handler = new OpenAIErrorMapper("openai");

        var ex = handler.CreateException(200, handler.ParseError(200, Encoding.UTF8.GetBytes("{\"error\":{\"code\":\"" + code + "\",\"message\":\"m\"}}")));

        Assert.Equal("unknown", ex.Kind.Value);
    }
}
