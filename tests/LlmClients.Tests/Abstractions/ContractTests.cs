namespace LlmClients.Tests.Abstractions;

public sealed class ContractTests
{
    [Fact]
    public void CosineSimilarity_KnownVectors()
    {
        Assert.Equal(1.0, EmbeddingMath.CosineSimilarity([1f, 2f, 3f], [2f, 4f, 6f]), 6);
        Assert.Equal(0.0, EmbeddingMath.CosineSimilarity([1f, 0f], [0f, 1f]), 6);
        Assert.Equal(-1.0, EmbeddingMath.CosineSimilarity([1f, 1f], [-1f, -1f]), 6);
        Assert.Equal(0.0, EmbeddingMath.CosineSimilarity([0f, 0f], [1f, 1f]));
    }

    [Fact]
    public void CosineSimilarity_LongVectorsMatchScalarComputation()
    {
        var random = new Random(42);
        var x = Enumerable.Range(0, 1537).Select(_ => (float)random.NextDouble() - 0.5f).ToArray();
        var y = Enumerable.Range(0, 1537).Select(_ => (float)random.NextDouble() - 0.5f).ToArray();
        double dot = 0, xx = 0, yy = 0;
        for (int i = 0; i < x.Length; i++)
        {
            dot += x[i] * y[i];
            xx += x[i] * x[i];
            yy += y[i] * y[i];
        }

        Assert.Equal(dot / Math.Sqrt(xx * yy), EmbeddingMath.CosineSimilarity(x, y), 5);
    }

    [Fact]
    public void CosineSimilarity_DifferentLengths_Throws()
    {
        var ex = Assert.Throws<ArgumentException>(() => EmbeddingMath.CosineSimilarity([1f], [1f, 2f]));
        Assert.Contains("same model", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ExtensibleValues_UnknownPreservedAndCaseInsensitive()
    {
        Assert.Equal(ChatFinishReason.Stop, new ChatFinishReason("STOP"));
        Assert.Equal("network_error", new ChatFinishReason("network_error").Value);
        Assert.Equal(ChatRole.Assistant, new ChatRole("Assistant"));
        Assert.Equal("developer", new ChatRole("developer").ToString());
        Assert.Equal(EmbeddingInputType.Query, new EmbeddingInputType("query"));
        Assert.Throws<ArgumentException>(() => new ChatRole(" "));
    }

    [Fact]
    public void LlmRequestException_MessageFormat()
    {
        var ex = new LlmRequestException("dashscope", LlmErrorKind.InvalidRequest, 400, "InvalidParameter", "Role must be user or assistant", "7671ecd8", isTransient: false);

        Assert.Equal("dashscope 400 InvalidParameter: Role must be user or assistant (request id 7671ecd8)", ex.Message);
        Assert.Equal("timeout", new LlmRequestException("openai", LlmErrorKind.Timeout, null, null, null, null, true).Message.Split(": ")[1]);
    }

    [Fact]
    public void ToChatResponse_CombinesTextReasoningToolCallsUsageAndIds()
    {
        var updates = new[]
        {
            new ChatResponseUpdate { ResponseId = "r", ModelId = "m", Contents = [new TextReasoningContent("think ")] },
            new ChatResponseUpdate { Contents = [new TextReasoningContent("more"), new TextContent("Hel")] },
            new ChatResponseUpdate { Contents = [new TextContent("lo")] },
            new ChatResponseUpdate { FinishReason = ChatFinishReason.ToolCalls, Contents = [new FunctionCallContent("c1", "f", "{}"), new UsageContent(new UsageDetails { TotalTokenCount = 9 })] },
        };

        var response = updates.ToChatResponse();

        Assert.Equal("Hello", response.Text);
        Assert.Equal("think more", response.ReasoningText);
        Assert.Equal("c1", Assert.Single(response.ToolCalls).CallId);
        Assert.Equal(9, response.Usage!.TotalTokenCount);
        Assert.Equal(("r", "m"), (response.ResponseId, response.ModelId));
        Assert.Equal(ChatFinishReason.ToolCalls, response.FinishReason);
    }

    [Fact]
    public void UsageDetails_Add_SumsOnlyReportedCounts()
    {
        var usage = new UsageDetails { InputTokenCount = 3 };
        usage.Add(new UsageDetails { InputTokenCount = 4, TotalTokenCount = 2 });

        Assert.Equal(7, usage.InputTokenCount);
        Assert.Equal(2, usage.TotalTokenCount);
        Assert.Null(usage.OutputTokenCount);
        Assert.Equal("input=7 total=2", usage.ToString());
        Assert.Equal("none reported", new UsageDetails().ToString());
    }

    [Fact]
    public void FunctionTool_Create_InvalidSchema_ThrowsWithToolName()
    {
        var ex = Assert.Throws<ArgumentException>(() => FunctionTool.Create("weather", null, "{not json"));
        Assert.Contains("weather", ex.Message, StringComparison.Ordinal);
    }
}
