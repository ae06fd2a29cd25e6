using System.Text;
using LlmClients.Spark;

namespace LlmClients.Tests.Spark;

public sealed class SparkErrorMapperTests
{
    private static readonly SparkErrorMapper Handler = SparkErrorMapper.Instance;

    [Theory]
    [InlineData("""{"code":0,"message":"Success","sid":"s","choices":[]}""")]
    [InlineData("""{"header":{"code":0,"message":"success","sid":"s"},"payload":{}}""")]
    [InlineData("""data is not json""")]
    public void ParseError_SuccessBodiesAt200_AreNotErrors(string body)
    {
        Assert.Null(Handler.ParseError(200, Encoding.UTF8.GetBytes(body)));
    }

    [Fact]
    public void ParseError_GatewayMessageAt403_KeepsTheMessage()
    {
        var error = Handler.ParseError(403, """{"message":"HMAC signature cannot be verified, a valid date or x-date header is required for HMAC Authentication"}"""u8);

        Assert.NotNull(error);
        Assert.Null(error.Code);
        Assert.Contains("valid date", error.Message, StringComparison.Ordinal);
        Assert.Equal(LlmErrorKind.PermissionDenied, Handler.Classify(403, error));
    }

    [Fact]
    public void ParseError_StringCode_IsReadToo()
    {
        var error = Handler.ParseError(200, """{"code":"11203","message":"concurrency","sid":"x"}"""u8);

        Assert.Equal("11203", error?.Code);
        Assert.Equal(LlmErrorKind.RateLimited, Handler.Classify(200, error));
        Assert.True(Handler.IsTransient(200, LlmErrorKind.RateLimited, error));
    }

    [Fact]
    public void IsTransient_UnknownCodeAt503_FollowsTheStatus()
    {
        var error = Handler.ParseError(503, """{"code":12345,"message":"?","sid":"x"}"""u8);

        Assert.Equal(LlmErrorKind.ServerError, Handler.Classify(503, error));
        Assert.True(Handler.IsTransient(503, Handler.Classify(503, error), error));
    }
}
