using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using System.Text.Json;
using LlmClients.DashScope;
using LlmClients.OpenAICompatible;
using LlmClients.Qianfan;

namespace LlmClients.Tests.OpenAICompatible;

/// <summary>Vectors are decoded once into their final, right-sized float[]: JSON arrays and base64, every vendor's wire type.</summary>
public sealed class EmbeddingVectorConverterTests
{
    private static readonly float[] Values = [0.5f, -0.25f, 1e-8f, 3.4028235e38f, -0.0078125f];

    [Fact]
    public void OpenAI_FloatArray_IsReadIntoAnArrayOfExactlyItsLength()
    {
        var item = JsonSerializer.Deserialize("""{"index":0,"embedding":[0.5,-0.25,1e-8,3.4028235e38,-0.0078125]}""", OpenAIJsonContext.Default.OpenAIEmbeddingItem)!;

        Assert.Equal(Values, item.Embedding);
    }

    [Fact]
    public void OpenAI_ArrayLongerThanTheScratchBuffer_IsReadWhole()
    {
        var expected = Enumerable.Range(0, 10_000).Select(i => i / 8f).ToArray();
        var json = """{"embedding":[""" + string.Join(',', expected.Select(v => v.ToString("R", CultureInfo.InvariantCulture))) + "]}";

        var item = JsonSerializer.Deserialize(json, OpenAIJsonContext.Default.OpenAIEmbeddingItem)!;

        Assert.Equal(expected, item.Embedding);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(5)]
    public void OpenAI_Base64_DecodesLittleEndianFloat32WithAnyPadding(int count)
    {
        var expected = Values[..count];
        var item = JsonSerializer.Deserialize($$"""{"embedding":"{{Base64(expected)}}"}""", OpenAIJsonContext.Default.OpenAIEmbeddingItem)!;

        Assert.Equal(expected, item.Embedding);
    }

    [Fact]
    public void OpenAI_Base64WithEscapedSlashes_IsUnescapedFirst()
    {
        // Some servers escape "/" as "\/" in JSON strings; 0xFFFF7FFF... gives base64 with slashes.
        var expected = new[] { BitConverter.Int32BitsToSingle(unchecked((int)0xFFFFFF7F)), 1.5f, -2f };
        var base64 = Base64(expected);
        Assert.Contains("/", base64, StringComparison.Ordinal);

        var item = JsonSerializer.Deserialize($$"""{"embedding":"{{base64.Replace("/", "\\/", StringComparison.Ordinal)}}"}""", OpenAIJsonContext.Default.OpenAIEmbeddingItem)!;

        Assert.Equal(expected.Select(BitConverter.SingleToInt32Bits), item.Embedding.Select(BitConverter.SingleToInt32Bits));
    }

    [Theory]
    [InlineData("\"AAAA\"")]            // 3 bytes: not whole float32 values
    [InlineData("\"AAA\"")]             // not base64 (length)
    [InlineData("\"AA!A AAA\"")]        // not base64 (characters)
    [InlineData("[1,\"x\"]")]           // a string among the numbers
    [InlineData("{}")]
    public void OpenAI_MalformedVector_Throws(string embedding)
    {
        Assert.ThrowsAny<JsonException>(() => JsonSerializer.Deserialize($$"""{"embedding":{{embedding}}}""", OpenAIJsonContext.Default.OpenAIEmbeddingItem));
    }

    [Fact]
    public void DashScopeAndQianfan_WireItems_UseTheSameDecoder()
    {
        var dashScope = JsonSerializer.Deserialize("""{"embedding":[0.5,-0.25,1e-8,3.4028235e38,-0.0078125],"text_index":0}""", DashScopeJsonContext.Default.DashScopeEmbeddingItem)!;
        var qianfan = JsonSerializer.Deserialize("""{"object":"embedding","embedding":[0.5,-0.25,1e-8,3.4028235e38,-0.0078125],"index":0}""", QianfanJsonContext.Default.QianfanEmbeddingItem)!;
        var missing = JsonSerializer.Deserialize("""{"embedding":null,"index":0}""", QianfanJsonContext.Default.QianfanEmbeddingItem)!;

        Assert.Equal(Values, dashScope.Embedding);
        Assert.Equal(Values, qianfan.Embedding);
        Assert.Null(missing.Embedding);
    }

    private static string Base64(float[] values)
    {
        var bytes = new byte[values.Length * sizeof(float)];
        for (int i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(i * sizeof(float)), values[i]);
        }

        return Convert.ToBase64String(bytes);
    }
}
