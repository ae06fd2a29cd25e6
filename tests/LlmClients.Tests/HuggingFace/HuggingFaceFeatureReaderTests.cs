using System.Text;
using LlmClients.HuggingFace;

namespace LlmClients.Tests.HuggingFace;

public sealed class HuggingFaceFeatureReaderTests
{
    private static float[][] Read(string json, int inputs, bool meanPool = false, bool normalize = true)
        => HuggingFaceFeatureReader.Read(Encoding.UTF8.GetBytes(json), inputs, meanPool, normalize, "req-1");

    [Fact]
    public void Read_FlatArrayForOneText_IsOneVector()
    {
        // The legacy serverless answer for a sentence-transformers model and one string (recorded: a flat list of floats).
        var vectors = Read("[-0.341085821390152,0.16878847777843475,0.5349205732345581]", 1);

        Assert.Equal([[-0.341085821390152f, 0.16878847777843475f, 0.5349205732345581f]], vectors);
    }

    [Fact]
    public void Read_NestedArrayForOneText_IsOneVector()
    {
        // TEI always nests, even for one string: [[0.016890164, ...]].
        var vectors = Read("[[0.016890164,0.0028579393,-0.051288426]]", 1);

        Assert.Equal([[0.016890164f, 0.0028579393f, -0.051288426f]], vectors);
    }

    [Fact]
    public void Read_RowPerText_KeepsOrder()
    {
        var vectors = Read("[[1,0],[0,1],[0.5,0.5]]", 3);

        Assert.Equal([[1f, 0f], [0f, 1f], [0.5f, 0.5f]], vectors);
    }

    [Theory]
    [InlineData("[[[1,0],[0,1]]]", 1)] // 1 x T x H: a plain transformers model, one string
    [InlineData("[[1,0],[0,1],[1,1]]", 1)] // T x H for one string (huggingface_hub's docstring shape)
    [InlineData("[[[[1,0],[0,1]]],[[[1,1],[1,1]]]]", 2)] // N x 1 x T x H for a list
    [InlineData("[[[1,0],[0,1]],[[1,1],[1,1]]]", 2)] // N x T x H
    public void Read_PerTokenOutput_IsRefusedByDefaultNamingTheFix(string json, int inputs)
    {
        var ex = Assert.Throws<LlmRequestException>(() => Read(json, inputs));

        Assert.Equal(LlmErrorKind.InvalidResponse, ex.Kind);
        Assert.False(ex.IsTransient);
        Assert.Contains("one vector per token", ex.Message, StringComparison.Ordinal);
        Assert.Contains("MeanPoolTokenEmbeddings", ex.Message, StringComparison.Ordinal);
        Assert.Equal("req-1", ex.RequestId);
    }

    [Fact]
    public void Read_PerTokenOutputWithMeanPooling_AveragesThenNormalizes()
    {
        var vectors = Read("[[[3,0],[1,4],[2,2]]]", 1, meanPool: true);

        // Mean (2, 2), normalized to (0.7071, 0.7071).
        Assert.Equal(0.70710677f, vectors[0][0], 5);
        Assert.Equal(0.70710677f, vectors[0][1], 5);
    }

    [Fact]
    public void Read_FourDimensionalWithMeanPoolingAndNormalizeOff_AveragesEachText()
    {
        var vectors = Read("[[[[1,0],[3,0]]],[[[0,2],[0,4]]]]", 2, meanPool: true, normalize: false);

        Assert.Equal([[2f, 0f], [0f, 3f]], vectors);
    }

    [Theory]
    [InlineData("[[1,0],[0,1]]", 3)] // fewer rows than texts
    [InlineData("[1,0]", 2)] // one flat vector for two texts
    public void Read_RowCountDiffersFromTexts_ThrowsInvalidResponse(string json, int inputs)
    {
        var ex = Assert.Throws<LlmRequestException>(() => Read(json, inputs));

        Assert.Equal(LlmErrorKind.InvalidResponse, ex.Kind);
        Assert.Contains($"asked for {inputs} embedding(s)", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"error\":\"x\"}")]
    [InlineData("[[1,0],[[0,1]]]")]
    [InlineData("[[1,\"a\"]]")]
    [InlineData("[[]]")]
    [InlineData("[[1,0],[0,1")]
    public void Read_NotNestedNumbers_ThrowsInvalidResponse(string json)
    {
        var ex = Assert.Throws<LlmRequestException>(() => Read(json, 2 - (json.StartsWith("[[]", StringComparison.Ordinal) ? 1 : 0)));

        Assert.Equal(LlmErrorKind.InvalidResponse, ex.Kind);
    }
}
