namespace LlmClients.Testing;

/// <summary>
/// The tool-call and response-format rules every chat route shares (stated in <see cref="EmulatorReplies"/>), so that
/// OpenAI, DashScope (both modes), Zhipu and Qianfan (v1 and v2) answer the same conversation the same way.
/// </summary>
internal static class EmulatorTools
{
    /// <summary>
    /// Picks the function to call, or null for a text reply: the request has tools (OpenAI-style
    /// <c>[{"type":"function","function":{"name":..}}]</c> or Qianfan v1 <c>functions</c> <c>[{"name":..}]</c>), the last
    /// message is from the user, <c>tool_choice</c> is not <c>"none"</c>, and <c>tool_choice</c> names a function (that one),
    /// is <c>"required"</c>, or the prompt text contains "weather" (any case) or "天气" (the first function).
    /// </summary>
    /// <param name="tools">The <c>tools</c> (or <c>functions</c>) node.</param>
    /// <param name="toolChoice">The <c>tool_choice</c> node.</param>
    /// <param name="lastRole">The role of the last message.</param>
    /// <param name="text">The prompt text.</param>
    public static string? ToolToCall(JsonNode? tools, JsonNode? toolChoice, string? lastRole, string text)
    {
        if (lastRole != "user" || tools is not JsonArray { Count: > 0 } list)
        {
            return null;
        }

        var mode = EmulatorJson.AsString(toolChoice);
        var named = toolChoice is JsonObject choice && choice["function"] is JsonObject function ? EmulatorJson.GetString(function, "name") : null;
        if (mode == "none" || (named is null && mode != "required" && !Triggers(text)))
        {
            return null;
        }

        return named ?? list.OfType<JsonObject>().Select(Name).FirstOrDefault(name => name is not null) ?? "function";
    }

    /// <summary>
    /// Returns the reply text for a <c>response_format</c>: a JSON object built from the schema for
    /// <c>{"type":"json_schema","json_schema":{"schema":..}}</c> (<see cref="EmulatorReplies.JsonSchemaText"/>),
    /// <see cref="EmulatorReplies.JsonText"/> for <c>json_object</c> (an object, or Qianfan v1's bare string) or a
    /// <c>json_schema</c> without a schema, else <see cref="EmulatorReplies.ChatText"/>.
    /// </summary>
    /// <param name="model">The requested model.</param>
    /// <param name="text">The prompt text.</param>
    /// <param name="responseFormat">The <c>response_format</c> node.</param>
    public static string ReplyText(string model, string text, JsonNode? responseFormat)
    {
        var type = responseFormat is JsonObject format ? EmulatorJson.GetString(format, "type") : EmulatorJson.AsString(responseFormat);
        if (type == "json_schema" && responseFormat!["json_schema"] is JsonObject jsonSchema && jsonSchema["schema"] is JsonObject schema)
        {
            return EmulatorReplies.JsonSchemaText(model, text, schema);
        }

        return type is "json_object" or "json_schema" ? EmulatorReplies.JsonText(model, text) : EmulatorReplies.ChatText(model, text);
    }

    /// <summary>Returns the arguments for a call of <paramref name="name"/>, from that function's declared parameters.</summary>
    /// <param name="tools">The <c>tools</c> (or Qianfan v1 <c>functions</c>) node.</param>
    /// <param name="name">The function to call.</param>
    /// <param name="text">The prompt text.</param>
    public static string Arguments(JsonNode? tools, string name, string text)
    {
        var declaration = (tools as JsonArray)?.OfType<JsonObject>()
            .Select(tool => tool["function"] as JsonObject ?? tool)
            .FirstOrDefault(function => EmulatorJson.GetString(function, "name") == name);
        return EmulatorReplies.ToolArguments(text, declaration?["parameters"]);
    }

    private static bool Triggers(string text) =>
        text.Contains("weather", StringComparison.OrdinalIgnoreCase) || text.Contains("天气", StringComparison.Ordinal);

    private static string? Name(JsonObject tool) =>
        tool["function"] is JsonObject function ? EmulatorJson.GetString(function, "name") : EmulatorJson.GetString(tool, "name");
}
