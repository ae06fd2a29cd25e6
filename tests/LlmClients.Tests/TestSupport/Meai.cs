using System.Text.Json;

namespace LlmClients.Tests;

/// <summary>Shorthands for reading and building the Microsoft.Extensions.AI shapes the tests check.</summary>
internal static class Meai
{
    private const string EmptyObjectSchema = """{"type":"object","properties":{}}""";

    /// <summary>A function declaration with a JSON schema given as text (an empty object schema by default).</summary>
    public static AIFunctionDeclaration Function(string name, string? description = null, string parametersSchemaJson = EmptyObjectSchema)
        => AIFunctionFactory.CreateDeclaration(name, description, JsonSerializer.Deserialize<JsonElement>(parametersSchemaJson));

    /// <summary>The function calls of all messages, in order.</summary>
    public static IReadOnlyList<FunctionCallContent> FunctionCalls(this ChatResponse response)
        => [.. response.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>()];

    /// <summary>The concatenated reasoning text of all messages.</summary>
    public static string ReasoningText(this ChatResponse response)
        => string.Concat(response.Messages.SelectMany(m => m.Contents).OfType<TextReasoningContent>().Select(c => c.Text));

    /// <summary>The concatenated reasoning text of one update.</summary>
    public static string ReasoningText(this ChatResponseUpdate update)
        => string.Concat(update.Contents.OfType<TextReasoningContent>().Select(c => c.Text));

    /// <summary>The arguments text exactly as the vendor sent it (kept in <see cref="AIContent.RawRepresentation"/>).</summary>
    public static string RawArguments(this FunctionCallContent call)
        => Assert.IsType<string>(call.RawRepresentation);

    /// <summary>A call as <c>name(arguments)</c>, the vendor's text.</summary>
    public static string Describe(this FunctionCallContent call) => $"{call.Name}({call.RawArguments()})";
}
