using System.Text.Json;
using System.Text.Json.Nodes;
using LlmClients.Http;
using LlmClients.Tests.TestSupport;

namespace LlmClients.Tests.Contract;

/// <summary>How extras and <see cref="ChatOptions.RawRepresentationFactory"/> bases reach the body, in the cases mutation testing showed unchecked.</summary>
public sealed class WireJsonMutationTests
{
    public static TheoryData<object?, string> Values => new()
    {
        { null, "null" },
        { 1L << 40, "1099511627776" },
        { 4_000_000_000u, "4000000000" },
        { ulong.MaxValue, "18446744073709551615" },
        { (short)-3, "-3" },
        { 1.5f, "1.5" },
        { 2.25d, "2.25" },
        { 3.10m, "3.10" },
        { JsonSerializer.Deserialize<JsonElement>("""{"a":[1]}"""), """{"a":[1]}""" },
        { JsonDocument.Parse("""[true]"""), "[true]" },
        { new JsonObject { ["b"] = "c" }, """{"b":"c"}""" },
        { DayOfWeek.Monday, "\"Monday\"" },
        { new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.FromHours(8)), "\"2026-01-02T03:04:05.0000000+08:00\"" },
        { new Dictionary<string, object?> { ["n"] = null, ["list"] = new object?[] { 1, "x", null } }, """{"n":null,"list":[1,"x",null]}""" },
    };

    [Theory]
    [MemberData(nameof(Values))]
    public void ToNode_EachSupportedType_WrittenAsJson(object? value, string json)
    {
        JsonAssert.Equal(json, WireJson.ToNode("k", value)?.ToJsonString() ?? "null");
        JsonAssert.Equal(json, WireJson.ToElement("k", value).GetRawText());
    }

    [Fact]
    public void ToNode_UnsupportedTypeInsideAMap_ErrorNamesThePath()
    {
        var value = new Dictionary<string, object?> { ["outer"] = new Dictionary<string, object?> { ["inner"] = new Uri("http://x.test") } };

        var ex = Assert.Throws<ArgumentException>(() => WireJson.ToNode("extra", value));

        Assert.Equal("options", ex.ParamName);
        Assert.Contains("AdditionalProperties[\"extra.outer.inner\"] has type Uri", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void HasVendorExtras_OnlyLlmClientsKeys_IsFalse()
    {
        Assert.False(WireJson.HasVendorExtras(null));
        Assert.False(WireJson.HasVendorExtras(new Dictionary<string, object?>()));
        Assert.False(WireJson.HasVendorExtras(new Dictionary<string, object?> { [LlmAdditionalProperties.StrictJsonSchema] = true, [LlmAdditionalProperties.InputType] = "query" }));
        Assert.True(WireJson.HasVendorExtras(new Dictionary<string, object?> { [LlmAdditionalProperties.StrictJsonSchema] = true, ["user"] = "u" }));
    }

    [Fact]
    public async Task RawRepresentationFactory_Dictionary_IsTheBaseOfTheBody()
    {
        using var h = ContractHarness.Create("openai");
        h.Handler.Responses.Enqueue(ContractHarness.Reply("openai", "ok"));

        await h.Chat("openai").GetResponseAsync("hi", new ChatOptions
        {
            Temperature = 0.5f,
            RawRepresentationFactory = _ => new Dictionary<string, object?> { ["user"] = "u-1", ["temperature"] = 2, ["metadata"] = new Dictionary<string, object?> { ["k"] = "v" } },
        });

        var body = h.Handler.LastJson;
        Assert.Equal("u-1", (string?)body["user"]);
        Assert.Equal(0.5, (double)body["temperature"]!);
        JsonAssert.Equal("""{"k":"v"}""", body["metadata"]!.ToJsonString());
    }

    [Fact]
    public async Task RawRepresentationFactory_NestedObjects_AreMergedUnderTheRequestsOwn()
    {
        using var h = ContractHarness.Create("dashscope");
        h.Handler.Responses.Enqueue(ContractHarness.Reply("dashscope", "ok"));

        await h.Chat("dashscope").GetResponseAsync("hi", new ChatOptions
        {
            RawRepresentationFactory = _ => new JsonObject
            {
                ["parameters"] = new JsonObject { ["repetition_penalty"] = 1.1, ["result_format"] = "text" },
                ["input"] = new JsonObject { ["history"] = new JsonArray() },
                ["model"] = "ignored",
            },
        });

        var body = h.Handler.LastJson;
        Assert.Equal(1.1, (double)body["parameters"]!["repetition_penalty"]!);
        Assert.Equal("message", (string?)body["parameters"]!["result_format"]);
        Assert.Equal("qwen-plus", (string?)body["model"]);
        Assert.Equal("hi", (string?)body["input"]!["messages"]![0]!["content"]);
        Assert.Empty(body["input"]!["history"]!.AsArray());
    }
}
