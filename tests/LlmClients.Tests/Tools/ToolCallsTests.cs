using System.Text.Json;
using LlmClients.Shared;

namespace LlmClients.Tests.Tools;

/// <summary>How vendor argument strings become <see cref="FunctionCallContent"/> and go back on the wire.</summary>
public sealed class ToolCallsTests
{
    [Fact]
    public void Call_JsonObject_ParsedIntoJsonElementsAndRawTextKept()
    {
        var call = ToolCalls.Call("c1", "get_weather", """{"city": "杭州", "days": 3}""");

        Assert.Equal(("c1", "get_weather"), (call.CallId, call.Name));
        Assert.Null(call.Exception);
        Assert.Equal("杭州", ((JsonElement)call.Arguments!["city"]!).GetString());
        Assert.Equal(3, ((JsonElement)call.Arguments["days"]!).GetInt32());
        Assert.Equal("""{"city": "杭州", "days": 3}""", call.RawRepresentation);
        Assert.Equal("""{"city": "杭州", "days": 3}""", ToolCalls.ArgumentsJson(call));
    }

    [Theory]
    [InlineData("{\"city\":")]
    [InlineData("[1,2]")]
    public void Call_NotAJsonObject_KeptWithExceptionNotThrownAndSentBackUnchanged(string arguments)
    {
        var call = ToolCalls.Call("c1", "f", arguments);

        Assert.Null(call.Arguments);
        Assert.NotNull(call.Exception);
        Assert.Equal(arguments, call.RawRepresentation);
        Assert.Equal(arguments, ToolCalls.ArgumentsJson(call));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void Call_NoArguments_EmptyDictionaryAndSentAsEmptyObject(string? arguments)
    {
        var call = ToolCalls.Call("c1", "f", arguments);

        Assert.Empty(call.Arguments!);
        Assert.Equal("{}", ToolCalls.ArgumentsJson(call));
    }

    [Fact]
    public void ArgumentsJson_CallBuiltByTheCaller_SerializedCompact()
    {
        var call = new FunctionCallContent("c1", "f", new Dictionary<string, object?> { ["city"] = "杭州", ["days"] = 3, ["tags"] = new[] { "a" } });

        Assert.Equal("""{"city":"杭州","days":3,"tags":["a"]}""", ToolCalls.ArgumentsJson(call));
        Assert.Equal("{}", ToolCalls.ArgumentsJson(new FunctionCallContent("c2", "g")));
    }

    [Fact]
    public void ResultText_StringAsIsJsonRawAndObjectsCompact()
    {
        Assert.Equal("晴", ToolCalls.ResultText(new FunctionResultContent("c1", "晴")));
        Assert.Equal(string.Empty, ToolCalls.ResultText(new FunctionResultContent("c1", null)));
        Assert.Equal("晴", ToolCalls.ResultText(new FunctionResultContent("c1", JsonSerializer.Deserialize<JsonElement>("\"晴\""))));
        Assert.Equal("""{"temp":21}""", ToolCalls.ResultText(new FunctionResultContent("c1", JsonSerializer.Deserialize<JsonElement>("""{"temp":21}"""))));
        Assert.Equal("""{"temp":21,"sky":["晴"]}""", ToolCalls.ResultText(new FunctionResultContent("c1", JsonSerializer.Deserialize<JsonElement>("{\n  \"temp\": 21,\n  \"sky\": [ \"晴\" ]\n}"))));
        Assert.Equal("""{"temp":21,"sky":"晴"}""", ToolCalls.ResultText(new FunctionResultContent("c1", new Dictionary<string, object?> { ["temp"] = 21, ["sky"] = "晴" })));
    }
}
