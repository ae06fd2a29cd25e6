namespace LlmClients.Tests.Contract;

/// <summary>Argument checks and merging of <see cref="LlmAdditionalPropertiesExtensions"/> that mutation testing showed unchecked.</summary>
public sealed class AdditionalPropertiesMutationTests
{
    [Fact]
    public void GetRequestId_NullReceiver_ThrowsArgumentNullNamingIt()
    {
        Assert.Equal("response", Assert.Throws<ArgumentNullException>(() => ((ChatResponse)null!).GetRequestId()).ParamName);
        Assert.Equal("update", Assert.Throws<ArgumentNullException>(() => ((ChatResponseUpdate)null!).GetRequestId()).ParamName);
        Assert.Equal("embeddings", Assert.Throws<ArgumentNullException>(() => ((GeneratedEmbeddings<Embedding<float>>)null!).GetRequestId()).ParamName);
        Assert.Equal("options", Assert.Throws<ArgumentNullException>(() => ((EmbeddingGenerationOptions)null!).WithInputType(EmbeddingInputType.Query)).ParamName);
    }

    [Fact]
    public void GetRequestId_ReadsTheKeyOfUpdatesAndEmbeddings()
    {
        var update = new ChatResponseUpdate { AdditionalProperties = new() { [LlmAdditionalProperties.RequestId] = "u-1" } };
        var embeddings = new GeneratedEmbeddings<Embedding<float>> { AdditionalProperties = new() { [LlmAdditionalProperties.RequestId] = "e-1" } };

        Assert.Equal("u-1", update.GetRequestId());
        Assert.Equal("e-1", embeddings.GetRequestId());
        Assert.Null(new ChatResponseUpdate().GetRequestId());
    }

    [Fact]
    public void WithInputType_KeepsTheOtherAdditionalProperties()
    {
        var options = new EmbeddingGenerationOptions { AdditionalProperties = new() { ["text_type"] = "query", ["user"] = "u" } };

        var same = options.WithInputType(EmbeddingInputType.Document);

        Assert.Same(options, same);
        Assert.Equal("query", options.AdditionalProperties["text_type"]);
        Assert.Equal("u", options.AdditionalProperties["user"]);
        Assert.Equal(EmbeddingInputType.Document, options.GetInputType());
    }
}
