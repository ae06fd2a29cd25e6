using LlmClients.Shared;

namespace LlmClients.Tests.Streaming;

public sealed class FinishReasonsTests
{
    [Theory]
    [InlineData("stop", "stop")]
    [InlineData("STOP", "stop")]
    [InlineData("length", "length")]
    [InlineData("Length", "length")]
    [InlineData("tool_calls", "tool_calls")]
    [InlineData("TOOL_CALLS", "tool_calls")]
    [InlineData("function_call", "tool_calls")]
    [InlineData("content_filter", "content_filter")]
    [InlineData("Content_Filter", "content_filter")]
    [InlineData("sensitive", "content_filter")]
    [InlineData("normal", "stop")]
    [InlineData("model_context_window_exceeded", "length")]
    [InlineData("network_error", "network_error")]
    [InlineData("something_new", "something_new")]
    public void FromWire_EveryVendorValue_MapsOrIsPreserved(string wire, string expected)
        => Assert.Equal(expected, FinishReasons.FromWire(wire)?.Value);

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("null")]
    public void FromWire_Unfinished_IsNull(string? wire) => Assert.Null(FinishReasons.FromWire(wire));

    [Fact]
    public void Failed_NetworkError_IsATransientServerErrorWithTheValueAsCode()
    {
        var ex = FinishReasons.Failed(FinishReasons.FromWire("network_error"), "zhipu", "rid-1");

        Assert.NotNull(ex);
        Assert.Equal(LlmErrorKind.ServerError, ex.Kind);
        Assert.True(ex.IsTransient);
        Assert.Equal("network_error", ex.ErrorCode);
        Assert.Equal("rid-1", ex.RequestId);
        Assert.Equal("zhipu", ex.Provider);
        Assert.Contains("finish_reason \"network_error\": the model's inference failed; retrying may succeed", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("stop")]
    [InlineData("sensitive")]
    [InlineData("length")]
    [InlineData("something_new")]
    [InlineData(null)]
    public void Failed_NormalEnds_AreNotFailures(string? wire) => Assert.Null(FinishReasons.Failed(FinishReasons.FromWire(wire), "zhipu", null));
}
