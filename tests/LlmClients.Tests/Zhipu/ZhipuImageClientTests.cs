using System.Net;
using LlmClients.Zhipu;
using static LlmClients.Tests.Zhipu.ZhipuTestHost;

namespace LlmClients.Tests.Zhipu;

public sealed class ZhipuImageClientTests
{
    [Fact]
    public async Task GenerateAsync_PromptAndSize_PostsAndReturnsUrls()
    {
        using var host = Create();
        var captured = host.Expect(HttpMethod.Post, "images/generations", () => Json(HttpStatusCode.OK, Fixture("image.json")));

        var result = await host.Images.GenerateAsync("一只可爱的小猫咪", new ZhipuImageOptions { ModelId = "cogview-3-plus", Size = "1024x1024" });

        AssertJsonEqual("""{"model":"cogview-3-plus","prompt":"一只可爱的小猫咪","size":"1024x1024"}""", captured.Body!);
        Assert.Equal(new Uri("https://sfile.chatglm.cn/testpath/5e2e4e1e-6b14-4b41.png"), Assert.Single(result.ImageUrls));
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1721614853), result.CreatedAt);
        Assert.Equal(new ZhipuContentFilterResult("assistant", 3), Assert.Single(result.ContentFilter));
    }

    [Fact]
    public async Task GenerateAsync_NoModel_DefaultsToCogView3()
    {
        using var host = Create();
        var captured = host.Expect(HttpMethod.Post, "images/generations", () => Json(HttpStatusCode.OK, Fixture("image.json")));

        await host.Images.GenerateAsync("a cat");

        AssertJsonEqual("""{"model":"cogview-3","prompt":"a cat"}""", captured.Body!);
    }

    [Fact]
    public async Task GenerateAsync_EmptyPrompt_ThrowsBeforeNetwork()
    {
        using var host = Create();

        var ex = await Assert.ThrowsAsync<ArgumentException>(() => host.Images.GenerateAsync(" "));

        Assert.Equal("prompt", ex.ParamName);
        host.Mock.VerifyNoOutstandingRequest();
        Assert.Equal(0, host.UnmatchedRequests);
    }

    [Fact]
    public async Task GenerateAsync_UnsafePrompt_Throws1301ContentFiltered()
    {
        using var host = Create();
        host.Expect(HttpMethod.Post, "images/generations", () => Json(HttpStatusCode.BadRequest, Fixture("error-1301.json")));

        var ex = await Assert.ThrowsAsync<LlmRequestException>(() => host.Images.GenerateAsync("..."));

        Assert.Equal(LlmErrorKind.ContentFiltered, ex.Kind);
    }

    [Fact]
    public async Task GenerateAsync_BodyRequestId_WinsOverHeader()
    {
        using var host = Create();
        host.Expect(HttpMethod.Post, "images/generations", () =>
        {
            var response = Json(HttpStatusCode.OK, """{"created":1721614853,"request_id":"img-req-1","data":[{"url":"https://sfile.chatglm.cn/a.png"}]}""");
            response.Headers.Add("x-request-id", "header-id");
            return response;
        });

        var result = await host.Images.GenerateAsync("a cat", new ZhipuImageOptions { RequestId = "img-req-1" });

        Assert.Equal("img-req-1", result.RequestId);
    }
}
