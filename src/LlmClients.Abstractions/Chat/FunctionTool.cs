using System.Text.Json;

namespace LlmClients;

/// <summary>A function the model may call, described by a name, a description and a JSON schema of its parameters.</summary>
public sealed class FunctionTool : ChatTool
{
    private static readonly JsonElement EmptyObjectSchema = JsonDocument.Parse("""{"type":"object","properties":{}}""").RootElement;

    /// <summary>Initializes a function tool.</summary>
    /// <param name="name">The function name (letters, digits, <c>_</c> and <c>-</c>).</param>
    /// <param name="description">What the function does, for the model.</param>
    /// <param name="parametersSchema">A JSON schema of the parameters; an empty object schema when null.</param>
    /// <exception cref="ArgumentException"><paramref name="name"/> is null or white space.</exception>
    public FunctionTool(string name, string? description = null, JsonElement? parametersSchema = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Name = name;
        Description = description;
        ParametersSchema = parametersSchema ?? EmptyObjectSchema;
    }

    /// <summary>Creates a function tool from a JSON schema given as text.</summary>
    /// <param name="name">The function name.</param>
    /// <param name="description">What the function does.</param>
    /// <param name="parametersSchemaJson">The parameters' JSON schema, as JSON text.</param>
    /// <returns>The tool.</returns>
    /// <exception cref="ArgumentException">The schema is not valid JSON.</exception>
    public static FunctionTool Create(string name, string? description, string parametersSchemaJson)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(parametersSchemaJson);
        try
        {
            using var doc = JsonDocument.Parse(parametersSchemaJson);
            return new FunctionTool(name, description, doc.RootElement.Clone());
        }
        catch (JsonException ex)
        {
            throw new ArgumentException($"The parameters schema of tool '{name}' is not valid JSON: {ex.Message}", nameof(parametersSchemaJson), ex);
        }
    }

    /// <inheritdoc />
    public override string Name { get; }

    /// <summary>Gets the description.</summary>
    public string? Description { get; }

    /// <summary>Gets the parameters' JSON schema.</summary>
    public JsonElement ParametersSchema { get; }

    /// <summary>Gets or sets whether the vendor should enforce the schema strictly (OpenAI <c>strict</c>). The default is unset.</summary>
    public bool? Strict { get; set; }
}
