namespace LlmClients.Testing;

// The values the emulator makes up for a JSON schema (structured output replies).
public static partial class EmulatorReplies
{
    private static JsonNode? SchemaValue(JsonNode? schema, JsonNode root, string echo, int depth)
    {
        if (depth > 16 || schema is not JsonObject s)
        {
            return depth > 16 ? null : JsonValue.Create(echo);
        }

        if (s.TryGetPropertyValue("const", out var constant))
        {
            return constant?.DeepClone();
        }

        if (s["enum"] is JsonArray { Count: > 0 } values)
        {
            return values[0]?.DeepClone();
        }

        if (EmulatorJson.GetString(s, "$ref") is { } reference)
        {
            return SchemaValue(Resolve(root, reference), root, echo, depth + 1);
        }

        foreach (var combinator in new[] { "anyOf", "oneOf", "allOf" })
        {
            if (s[combinator] is JsonArray { Count: > 0 } alternatives)
            {
                var pick = alternatives.FirstOrDefault(a => !(a is JsonObject o && EmulatorJson.GetString(o, "type") == "null")) ?? alternatives[0];
                return SchemaValue(pick, root, echo, depth + 1);
            }
        }

        var type = s["type"] is JsonArray types
            ? types.Select(EmulatorJson.AsString).FirstOrDefault(t => t is not null and not "null") ?? "null"
            : EmulatorJson.GetString(s, "type") ?? (s.ContainsKey("properties") ? "object" : s.ContainsKey("items") ? "array" : "string");
        switch (type)
        {
            case "object":
                var result = new JsonObject();
                if (s["properties"] is JsonObject { Count: > 0 } properties)
                {
                    foreach (var (name, property) in properties)
                    {
                        result[name] = SchemaValue(property, root, echo, depth + 1);
                    }
                }
                else if (s["additionalProperties"] is not JsonValue additional || additional.GetValueKind() != System.Text.Json.JsonValueKind.False)
                {
                    result["echo"] = echo;
                }

                return result;
            case "array":
                var count = Number(s, "maxItems") == 0 ? 0 : (int)Math.Max(1, Number(s, "minItems") ?? 1);
                var items = new JsonArray();
                for (var i = 0; i < count; i++)
                {
                    items.Add(SchemaValue(s["items"] as JsonObject ?? [], root, echo, depth + 1));
                }

                return items;
            case "integer":
                return JsonValue.Create((long)Math.Round(Clamp(s, 1, 1)));
            case "number":
                return JsonValue.Create(Clamp(s, 1.5, 0.5));
            case "boolean":
                return JsonValue.Create(true);
            case "null":
                return null;
            default:
                return JsonValue.Create(EmulatorJson.GetString(s, "format") switch
                {
                    "date-time" => "2024-01-01T00:00:00Z",
                    "date" => "2024-01-01",
                    "time" => "00:00:00",
                    "uuid" => "00000000-0000-0000-0000-000000000000",
                    "uri" => "https://example.com/",
                    "email" => "user@example.com",
                    _ => echo,
                });
        }
    }

    private static double Clamp(JsonObject schema, double value, double step)
    {
        if (Number(schema, "minimum") is { } min && value < min)
        {
            value = Math.Ceiling(min);
        }

        if (Number(schema, "exclusiveMinimum") is { } exclusiveMin && value <= exclusiveMin)
        {
            value = Math.Floor(exclusiveMin) + step;
        }

        if (Number(schema, "maximum") is { } max && value > max)
        {
            value = Math.Floor(max);
        }

        if (Number(schema, "exclusiveMaximum") is { } exclusiveMax && value >= exclusiveMax)
        {
            value = Math.Ceiling(exclusiveMax) - step;
        }

        return value;
    }

    private static double? Number(JsonObject schema, string name) =>
        schema[name] is JsonValue value && value.GetValueKind() == System.Text.Json.JsonValueKind.Number ? value.GetValue<double>() : null;

    private static JsonNode? Resolve(JsonNode root, string reference)
    {
        if (!reference.StartsWith('#'))
        {
            return null;
        }

        var node = root;
        foreach (var segment in reference[1..].Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            var key = Uri.UnescapeDataString(segment).Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
            node = node switch
            {
                JsonObject obj => obj[key],
                JsonArray array when int.TryParse(key, System.Globalization.CultureInfo.InvariantCulture, out var index) && index < array.Count => array[index],
                _ => null,
            };
        }

        return node;
    }
}
