using System.Text.Json.Nodes;

namespace LlmClients.Tests.TestSupport;

/// <summary>Compares JSON documents structurally (property order and whitespace ignored).</summary>
internal static class JsonAssert
{
    public static void Equal(string expected, string actual)
    {
        var e = JsonNode.Parse(expected);
        var a = JsonNode.Parse(actual);
        Assert.True(JsonNode.DeepEquals(e, a), $"JSON differs.\nExpected: {e?.ToJsonString()}\nActual:   {a?.ToJsonString()}");
    }
}
