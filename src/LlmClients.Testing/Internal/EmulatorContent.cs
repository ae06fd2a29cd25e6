namespace LlmClients.Testing;

/// <summary>
/// Reads request messages the same way on every route: a <c>content</c> that is a string, an OpenAI-style array of typed
/// parts, or a DashScope-native list of <c>{"text"|"image"|"audio"|"video": ..}</c> objects, and the reasoning switches of
/// the OpenAI, DashScope and Zhipu dialects. Never throws on an unexpected shape: what it cannot read counts as no text.
/// </summary>
internal static class EmulatorContent
{
    /// <summary>
    /// Returns the text of a message content as the replies echo it (rules in <see cref="EmulatorReplies"/>): a string as is;
    /// for a list, each part in order, a text part as its text and a media part as <see cref="EmulatorReplies.ImagePart"/>,
    /// <see cref="EmulatorReplies.AudioPart"/>, <see cref="EmulatorReplies.VideoPart"/> or <see cref="EmulatorReplies.DocumentPart"/>.
    /// </summary>
    public static string Text(JsonNode? content)
    {
        if (content is not JsonArray parts)
        {
            return EmulatorJson.AsString(content) ?? "";
        }

        var builder = new StringBuilder();
        foreach (var part in parts)
        {
            builder.Append(part switch
            {
                JsonObject obj => PartText(obj),
                _ => EmulatorJson.AsString(part),
            });
        }

        return builder.ToString();
    }

    /// <summary>
    /// Tells whether a reply carries reasoning: an explicit switch in <paramref name="fields"/> wins (<c>enable_thinking</c>
    /// true/false, <c>thinking.type</c> <c>enabled</c>/<c>disabled</c>, <c>reasoning_effort</c> other than / equal to
    /// <c>none</c>), else <see cref="EmulatorReplies.IsReasoningModel"/>.
    /// </summary>
    /// <param name="model">The requested model.</param>
    /// <param name="fields">The object holding the switches: the body (OpenAI, compatible mode, Zhipu) or DashScope's <c>parameters</c>.</param>
    public static bool ThinkingOn(string model, JsonObject fields)
    {
        if (fields["enable_thinking"] is JsonValue enable && enable.GetValueKind() is JsonValueKind.True or JsonValueKind.False)
        {
            return enable.GetValueKind() == JsonValueKind.True;
        }

        if (fields["thinking"] is JsonObject thinking && EmulatorJson.GetString(thinking, "type") is "enabled" or "disabled")
        {
            return EmulatorJson.GetString(thinking, "type") == "enabled";
        }

        if (EmulatorJson.GetString(fields, "reasoning_effort") is { Length: > 0 } effort)
        {
            return !effort.Equals("none", StringComparison.OrdinalIgnoreCase);
        }

        return EmulatorReplies.IsReasoningModel(model);
    }

    private static string? PartText(JsonObject part)
    {
        // OpenAI style: {"type":"text","text":..}, {"type":"image_url",..}, {"type":"input_audio",..}, {"type":"video_url",..}.
        if (EmulatorJson.GetString(part, "type") is { } type)
        {
            return type switch
            {
                "text" => EmulatorJson.GetString(part, "text"),
                "image_url" or "image" => EmulatorReplies.ImagePart,
                "input_audio" or "audio" or "audio_url" => EmulatorReplies.AudioPart,
                "video_url" or "video" => EmulatorReplies.VideoPart,
                "doc_url" => EmulatorReplies.DocumentPart,
                _ => $"[{type}]",
            };
        }

        // DashScope native multimodal: {"text":..}, {"image":..}, {"audio":..}, {"video":..}.
        return part.ContainsKey("text") ? EmulatorJson.GetString(part, "text")
            : part.ContainsKey("image") ? EmulatorReplies.ImagePart
            : part.ContainsKey("audio") ? EmulatorReplies.AudioPart
            : part.ContainsKey("video") ? EmulatorReplies.VideoPart
            : null;
    }
}
