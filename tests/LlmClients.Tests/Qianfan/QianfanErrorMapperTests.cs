using System.Text;
using LlmClients.Qianfan;
using static LlmClients.Tests.Qianfan.QianfanTestHost;

namespace LlmClients.Tests.Qianfan;

public sealed class QianfanErrorMapperTests
{
    private readonly QianfanErrorMapper _errors = new();

    [Fact]
    public void ParseError_VerbatimBody_ReadsCodeMessageAndId()
    {
        var error = _errors.ParseError(200, Encoding.UTF8.GetBytes(Fixture("error-336003.json")));

        Assert.NotNull(error);
        Assert.Equal("336003", error.Code);
        Assert.Equal("message content can not be empty", error.Message);
        Assert.Equal("as-ig62ngucpj", error.RequestId);
    }

    [Fact]
    public void ParseError_SuccessBody_IsNotAnError()
        => Assert.Null(_errors.ParseError(200, Encoding.UTF8.GetBytes(Fixture("chat-normal.json"))));

    [Fact]
    public void ErrorsInSuccessBodies_IsOn() => Assert.True(_errors.ErrorsInSuccessBodies);

    [Theory]
    [InlineData("2", "server_error", true)]
    [InlineData("15", "server_error", true)]
    [InlineData("18", "rate_limited", true)]
    [InlineData("336100", "server_error", true)]
    [InlineData("336501", "rate_limited", true)]
    [InlineData("336502", "rate_limited", true)]
    [InlineData("4", "rate_limited", false)]
    [InlineData("17", "quota_exhausted", false)]
    [InlineData("110", "authentication", false)]
    [InlineData("111", "authentication", false)]
    [InlineData("336003", "invalid_request", false)]
    [InlineData("336007", "context_too_long", false)]
    [InlineData("336103", "context_too_long", false)]
    [InlineData("3", "not_found", false)]
    public void ClassifyAndIsTransient_Codes_FollowTheReference(string code, string kind, bool transient)
    {
        var error = new LlmClients.Http.VendorError(code, "m");
        var classified = _errors.Classify(200, error);

        Assert.Equal(kind, classified.Value);
        Assert.Equal(transient, _errors.IsTransient(200, classified, error));
    }

    [Theory]
    [InlineData(503, "336000", true)]
    [InlineData(500, "1", true)]
    [InlineData(200, "336000", false)]
    [InlineData(429, "17", false)]
    [InlineData(503, "336003", false)]
    public void IsTransient_ServerErrorCodeAtHttp5xx_FollowsTheStatus(int status, string code, bool transient)
    {
        // Found by the conformance suite: an HTTP 503 whose body said 336000 (internal error) was not retried.
        var error = new LlmClients.Http.VendorError(code, "m");

        Assert.Equal(transient, _errors.IsTransient(status, _errors.Classify(status, error), error));
    }

    [Fact]
    public void CreateException_RequestIdFromBaiduHeader_WhenBodyHasNone()
    {
        using var response = new HttpResponseMessage();
        response.Headers.Add("X-Baidu-Request-Id", "baidu-req-1");

        var ex = _errors.CreateException(200, _errors.ParseError(200, Encoding.UTF8.GetBytes(Fixture("error-18.json"))), response.Headers);

        Assert.Equal("baidu-req-1", ex.RequestId);
        Assert.True(ex.IsTransient);
    }
}
