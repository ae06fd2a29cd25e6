using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using LlmClients.Http;
using LlmClients.OpenAI;
using LlmClients.OpenAICompatible;
using LlmClients.Tests.TestSupport;

namespace LlmClients.Tests.Http;

public sealed class WireJsonTests
{
    [Fact]
    public void Serialize_Extras_MergedAtTopLevelAndOverrideNeutralValues()
    {
        var request = new OpenAIChatRequest { Model = "m", Messages = [new OpenAIMessage { Role = "user", Content = "hi" }], Temperature = 0.5f };
        var extras = new Dictionary<string, object?>
        {
            ["temperature"] = 0.9,
            ["enable_search"] = true,
            ["search_options"] = new Dictionary<string, object?> { ["forced_search"] = true, ["citation_format"] = "[<number>]" },
            ["stop_words"] = new[] { "a", "b" },
            ["raw"] = JsonDocument.Parse("""{"x":[1,2]}""").RootElement,
            ["node"] = new JsonObject { ["y"] = null },
        };

        var json = Encoding.UTF8.GetString(WireJson.Serialize(request, OpenAIRequestWriter.Write, extras));

        JsonAssert.Equal(
            """{"model":"m","messages":[{"role":"user","content":"hi"}],"temperature":0.9,"enable_search":true,"search_options":{"forced_search":true,"citation_format":"[<number>]"},"stop_words":["a","b"],"raw":{"x":[1,2]},"node":{"y":null}}""",
            json);
    }

    [Fact]
    public void Serialize_ExtrasPath_MergedIntoNestedObject()
    {
        var request = new OpenAIChatRequest { Model = "m", Messages = [] };

        var json = Encoding.UTF8.GetString(WireJson.Serialize(request, OpenAIRequestWriter.Write, new Dictionary<string, object?> { ["top_k"] = 5 }, "parameters"));

        JsonAssert.Equal("""{"model":"m","messages":[],"parameters":{"top_k":5}}""", json);
    }

    [Fact]
    public void ToNode_UnsupportedType_ArgumentExceptionNamingTheKey()
    {
        var ex = Assert.Throws<ArgumentException>(() => WireJson.ToNode("my_extra", new Uri("https://x")));

        Assert.Contains("AdditionalProperties[\"my_extra\"]", ex.Message, StringComparison.Ordinal);
    }
}
