using System.Text.Json;

namespace LlmClients.Shared;

/// <summary>Maps Microsoft.Extensions.AI tools, calls and results to and from the JSON strings vendors exchange.</summary>
internal static class ToolCalls
{
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
    /// <exception cref="ArgumentException">
    /// A tool is null, not a function (<see cref="AIFunctionDeclaration"/>), unnamed, named like another, or has no JSON-object
    /// schema; or <see cref="ChatOptions.ToolMode"/> requires a function that is not among the tools.
    /// </exception>
    public static List<Declaration>? Declarations(ChatOptions? options, string vendor)
        => options?.Tools is { Count: > 0 } tools ? Declarations(options, tools, vendor) : NoDeclarations(options);

    // Apart from Declarations(options, tools, vendor): a call without tools (most calls) never jits the tool checks.
    private static List<Declaration>? NoDeclarations(ChatOptions? options)
    {
        if (options?.ToolMode is RequiredChatToolMode required)
        {
            throw new ArgumentException(
                $"ChatOptions.ToolMode is {(required.RequiredFunctionName is { } n ? $"RequireSpecific(\"{n}\")" : "RequireAny")} but ChatOptions.Tools is empty: add the function tools the model must call, or set ToolMode to Auto or None.",
                nameof(options));
        }

        return null;
    }

    private static List<Declaration> Declarations(ChatOptions options, IList<AITool> tools, string vendor)
    {
        bool? defaultStrict = Strict(options.AdditionalProperties);
        var list = new List<Declaration>(tools.Count);
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < tools.Count; i++)
        {
            if (tools[i] is not AIFunctionDeclaration f)
            {
                throw new ArgumentException(
                    $"ChatOptions.Tools[{i}] ('{tools[i]?.Name}', {tools[i]?.GetType().Name ?? "null"}) is not a function; {vendor} takes only function tools (AIFunctionFactory.Create or AIFunctionFactory.CreateDeclaration).",
                    nameof(options));
            }

            if (string.IsNullOrWhiteSpace(f.Name))
            {
                throw new ArgumentException($"ChatOptions.Tools[{i}] has no name; give the function a name (the model calls it by name).", nameof(options));
            }

            if (!IsValidName(f.Name))
            {
                throw new ArgumentException(
                    $"ChatOptions.Tools[{i}] is named '{f.Name}'; function names must be 1 to 64 characters from A-Z, a-z, 0-9, '_' and '-' (the OpenAI-style wires reject others), so rename it.",
                    nameof(options));
            }

            if (!names.Add(f.Name))
            {
                throw new ArgumentException(
                    $"ChatOptions.Tools[{i}] is named '{f.Name}' like an earlier tool; the model calls tools by name, so give each tool its own name (or remove the duplicate).",
                    nameof(options));
            }

            if (f.JsonSchema.ValueKind != JsonValueKind.Object)
            {
                throw new ArgumentException(
                    $"ChatOptions.Tools[{i}] ('{f.Name}') has a parameter schema that is {(f.JsonSchema.ValueKind == JsonValueKind.Undefined ? "not set" : $"a JSON {f.JsonSchema.ValueKind}")}; it must be a JSON schema object such as {{\"type\":\"object\",\"properties\":{{}}}} (AIFunctionFactory builds one).",
                    nameof(options));
            }

            list.Add(new Declaration(f.Name, string.IsNullOrEmpty(f.Description) ? null : f.Description, f.JsonSchema, Strict(f.AdditionalProperties) ?? defaultStrict));
        }

        if (options.ToolMode is RequiredChatToolMode { RequiredFunctionName: { } requiredName } && !names.Contains(requiredName))
        {
            throw new ArgumentException(
                $"ChatOptions.ToolMode requires function '{requiredName}', which is not in ChatOptions.Tools ({string.Join(", ", names)}): add that tool, or name one of these.",
                nameof(options));
        }

        return list;
    }

    /// <summary>Says whether a function name matches <c>[A-Za-z0-9_-]{1,64}</c>, the rule of the OpenAI-style wires.</summary>
    /// <param name="name">The name.</param>
    /// <returns>True when the name is valid.</returns>
    internal static bool IsValidName(string name)
        => name.Length is >= 1 and <= 64 && !name.AsSpan().ContainsAnyExcept(NameChars);

    private static readonly System.Buffers.SearchValues<char> NameChars =
        System.Buffers.SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-");

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
    /// <param name="messageIndex">The index of the message holding the call, for the error message.</param>
    /// <exception cref="ArgumentException">An argument value cannot be serialized to JSON.</exception>
    public static string ArgumentsJson(FunctionCallContent call, int messageIndex = -1)
    {
        if (call.RawRepresentation is string raw && (call.Arguments is null || call.Exception is not null || raw.Length > 0))
        {
            return raw.Length == 0 ? "{}" : raw;
        }

        return call.Arguments is null
            ? "{}"
            : Compact(call.Arguments, typeof(IDictionary<string, object?>), () => $"{Where(messageIndex)}the arguments of FunctionCallContent '{call.Name}' (call '{call.CallId}')", "pass argument values JSON can hold (strings, numbers, bools, lists, dictionaries, JsonElement)");
    }

    /// <summary>Checks what every wire needs of a call and a result sent back: a function name and a call id.</summary>
    /// <param name="content">A <see cref="FunctionCallContent"/> or <see cref="FunctionResultContent"/>; other contents pass.</param>
    /// <param name="messageIndex">The index of the message, for the error message.</param>
    /// <param name="needsCallId">Whether the wire matches results to calls by id (every wire but Qianfan v1's).</param>
    /// <exception cref="ArgumentException">The name or the call id is empty.</exception>
    public static void Check(AIContent content, int messageIndex, bool needsCallId = true)
    {
        switch (content)
        {
            case FunctionCallContent call when string.IsNullOrWhiteSpace(call.Name):
                throw new ArgumentException(
                    $"{Where(messageIndex)}FunctionCallContent (call '{call.CallId}') has no function name; vendors reject a call without one. Keep the call as the model returned it, or remove it together with its result.",
                    "messages");
            case FunctionCallContent call when needsCallId && string.IsNullOrWhiteSpace(call.CallId):
                throw new ArgumentException(
                    $"{Where(messageIndex)}FunctionCallContent '{call.Name}' has an empty CallId; vendors match results to calls by id. Keep the id the model returned (and use it in the FunctionResultContent).",
                    "messages");
            case FunctionResultContent result when needsCallId && string.IsNullOrWhiteSpace(result.CallId):
                throw new ArgumentException(
                    $"{Where(messageIndex)}FunctionResultContent has an empty CallId; vendors match results to calls by id. Use the CallId of the FunctionCallContent it answers.",
                    "messages");
        }
    }

    private static string Where(int messageIndex) => messageIndex >= 0 ? $"messages[{messageIndex}]: " : string.Empty;

    /// <summary>The result of a call as the text to send to the vendor.</summary>
    /// <param name="result">The result.</param>
    /// <returns>A string result as is; a JSON element as its raw text; anything else serialized to JSON; null as empty.</returns>
    /// <param name="messageIndex">The index of the message holding the result, for the error message.</param>
    /// <exception cref="ArgumentException">The result cannot be serialized to JSON.</exception>
    public static string ResultText(FunctionResultContent result, int messageIndex = -1) => result.Result switch
    {
        null => string.Empty,
        string s => s,
        // M.E.AI's function invocation hands back results as JsonElements written with its indented defaults: objects and
        // arrays are rewritten compactly, as indentation is billed as input tokens on every later turn.
        JsonElement e => e.ValueKind switch
        {
            JsonValueKind.String => e.GetString() ?? string.Empty,
            JsonValueKind.Undefined => string.Empty,
            JsonValueKind.Object or JsonValueKind.Array => CompactElement(e),
            _ => e.GetRawText(),
        },
        var other => Compact(other, other.GetType(), () => $"{Where(messageIndex)}the Result ({other.GetType().Name}) of FunctionResultContent for call '{result.CallId}'", "convert the result to a string, a JsonElement or a JSON-serializable object"),
    };

    // M.E.AI's default options indent; the wire wants compact JSON (the writer's options govern the layout).
    private static string CompactElement(JsonElement element) => WriteCompact(element.WriteTo);

    private static string Compact(object value, Type type, Func<string> what, string fix)
    {
        try
        {
            return WriteCompact(writer => JsonSerializer.Serialize(writer, value, AIJsonUtilities.DefaultOptions.GetTypeInfo(type)));
        }
        catch (Exception ex) when (ex is NotSupportedException or JsonException or InvalidOperationException or ArgumentException)
        {
            throw new ArgumentException($"{what()} cannot be sent as JSON ({ex.Message}); {fix}.", "messages", ex);
        }
    }

    private static string WriteCompact(Action<Utf8JsonWriter> write)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            write(writer);
        }

        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
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
