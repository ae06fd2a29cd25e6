using System.Text.Json;

namespace LlmClients.OpenAICompatible;

/// <summary>
/// Writes an OpenAI-style chat request (<c>/chat/completions</c>: OpenAI, DashScope compatible mode, Zhipu, Qianfan v2,
/// Spark, batch lines) by hand into a <see cref="Utf8JsonWriter"/>: fields in a fixed order, snake_case names, fields that
/// are not set left out, except a message's <c>content</c>, which is always written (OpenAI wants <c>"content": null</c>
/// on an assistant message that only calls tools). No serializer metadata is built on the way, so the first call of a
/// process jits only these few methods rather than a type-info graph of the whole request.
/// </summary>
internal static class OpenAIRequestWriter
{
    /// <summary>Writes a request object.</summary>
    /// <param name="writer">The writer.</param>
    /// <param name="request">The request.</param>
    public static void Write(Utf8JsonWriter writer, OpenAIChatRequest request)
    {
        writer.WriteStartObject();
        writer.WriteString("model"u8, request.Model);
        writer.WriteStartArray("messages"u8);
        foreach (var message in request.Messages)
        {
            WriteMessage(writer, message);
        }

        writer.WriteEndArray();
        Bool(writer, "stream"u8, request.Stream);
        if (request.StreamOptions is not null)
        {
            writer.WriteStartObject("stream_options"u8);
            writer.WriteBoolean("include_usage"u8, request.StreamOptions.IncludeUsage);
            writer.WriteEndObject();
        }

        Number(writer, "temperature"u8, request.Temperature);
        Number(writer, "top_p"u8, request.TopP);
        Number(writer, "top_k"u8, request.TopK);
        Number(writer, "max_tokens"u8, request.MaxTokens);
        Number(writer, "max_completion_tokens"u8, request.MaxCompletionTokens);
        Strings(writer, "stop"u8, request.Stop);

        Number(writer, "seed"u8, request.Seed);

        Number(writer, "frequency_penalty"u8, request.FrequencyPenalty);
        Number(writer, "presence_penalty"u8, request.PresencePenalty);
        if (request.Tools is { } tools)
        {
            WriteTools(writer, tools);
        }

        Element(writer, "tool_choice"u8, request.ToolChoice);
        Bool(writer, "parallel_tool_calls"u8, request.ParallelToolCalls);
        if (request.ResponseFormat is { } format)
        {
            WriteResponseFormat(writer, format);
        }

        String(writer, "user"u8, request.User);
        String(writer, "reasoning_effort"u8, request.ReasoningEffort);
        Bool(writer, "enable_thinking"u8, request.EnableThinking);
        if (request.Thinking is { } thinking)
        {
            writer.WriteStartObject("thinking"u8);
            writer.WriteString("type"u8, thinking.Type);
            writer.WriteEndObject();
        }

        writer.WriteEndObject();
    }

    /// <summary>Writes one message object (also the messages of DashScope's native <c>input.messages</c>).</summary>
    /// <param name="writer">The writer.</param>
    /// <param name="message">The message.</param>
    public static void WriteMessage(Utf8JsonWriter writer, OpenAIMessage message)
    {
        writer.WriteStartObject();
        String(writer, "role"u8, message.Role);
        writer.WritePropertyName("content"u8);
        WriteContent(writer, message.Content);
        String(writer, "name"u8, message.Name);
        String(writer, "reasoning_content"u8, message.ReasoningContent);
        if (message.ToolCalls is { } calls)
        {
            writer.WriteStartArray("tool_calls"u8);
            foreach (var call in calls)
            {
                writer.WriteStartObject();
                Number(writer, "index"u8, call.Index);
                String(writer, "id"u8, call.Id);
                String(writer, "type"u8, call.Type);
                if (call.Function is { } function)
                {
                    writer.WriteStartObject("function"u8);
                    String(writer, "name"u8, function.Name);
                    String(writer, "arguments"u8, function.Arguments);
                    writer.WriteEndObject();
                }

                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }

        String(writer, "tool_call_id"u8, message.ToolCallId);
        String(writer, "refusal"u8, message.Refusal);
        writer.WriteEndObject();
    }

    /// <summary>Writes a message's content: its parts as an array, else its text, else JSON null.</summary>
    /// <param name="writer">The writer.</param>
    /// <param name="content">The content.</param>
    public static void WriteContent(Utf8JsonWriter writer, OpenAIContent content)
    {
        if (content.Parts is { } parts)
        {
            writer.WriteStartArray();
            foreach (var part in parts)
            {
                WritePart(writer, part);
            }

            writer.WriteEndArray();
        }
        else if (content.Text is { } text)
        {
            writer.WriteStringValue(text);
        }
        else
        {
            writer.WriteNullValue();
        }
    }

    private static void WritePart(Utf8JsonWriter writer, OpenAIContentPart part)
    {
        writer.WriteStartObject();
        String(writer, "type"u8, part.Type);
        String(writer, "text"u8, part.Text);
        if (part.ImageUrl is { } image)
        {
            writer.WriteStartObject("image_url"u8);
            writer.WriteString("url"u8, image.Url);
            String(writer, "detail"u8, image.Detail);
            writer.WriteEndObject();
        }

        if (part.InputAudio is { } audio)
        {
            writer.WriteStartObject("input_audio"u8);
            writer.WriteString("data"u8, audio.Data);
            writer.WriteString("format"u8, audio.Format);
            writer.WriteEndObject();
        }

        String(writer, "image"u8, part.Image);
        String(writer, "audio"u8, part.Audio);
        String(writer, "video"u8, part.Video);
        Strings(writer, "doc_url"u8, part.DocUrl);
        writer.WriteEndObject();
    }

    private static void WriteTools(Utf8JsonWriter writer, List<OpenAITool> tools)
    {
        writer.WriteStartArray("tools"u8);
        foreach (var tool in tools)
        {
            writer.WriteStartObject();
            writer.WriteString("type"u8, tool.Type);
            writer.WriteStartObject("function"u8);
            writer.WriteString("name"u8, tool.Function.Name);
            String(writer, "description"u8, tool.Function.Description);
            Element(writer, "parameters"u8, tool.Function.Parameters);
            Bool(writer, "strict"u8, tool.Function.Strict);
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }

    private static void WriteResponseFormat(Utf8JsonWriter writer, OpenAIResponseFormat format)
    {
        writer.WriteStartObject("response_format"u8);
        writer.WriteString("type"u8, format.Type);
        if (format.JsonSchema is { } schema)
        {
            writer.WriteStartObject("json_schema"u8);
            writer.WriteString("name"u8, schema.Name);
            String(writer, "description"u8, schema.Description);
            Element(writer, "schema"u8, schema.Schema);
            Bool(writer, "strict"u8, schema.Strict);
            writer.WriteEndObject();
        }

        writer.WriteEndObject();
    }

    private static void String(Utf8JsonWriter writer, ReadOnlySpan<byte> name, string? value)
    {
        if (value is not null)
        {
            writer.WriteString(name, value);
        }
    }

    private static void Strings(Utf8JsonWriter writer, ReadOnlySpan<byte> name, List<string>? values)
    {
        if (values is null)
        {
            return;
        }

        writer.WriteStartArray(name);
        foreach (var value in values)
        {
            writer.WriteStringValue(value);
        }

        writer.WriteEndArray();
    }

    private static void Bool(Utf8JsonWriter writer, ReadOnlySpan<byte> name, bool? value)
    {
        if (value is { } b)
        {
            writer.WriteBoolean(name, b);
        }
    }

    // Integers (token caps, top_k, index, seed) as long: the same digits as an int.
    private static void Number(Utf8JsonWriter writer, ReadOnlySpan<byte> name, long? value)
    {
        if (value is { } n)
        {
            writer.WriteNumber(name, n);
        }
    }

    // Floats keep their own shortest round-trip form (0.7, not 0.699999988079071).
    private static void Number(Utf8JsonWriter writer, ReadOnlySpan<byte> name, float? value)
    {
        if (value.HasValue)
        {
            writer.WriteNumber(name, value.GetValueOrDefault());
        }
    }

    private static void Element(Utf8JsonWriter writer, ReadOnlySpan<byte> name, JsonElement? value)
    {
        if (value is { } element)
        {
            writer.WritePropertyName(name);
            element.WriteTo(writer);
        }
    }
}
