using System.Text;
using LlmClients.Spark;

namespace LlmClients.Tests.Spark;

public sealed class SparkSignerTests
{
    private const string VectorHost = "spark-api.xf-yun.com";
    private const string VectorDate = "Fri, 05 May 2023 10:43:39 GMT";
    private const string VectorSecret = "MjlmNzkzNmZkMDQ2OTc0ZDdmNGE2ZTZi";

    [Fact]
    public void Signature_ReferenceTestVector_MatchesDigest()
    {
        // iFlytek's 通用鉴权URL生成说明 example: host, date and GET /v1.1/chat signed with its APISecret. The doc prints the raw
        // digest starting b'\xcf\x98\x07v\xed\xe9\xc5Ux\x0032\x93\x8e\xbb'; its Base64 is below.
        var signature = SparkSigner.Signature(VectorSecret, VectorHost, VectorDate, "GET", "/v1.1/chat");

        Assert.Equal("z5gHdu3pxVV4ADMyk467wOWDQ9q6BQzR3nfMTjc/DaQ=", signature);
        Assert.Equal(new byte[] { 0xcf, 0x98, 0x07, (byte)'v', 0xed, 0xe9, 0xc5, (byte)'U', (byte)'x', 0x00, (byte)'3', (byte)'2', 0x93, 0x8e, 0xbb }, Convert.FromBase64String(signature)[..15]);
    }

    [Fact]
    public void FormatDate_Utc_IsRfc1123WithGmt()
    {
        Assert.Equal(VectorDate, SparkSigner.FormatDate(new DateTimeOffset(2023, 5, 5, 18, 43, 39, TimeSpan.FromHours(8))));
    }

    [Fact]
    public void Authorization_IsBase64OfTheOfficialFieldList()
    {
        var authorization = SparkSigner.Authorization("my-key", "c2ln");

        Assert.Equal("api_key=\"my-key\", algorithm=\"hmac-sha256\", headers=\"host date request-line\", signature=\"c2ln\"", Encoding.UTF8.GetString(Convert.FromBase64String(authorization)));
    }

    [Fact]
    public void SignUrl_EmbeddingEndpoint_SignsPostSlashAndEncodesEveryParameter()
    {
        var now = new DateTimeOffset(2023, 5, 5, 10, 43, 39, TimeSpan.Zero);

        var url = SparkSigner.SignUrl(new Uri("https://emb-cn-huabei-1.xf-yun.com/"), "POST", "my-key", VectorSecret, now);

        var query = System.Web.HttpUtility.ParseQueryString(url.Query);
        Assert.Equal("https://emb-cn-huabei-1.xf-yun.com/", url.GetLeftPart(UriPartial.Path));
        Assert.Equal(VectorDate, query["date"]);
        Assert.Equal("emb-cn-huabei-1.xf-yun.com", query["host"]);
        var expected = SparkSigner.Authorization("my-key", SparkSigner.Signature(VectorSecret, "emb-cn-huabei-1.xf-yun.com", VectorDate, "POST", "/"));
        Assert.Equal(expected, query["authorization"]);
        Assert.DoesNotContain(' ', url.Query); // The date's spaces and the Base64's '+', '/', '=' are escaped.
        Assert.DoesNotContain("+", url.Query, StringComparison.Ordinal);
        Assert.DoesNotContain(VectorSecret, url.AbsoluteUri, StringComparison.Ordinal);
    }

    [Fact]
    public void SignUrl_AlreadySignedUrl_ReplacesTheQueryInsteadOfAppending()
    {
        var first = SparkSigner.SignUrl(new Uri("http://127.0.0.1:5000/spark/emb/"), "POST", "k", "s", DateTimeOffset.UnixEpoch);

        var second = SparkSigner.SignUrl(first, "POST", "k", "s", DateTimeOffset.UnixEpoch.AddMinutes(1));

        var query = System.Web.HttpUtility.ParseQueryString(second.Query);
        Assert.Single(query.GetValues("authorization")!);
        Assert.Equal("127.0.0.1:5000", query["host"]); // A non-default port is part of the Host header, so of the signature.
        Assert.Equal(SparkSigner.FormatDate(DateTimeOffset.UnixEpoch.AddMinutes(1)), query["date"]);
    }
}
