using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using LlmClients.OpenAICompatible;
using LlmClients.Spark;

namespace LlmClients.Tests.Contract;

/// <summary>
/// Request bodies on the wire: non-ASCII text goes out as UTF-8, not as \uXXXX escapes (as Microsoft.Extensions.AI sends
/// it), on every flavour and on both serialization paths (plain, and with vendor extras merged); what JSON requires is
/// still escaped.
/// </summary>
public sealed class RequestBytesTests
{
    public static TheoryData<string> AllFlavours => [.. ContractHarness.Flavours.Keys];

    // 你是谁: three CJK characters, 3 UTF-8 bytes each.
    private static readonly byte[] WhoAreYou = [0xE4, 0xBD, 0xA0, 0xE6, 0x98, 0xAF, 0xE8, 0xB0, 0x81];

    [Theory]
    [MemberData(nameof(AllFlavours))]
    public async Task Chat_NonAsciiText_IsSentAsNineUtf8Bytes(string flavour)
    {
        using var h = ContractHarness.Create(flavour);
        h.Handler.Responses.Enqueue(ContractHarness.Reply(flavour, "ok"));

        await h.Chat(flavour).GetResponseAsync([new ChatMessage(ChatRole.User, "你是谁")]);

        var body = h.Handler.RawBodies[^1];
        Assert.Equal(1, Count(body, WhoAreYou));
        Assert.Equal(-1, body.AsSpan().IndexOf(@"\u"u8));
    }

    [Theory]
    [MemberData(nameof(AllFlavours))]
    public async Task Chat_NonAsciiTextWithVendorExtras_IsSentAsUtf8Bytes(string flavour)
    {
        using var h = ContractHarness.Create(flavour);
        h.Handler.Responses.Enqueue(ContractHarness.Reply(flavour, "ok"));
        var options = new ChatOptions { AdditionalProperties = new() { ["user_tag"] = "你是谁" } };

        await h.Chat(flavour).GetResponseAsync([new ChatMessage(ChatRole.User, "你是谁")], options);

        var body = h.Handler.RawBodies[^1];
        Assert.Equal(2, Count(body, WhoAreYou));
        Assert.Equal(-1, body.AsSpan().IndexOf(@"\u"u8));
    }

    [Theory]
    [MemberData(nameof(AllFlavours))]
    public async Task Chat_CharactersJsonMustEscape_AreEscapedAndRoundTrip(string flavour)
    {
        const string Text = "quote \" backslash \\ newline \n tab \t bell \u0001 emoji 😀 html <b>&amp;</b> '";
        using var h = ContractHarness.Create(flavour);
        h.Handler.Responses.Enqueue(ContractHarness.Reply(flavour, "ok"));

        await h.Chat(flavour).GetResponseAsync([new ChatMessage(ChatRole.User, Text)]);

        var raw = Encoding.UTF8.GetString(h.Handler.RawBodies[^1]);
        Assert.Contains("""quote \" backslash \\ newline \n tab \t bell \u0001 emoji \uD83D\uDE00 html <b>&amp;</b> '""", raw, StringComparison.Ordinal);
        var body = JsonNode.Parse(raw)!;
        var messages = (flavour == "dashscope" ? body["input"]!["messages"] : body["messages"])!.AsArray();
        Assert.Equal(Text, (string?)messages[^1]!["content"]);
    }

    [Fact]
    public void EmbeddingBody_PlainAndWithExtras_WritesNonAsciiUnescaped()
    {
        var extras = new EmbeddingGenerationOptions { AdditionalProperties = new() { ["tag"] = "你是谁", ["nested"] = new Dictionary<string, object?> { ["x"] = "你是谁" } } };

        var plain = OpenAIEmbeddingClient.BuildBody(["你是谁", "你是谁"], "m", null);
        var withExtras = OpenAIEmbeddingClient.BuildBody(["你是谁"], "m", extras);

        Assert.Equal(2, Count(plain, WhoAreYou));
        Assert.Equal(3, Count(withExtras, WhoAreYou));
        Assert.Equal("你是谁", JsonDocument.Parse(withExtras).RootElement.GetProperty("nested").GetProperty("x").GetString());
    }

    [Fact]
    public void Serialize_CalledAgainOnTheSameThread_WritesOnlyTheNewBody()
    {
        _ = OpenAIEmbeddingClient.BuildBody([new string('x', 5000)], "m", null);
        var second = OpenAIEmbeddingClient.BuildBody(["你"], "m", null);

        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"input":"你","model":"m","encoding_format":"float"}"""), JsonNode.Parse(second)), Encoding.UTF8.GetString(second));
    }

    [Fact]
    public void SparkEmbedding_InnerTextJson_IsUtf8()
    {
        var body = JsonNode.Parse(SparkEmbeddingClient.BuildBody("你是谁", "app-1", "query"))!;

        var inner = Convert.FromBase64String((string)body["payload"]!["messages"]!["text"]!);

        Assert.Equal(1, Count(inner, WhoAreYou));
    }

    private static int Count(ReadOnlySpan<byte> haystack, ReadOnlySpan<byte> needle)
    {
        int count = 0;
        int at;
        while ((at = haystack.IndexOf(needle)) >= 0)
        {
            count++;
            haystack = haystack[(at + needle.Length)..];
        }

        return count;
    }
}
