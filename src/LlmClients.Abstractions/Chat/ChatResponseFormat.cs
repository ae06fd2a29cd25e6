using System.Text.Json;

namespace LlmClients;

/// <summary>The output format asked of the model: text, any JSON object, or JSON matching a schema.</summary>
public sealed class ChatResponseFormat
{
    private ChatResponseFormat(string kind, JsonElement? schema, string? schemaName, string? schemaDescription, bool? strict)
    {
        Kind = kind;
        Schema = schema;
        SchemaName = schemaName;
        SchemaDescription = schemaDescription;
        Strict = strict;
    }

    /// <summary>Gets the plain-text format.</summary>
    public static ChatResponseFormat Text { get; } = new("text", null, null, null, null);

    /// <summary>Gets the "any JSON object" format (<c>json_object</c>).</summary>
    public static ChatResponseFormat Json { get; } = new("json_object", null, null, null, null);

    /// <summary>Creates a JSON-schema format (<c>json_schema</c>).</summary>
    /// <param name="schema">The JSON schema.</param>
    /// <param name="schemaName">The schema name; <c>"response"</c> when null.</param>
    /// <param name="schemaDescription">An optional description.</param>
    /// <param name="strict">Whether the vendor should enforce the schema strictly.</param>
    /// <returns>The format.</returns>
    public static ChatResponseFormat ForJsonSchema(JsonElement schema, string? schemaName = null, string? schemaDescription = null, bool? strict = null)
        => new("json_schema", schema, string.IsNullOrWhiteSpace(schemaName) ? "response" : schemaName, schemaDescription, strict);

    /// <summary>Gets the kind: <c>text</c>, <c>json_object</c> or <c>json_schema</c>.</summary>
    public string Kind { get; }

    /// <summary>Gets the schema for <c>json_schema</c>.</summary>
    public JsonElement? Schema { get; }

    /// <summary>Gets the schema name for <c>json_schema</c>.</summary>
    public string? SchemaName { get; }

    /// <summary>Gets the schema description.</summary>
    public string? SchemaDescription { get; }

    /// <summary>Gets whether the schema is enforced strictly.</summary>
    public bool? Strict { get; }

    /// <inheritdoc />
    public override string ToString() => Kind;
}
