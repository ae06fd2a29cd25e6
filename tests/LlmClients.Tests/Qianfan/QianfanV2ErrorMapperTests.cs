using System.Text;
using LlmClients.Qianfan;

namespace LlmClients.Tests.Qianfan;

public sealed class QianfanV2ErrorMapperTests
{
    // Status 200 (an error inside a stream) so only the code decides, not the HTTP status.
    [Theory]
    [InlineData("invalid_iam_token", "authentication", false)]
    [InlineData("tokens_too_long", "context_too_long", false)]
    [InlineData("characters_too_long", "context_too_long", false)]
    [InlineData("unsafe_request", "content_filtered", false)]
    [InlineData("rpm_rate_limit_exceeded", "rate_limited", true)]
    [InlineData("tpm_rate_limit_exceeded", "rate_limited", true)]
    [InlineData("invalid_api_key", "authentication", false)]
    public void CreateException_QianfanV2Code_MapsKindAndTransience(string code, string kind, bool transient)
    {
        var handler = QianfanV2ErrorMapper.Instance;

        var ex = handler.CreateException(200, handler.ParseError(200, Encoding.UTF8.GetBytes("{\"error\":{\"code\":\"" + code + "\",\"message\":\"m\"}}")));

        Assert.Equal(code, ex.ErrorCode);
        Assert.Equal(kind, ex.Kind.Value);
        Assert.Equal(transient, ex.IsTransient);
        Assert.Equal("qianfan", ex.Provider);
    }
}
