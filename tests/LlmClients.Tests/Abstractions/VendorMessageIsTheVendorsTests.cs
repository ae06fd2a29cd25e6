using System.Net;
using LlmClients.DashScope;
using LlmClients.Shared;
using LlmClients.Tests.OpenAICompatible;
using RichardSzalay.MockHttp;

namespace LlmClients.Tests.Abstractions;

/// <summary>
/// <see cref="LlmRequestException.VendorMessage"/> holds only what the vendor said: errors the SDK raises itself (a stream cut
/// short, a failure finish reason, a task that ended) carry their text as advice in the message, and a vendor's own words stay
/// in <see cref="LlmRequestException.VendorMessage"/> beside it.
/// </summary>
public sealed class VendorMessageIsTheVendorsTests
{
    [Fact]
    public void FailureFinishReason_OurTextInMessageNotVendorMessage()
    {
        var ex = FinishReasons.Failed(FinishReasons.FromWire("network_error"), "zhipu", "rid-1")!;

        Assert.Null(ex.VendorMessage);
        Assert.Contains("finish_reason \"network_error\"", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StreamWithoutEndMarker_OurTextInMessageNotVendorMessage()
    {
        using var mock = new MockHttpMessageHandler();
        mock.When(HttpMethod.Post, "*").Respond(_ => new HttpResponseMessage(HttpStatusCode.OK)
        {
            Content = OpenAITestClients.Sse("data: {\"id\":\"c\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hel\"},\"finish_reason\":null}]}\n\n"),
        });

        var ex = await Assert.ThrowsAsync<LlmRequestException>(async () =>
        {
            await foreach (var update in OpenAITestClients.Chat(mock).GetStreamingResponseAsync("hi"))
            {
                _ = update;
            }
        });

        Assert.Null(ex.VendorMessage);
        Assert.Equal(LlmErrorKind.InvalidResponse, ex.Kind);
        Assert.Contains("data: [DONE]", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DashScopeTaskCanceled_OurTextInMessageNotVendorMessage()
    {
        var ex = DashScopeTaskClient.Ended(new DashScopeTask("t-1", DashScopeTaskStatus.Canceled));

        Assert.Null(ex.VendorMessage);
        Assert.Contains("t-1 was cancelled", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DashScopeTaskFailed_VendorMessageIsOutputMessageAndOurTextIsAdvice()
    {
        var ex = DashScopeTaskClient.Ended(new DashScopeTask("t-2", DashScopeTaskStatus.Failed) { ErrorCode = "InvalidParameter", ErrorMessage = "url is invalid" });

        Assert.Equal("url is invalid", ex.VendorMessage);
        Assert.Equal("InvalidParameter", ex.ErrorCode);
        Assert.Contains("url is invalid. async task t-2 ended FAILED", ex.Message, StringComparison.Ordinal);
    }
}
