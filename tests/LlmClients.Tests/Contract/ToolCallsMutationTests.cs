using System.Text.Json;
using LlmClients.Shared;

namespace LlmClients.Tests.Contract;

/// <summary>Edge cases of <see cref="ToolCalls"/> that mutation testing showed unchecked: declarations, argument text, parse errors.</summary>
public sealed class ToolCallsMutationTests
{
    private static readonly JsonElement Schema = JsonSerializer.Deserialize<JsonElement>("""{"type":"object","properties":{}}""");

    [Fact]
    public void Declarations_NullTool_ThrowsNamingTheIndexNullAndVendor()
    {
        var options = new ChatOptions { Tools = [Meai.Function("ok"), null!] };

        var ex = Assert.Throws<ArgumentException>(() => ToolCalls.Declarations(options, "Zhipu"));

        Assert.Equal("options", ex.ParamName);
        Assert.Contains("ChatOptions.Tools[1] ('', null)", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Zhipu takes only function tools", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Declarations_HostedTool_ThrowsNamingItsType()
    {
        var options = new ChatOptions { Tools = [new HostedWebSearchTool()] };

        var ex = Assert.Throws<ArgumentException>(() => ToolCalls.Declarations(options, "DashScope"));

        Assert.Equal("options", ex.ParamName);
        Assert.Contains("ChatOptions.Tools[0]", ex.Message, StringComparison.Ordinal);
        Assert.Contains(nameof(HostedWebSearchTool), ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Declarations_EmptyDescription_IsNull_AndNonEmptyKept()
    {
        var options = new ChatOptions { Tools = [AIFunctionFactory.CreateDeclaration("a", string.Empty, Schema), AIFunctionFactory.CreateDeclaration("b", "Does b", Schema)] };

        var declarations = ToolCalls.Declarations(options, "OpenAI")!;

        Assert.Null(declarations[0].Description);
        Assert.Equal("Does b", declarations[1].Description);
    }

    [Fact]
    public void Declarations_PerToolStrictWinsOverTheOptionsDefault()
    {
        var strictOff = AIFunctionFactory.Create(() => 1, new AIFunctionFactoryOptions
        {
            Name = "loose",
            AdditionalProperties = new Dictionary<string, object?> { [LlmAdditionalProperties.StrictJsonSchema] = false },
        });
        var inherits = AIFunctionFactory.Create(() => 2, new AIFunctionFactoryOptions { Name = "inherits" });
        var options = new ChatOptions
        {
            Tools = [strictOff, inherits],
            AdditionalProperties = new() { [LlmAdditionalProperties.StrictJsonSchema] = true },
        };

        var declarations = ToolCalls.Declarations(options, "OpenAI")!;

        Assert.Equal(false, declarations[0].Strict);
        Assert.Equal(true, declarations[1].Strict);
    }

    [Fact]
    public void Declarations_NoDefault_PerToolStrictStillApplies()
    {
        var strictOn = AIFunctionFactory.Create(() => 1, new AIFunctionFactoryOptions
        {
            Name = "tight",
            AdditionalProperties = new Dictionary<string, object?> { [LlmAdditionalProperties.StrictJsonSchema] = true },
        });

        var declarations = ToolCalls.Declarations(new ChatOptions { Tools = [strictOn, Meai.Function("plain")] }, "OpenAI")!;

        Assert.Equal(true, declarations[0].Strict);
        Assert.Null(declarations[1].Strict);
    }

    [Fact]
    public void ArgumentsJson_ArgumentsSetAfterAnEmptyVendorString_AreSerialized()
    {
        // The vendor sent no arguments text (""), then the caller filled the arguments in: they are what goes back.
        var call = ToolCalls.Call("c1", "f", null);
        call.Arguments = new Dictionary<string, object?> { ["city"] = "杭州" };

        Assert.Equal("""{"city":"杭州"}""", ToolCalls.ArgumentsJson(call));
    }

    [Fact]
    public void ArgumentsJson_EmptyRawTextWithoutArguments_IsAnEmptyObject()
    {
        var call = new FunctionCallContent("c1", "f") { RawRepresentation = string.Empty };

        Assert.Equal("{}", ToolCalls.ArgumentsJson(call));
    }

    [Fact]
    public void ArgumentsJson_RawTextWithoutArguments_IsSentAsIs()
    {
        var call = new FunctionCallContent("c1", "f") { RawRepresentation = """{"x":1}""" };

        Assert.Equal("""{"x":1}""", ToolCalls.ArgumentsJson(call));
    }

    [Theory]
    [InlineData("[1,2]", "Array")]
    [InlineData("42", "Number")]
    [InlineData("\"text\"", "String")]
    public void Call_ArgumentsNotAnObject_ExceptionSaysWhichJsonKind(string arguments, string kind)
    {
        var call = ToolCalls.Call("c1", "f", arguments);

        Assert.Null(call.Arguments);
        var inner = Assert.IsType<JsonException>(call.Exception!.InnerException ?? call.Exception);
        Assert.Contains($"The arguments are a JSON {kind}, not an object.", inner.Message, StringComparison.Ordinal);
    }
}
