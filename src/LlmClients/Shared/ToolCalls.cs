using System.Text.Json;

namespace LlmClients.Shared;

/// <summary>Maps Microsoft.Extensions.AI tools, calls and results to and from the JSON strings vendors exchange.</summary>
internal static class ToolCalls
{
    // AIJsonUtilities.DefaultOptions writes indented JSON; arguments and results go on the wire (and are billed as input
    // tokens when sent back), so they are written compact, as vendors send them.
    private static readonly JsonSerializerOptions WireOptions = CreateWireOptions();

    /// <summary>One function tool as every vendor's wire describes it.</summary>
    /// <param name="Name">The function name.</param>
    /// <param name="Description">The description, or null.</param>
    /// <param name="Parameters">The JSON schema of the parameters.</param>
    /// <param name="Strict">The <c>strict</c> flag, or null to leave the vendor's default.</param>
    internal readonly record struct Declaration(string Name, string? Description, JsonElement Parameters, bool? Strict);

    /// <summary>Reads the function declarations of <see cref="ChatOptions.Tools"/>.</summary>
    /// <param name="options">The options.</param>
    /// <param name="vendor">The vendor name, for the message of a tool it cannot take.</param>
    /// <returns>The declarations, or null when there are none.</returns>
    /// <exception cref="ArgumentException">A tool is null or not a function (<see cref="AIFunctionDeclaration"/>).</exception>
    public static List<Declaration>? Declarations(ChatOptions? options, string vendor)
    {
        if (options?.Tools is not { Count: > 0 } tools)
        {
            return null;
        }

        bool? defaultStrict = Strict(options.AdditionalProperties);
        var list = new List<Declaration>(tools.Count);
        for (int i = 0; i < tools.Count; i++)
        {
            if (tools[i] is not AIFunctionDeclaration f)
            {
                throw new ArgumentException(
                    $"ChatOptions.Tools[{i}] ('{tools[i]?.Name}', {tools[i]?.GetType().Name ?? "null"}) is not a function; {vendor} takes only function tools (AIFunctionFactory.Create or AIFunctionFactory.CreateDeclaration).",
                    nameof(options));
            }

            list.Add(new Declaration(f.Name, string.IsNullOrEmpty(f.Description) ? null : f.Description, f.JsonSchema, Strict(f.AdditionalProperties) ?? defaultStrict));
        }

        return list;
    }

    /// <summary>Reads <see cref="LlmAdditionalProperties.StrictJsonSchema"/>.</summary>
    /// <param name="properties">The properties.</param>
    /// <returns>The flag, or null when unset.</returns>
    public static bool? Strict(IReadOnlyDictionary<string, object?>? properties)
        => properties is not null && properties.TryGetValue(LlmAdditionalProperties.StrictJsonSchema, out var value) && value is bool b ? b : null;

    /// <summary>Creates a call from the arguments string a vendor sent.</summary>
    /// <param name="callId">The call id.</param>
    /// <param name="name">The function name.</param>
    /// <param name="arguments">The arguments as JSON text (an object), or null.</param>
    /// <returns>
    /// The call with parsed <see cref="FunctionCallContent.Arguments"/>. Text that is not a JSON object is kept, not thrown on:
    /// the call then has no arguments, <see cref="FunctionCallContent.Exception"/> says why, and the text is in
    /// <see cref="AIContent.RawRepresentation"/> (as it always is), so it goes back to the vendor unchanged.
    /// </returns>
    public static FunctionCallContent Call(string callId, string name, string? arguments)
    {
        var call = FunctionCallContent.CreateFromParsedArguments(arguments ?? string.Empty, callId, name, ParseArguments);
        call.RawRepresentation = arguments ?? string.Empty;
        return call;
    }

    /// <summary>The arguments of a call as the JSON text to send back.</summary>
    /// <param name="call">The call.</param>
    /// <returns>The text the vendor sent (kept in <see cref="AIContent.RawRepresentation"/>), else the serialized arguments, else <c>{}</c>.</returns>
    public static string ArgumentsJson(FunctionCallContent call)
    {
        if (call.RawRepresentation is string raw && (call.Arguments is null || call.Exception is not null || raw.Length > 0))
        {
            return raw.Length == 0 ? "{}" : raw;
        }

        return call.Arguments is null ? "{}" : JsonSerializer.Serialize(call.Arguments, WireOptions.GetTypeInfo(typeof(IDictionary<string, object?>)));
    }

    /// <summary>The result of a call as the text to send to the vendor.</summary>
    /// <param name="result">The result.</param>
    /// <returns>A string result as is; a JSON element as its raw text; anything else serialized to JSON; null as empty.</returns>
    public static string ResultText(FunctionResultContent result) => result.Result switch
    {
        null => string.Empty,
        string s => s,
        JsonElement e => e.ValueKind == JsonValueKind.String ? e.GetString() ?? string.Empty : e.GetRawText(),
        var other => JsonSerializer.Serialize(other, WireOptions.GetTypeInfo(other.GetType())),
    };

    private static JsonSerializerOptions CreateWireOptions()
    {
        var options = new JsonSerializerOptions(AIJsonUtilities.DefaultOptions) { WriteIndented = false };
        options.MakeReadOnly();
        return options;
    }

    private static Dictionary<string, object?>? ParseArguments(string json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return [];
        }

        using var doc = JsonDocument.Parse(json);
        if (doc.RootElement.ValueKind != JsonValueKind.Object)
        {
            throw new JsonException($"The arguments are a JSON {doc.RootElement.ValueKind}, not an object.");
        }

        var args = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var property in doc.RootElement.EnumerateObject())
        {
            args[property.Name] = property.Value.Clone();
        }

        return args;
    }
}
