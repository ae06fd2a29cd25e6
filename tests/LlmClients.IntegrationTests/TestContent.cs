using System.Text.Json;

namespace LlmClients.IntegrationTests;

/// <summary>
/// Reads what Microsoft.Extensions.AI keeps in contents rather than in members of their own: reasoning text, tool calls and
/// the raw arguments text a vendor sent. Also builds function declarations from a JSON schema given as text.
/// </summary>
internal static class TestContent
{
    /// <summary>The JSON schema of a function without parameters.</summary>
    public const string EmptyObjectSchema = """{"type":"object","properties":{}}""";

    /// <summary>Declares a function (name, description, parameters schema as JSON text), as <c>FunctionTool.Create</c> did.</summary>
    public static AIFunctionDeclaration Function(string name, string? description, string parametersSchemaJson = EmptyObjectSchema)
    {
        using var schema = JsonDocument.Parse(parametersSchemaJson);
        return AIFunctionFactory.CreateDeclaration(name, description, schema.RootElement.Clone());
    }

    /// <summary>The reasoning text of an update (its <see cref="TextReasoningContent"/> parts, concatenated).</summary>
    public static string ReasoningText(this ChatResponseUpdate update)
        => string.Concat(update.Contents.OfType<TextReasoningContent>().Select(r => r.Text));

    /// <summary>The reasoning text of a response (every message's <see cref="TextReasoningContent"/> parts, concatenated).</summary>
    public static string ReasoningText(this ChatResponse response)
        => string.Concat(response.Messages.SelectMany(m => m.Contents).OfType<TextReasoningContent>().Select(r => r.Text));

    /// <summary>The tool calls of a response.</summary>
    public static List<FunctionCallContent> ToolCalls(this ChatResponse response)
        => [.. response.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>()];

    /// <summary>The arguments of a call as the raw JSON text the vendor sent (kept in <see cref="AIContent.RawRepresentation"/>).</summary>
    public static string RawArguments(this FunctionCallContent call)
        => Assert.IsType<string>(call.RawRepresentation);
}
