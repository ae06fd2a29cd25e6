using System.Text.Json;

namespace LlmClients.OpenAICompatible;

/// <summary>
/// Reads OpenAI-style stream chunks (<c>chat.completion.chunk</c>) straight from the event's UTF-8 payload in one
/// <see cref="Utf8JsonReader"/> pass, into the stream's reused <see cref="StreamChunk"/>: no wire records per chunk, and
/// the id and model (the same on every chunk) are created once per stream. Only the first choice with <c>index</c> 0 is
/// read (the <c>include_usage</c> chunk has <c>"choices": []</c>); unknown fields are skipped. Rare shapes (tool calls,
/// content as an array of parts) go through the wire records' converters, so they read exactly as before.
/// </summary>
internal static class OpenAIChunkReader
{
    /// <summary>Reads the tool calls of a delta (OpenAI: an array of <c>{index, id, type, function{name, arguments}}</c>).</summary>
    /// <param name="reader">The reader, on the value.</param>
    /// <returns>The calls, or null.</returns>
    public delegate List<OpenAIToolCall>? ToolCallsReader(ref Utf8JsonReader reader);

    /// <summary>Parses one chunk.</summary>
    /// <param name="json">The event payload.</param>
    /// <param name="chunk">The stream's chunk, already reset.</param>
    /// <returns>True when the chunk carries a non-null <c>error</c> (an error inside a 200 stream).</returns>
    /// <exception cref="JsonException">The payload is not a JSON object of the chunk's shape.</exception>
    public static bool Read(ReadOnlySpan<byte> json, StreamChunk chunk)
    {
        var reader = ChunkJson.OpenObject(json);

        bool error = false;
        while (ChunkJson.NextProperty(ref reader, out var name))
        {
            if (name.SequenceEqual("choices"u8))
            {
                ReadChoices(ref reader, chunk, "delta"u8, OpenAIToolCalls);
            }
            else if (name.SequenceEqual("id"u8))
            {
                chunk.ResponseId = ChunkJson.Repeated(ref reader, ref chunk.LastResponseId);
            }
            else if (name.SequenceEqual("model"u8))
            {
                chunk.ModelId = ChunkJson.Repeated(ref reader, ref chunk.LastModelId);
            }
            else if (name.SequenceEqual("created"u8))
            {
                chunk.CreatedAt = ChunkJson.Int64(ref reader) is long created ? DateTimeOffset.FromUnixTimeSeconds(created) : null;
            }
            else if (name.SequenceEqual("usage"u8))
            {
                ReadUsage(ref reader, chunk, "prompt_tokens"u8, "completion_tokens"u8, "completion_tokens_details"u8);
            }
            else if (name.SequenceEqual("request_id"u8))
            {
                chunk.RequestId = ChunkJson.Repeated(ref reader, ref chunk.LastRequestId);
            }
            else if (name.SequenceEqual("error"u8))
            {
                error |= reader.TokenType != JsonTokenType.Null;
                reader.Skip();
            }
            else
            {
                reader.Skip();
            }
        }

        ChunkJson.CloseObject(ref reader);
        return error;
    }

    /// <summary>
    /// Reads a <c>choices</c> array into the chunk: the first choice with <c>index</c> 0 (an absent index is 0) gives the role,
    /// text (or the refusal, when there is no text), reasoning, tool-call fragments, finish reason, and logprobs and refusal as extras (Qianfan v2's <c>is_end: true</c> without a finish reason is a stop).
    /// </summary>
    /// <param name="reader">The reader, on the value.</param>
    /// <param name="chunk">The chunk.</param>
    /// <param name="deltaName">The name of the choice's message (<c>delta</c>; DashScope native streams use <c>message</c>).</param>
    /// <param name="toolCalls">Reads a delta's <c>tool_calls</c>.</param>
    /// <returns>True when the array had at least one element.</returns>
    /// <exception cref="JsonException">The value is not of the choices' shape.</exception>
    public static bool ReadChoices(ref Utf8JsonReader reader, StreamChunk chunk, ReadOnlySpan<byte> deltaName, ToolCallsReader toolCalls)
    {
        if (!ChunkJson.StartArray(ref reader))
        {
            return false;
        }

        bool any = false;
        bool taken = false;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            any = true;
            if (reader.TokenType == JsonTokenType.Null)
            {
                continue;
            }

            var choice = ReadChoice(ref reader, deltaName, toolCalls);
            if (!taken && choice.Index == 0)
            {
                taken = true;
                choice.ApplyTo(chunk);
            }
        }

        return any;
    }

    /// <summary>Reads a usage object into the stream's usage (<see cref="StreamChunk.NewUsage"/>); null leaves the chunk without usage.</summary>
    /// <param name="reader">The reader, on the value.</param>
    /// <param name="chunk">The chunk.</param>
    /// <param name="input">The input-token field (<c>prompt_tokens</c>; DashScope native: <c>input_tokens</c>).</param>
    /// <param name="output">The output-token field (<c>completion_tokens</c>; DashScope native: <c>output_tokens</c>).</param>
    /// <param name="outputDetails">The output details object holding <c>reasoning_tokens</c>.</param>
    /// <exception cref="JsonException">The value is not of the usage shape.</exception>
    public static void ReadUsage(ref Utf8JsonReader reader, StreamChunk chunk, ReadOnlySpan<byte> input, ReadOnlySpan<byte> output, ReadOnlySpan<byte> outputDetails)
    {
        if (!ChunkJson.StartObject(ref reader))
        {
            return;
        }

        var usage = chunk.NewUsage();
        while (ChunkJson.NextProperty(ref reader, out var name))
        {
            if (name.SequenceEqual(input))
            {
                usage.InputTokenCount = ChunkJson.Int64(ref reader);
            }
            else if (name.SequenceEqual(output))
            {
                usage.OutputTokenCount = ChunkJson.Int64(ref reader);
            }
            else if (name.SequenceEqual("total_tokens"u8))
            {
                usage.TotalTokenCount = ChunkJson.Int64(ref reader);
            }
            else if (name.SequenceEqual("prompt_tokens_details"u8))
            {
                usage.CachedInputTokenCount = ChunkJson.NumberIn(ref reader, "cached_tokens"u8);
            }
            else if (name.SequenceEqual(outputDetails))
            {
                usage.ReasoningTokenCount = ChunkJson.NumberIn(ref reader, "reasoning_tokens"u8);
            }
            else
            {
                reader.Skip();
            }
        }

        usage.TotalTokenCount ??= usage.InputTokenCount + usage.OutputTokenCount;
    }

    /// <summary>Reads OpenAI's <c>tool_calls</c> array through the wire records (tool-call chunks are rare).</summary>
    /// <param name="reader">The reader, on the value.</param>
    /// <returns>The calls, or null.</returns>
    public static List<OpenAIToolCall>? OpenAIToolCalls(ref Utf8JsonReader reader)
        => JsonSerializer.Deserialize(ref reader, OpenAIJsonContext.Default.ListOpenAIToolCall);

    private static Choice ReadChoice(ref Utf8JsonReader reader, ReadOnlySpan<byte> deltaName, ToolCallsReader toolCalls)
    {
        if (!ChunkJson.StartObject(ref reader))
        {
            return default;
        }

        var choice = default(Choice);
        while (ChunkJson.NextProperty(ref reader, out var name))
        {
            if (name.SequenceEqual(deltaName))
            {
                ReadMessage(ref reader, out choice.Delta, toolCalls);
            }
            else if (name.SequenceEqual("index"u8))
            {
                choice.Index = ChunkJson.Int32(ref reader) ?? throw new JsonException("A choice's index was null.");
            }
            else if (name.SequenceEqual("finish_reason"u8))
            {
                choice.FinishReason = ChunkJson.FinishReason(ref reader);
            }
            else if (name.SequenceEqual("is_end"u8))
            {
                choice.IsEnd = ChunkJson.Bool(ref reader) == true;
            }
            else if (name.SequenceEqual("logprobs"u8))
            {
                // Usually "logprobs": null; an object (asked for) is copied out of the parser's buffer.
                choice.Logprobs = reader.TokenType == JsonTokenType.Null ? null : JsonElement.ParseValue(ref reader);
            }
            else
            {
                reader.Skip();
            }
        }

        return choice;
    }

    // Apart from ReadMessage: a text content (the usual shape) never loads the serializer's context for the parts.
    private static OpenAIContent ReadContentParts(ref Utf8JsonReader reader)
        => new OpenAIContentConverter().Read(ref reader, typeof(OpenAIContent), OpenAIJsonContext.Default.Options);

    /// <summary>
    /// Reads a message object (a stream's <c>delta</c>, DashScope's streamed <c>message</c>, or a response's <c>message</c>):
    /// role (<c>assistant</c> is not re-created), content (a string, or the text of an array of parts), reasoning, tool
    /// calls, refusal, name and tool call id; other fields are skipped. The one field loop of both readers.
    /// </summary>
    /// <param name="reader">The reader, on the value.</param>
    /// <param name="message">The fields read.</param>
    /// <param name="toolCalls">Reads <c>tool_calls</c>.</param>
    /// <returns>False when the value is JSON null.</returns>
    /// <exception cref="JsonException">The value is not of a message's shape.</exception>
    public static bool ReadMessage(ref Utf8JsonReader reader, out MessageFields message, ToolCallsReader toolCalls)
    {
        message = default;
        if (!ChunkJson.StartObject(ref reader))
        {
            return false;
        }

        while (ChunkJson.NextProperty(ref reader, out var name))
        {
            if (name.SequenceEqual("content"u8))
            {
                message.Content = reader.TokenType == JsonTokenType.StartArray ? ReadContentParts(ref reader) : ChunkJson.String(ref reader);
            }
            else if (name.SequenceEqual("role"u8))
            {
                message.Role = reader.TokenType == JsonTokenType.String && reader.ValueTextEquals("assistant"u8) ? "assistant" : ChunkJson.String(ref reader);
            }
            else if (name.SequenceEqual("reasoning_content"u8))
            {
                message.Reasoning = ChunkJson.String(ref reader);
            }
            else if (name.SequenceEqual("tool_calls"u8))
            {
                message.ToolCalls = toolCalls(ref reader);
            }
            else if (name.SequenceEqual("refusal"u8))
            {
                message.Refusal = ChunkJson.String(ref reader);
            }
            else if (name.SequenceEqual("name"u8))
            {
                message.Name = ChunkJson.String(ref reader);
            }
            else if (name.SequenceEqual("tool_call_id"u8))
            {
                message.ToolCallId = ChunkJson.String(ref reader);
            }
            else
            {
                reader.Skip();
            }
        }

        return true;
    }

    /// <summary>The fields of a message object, as <see cref="ReadMessage"/> read them.</summary>
    internal struct MessageFields
    {
        public string? Role;
        public OpenAIContent Content;
        public string? Reasoning;
        public List<OpenAIToolCall>? ToolCalls;
        public string? Refusal;
        public string? Name;
        public string? ToolCallId;
    }

    private struct Choice
    {
        public int Index;
        public MessageFields Delta;
        public ChatFinishReason? FinishReason;
        public bool IsEnd;
        public JsonElement? Logprobs;

        public readonly void ApplyTo(StreamChunk chunk)
        {
            chunk.Role = Delta.Role switch
            {
                "assistant" => ChatRole.Assistant,
                { Length: > 0 } role => new ChatRole(role),
                _ => null,
            };

            // A structured-output refusal streams as delta.refusal with no content: it is the text, never an empty answer.
            var text = Delta.Content.Text;
            chunk.Text = text is { Length: > 0 } ? text : Delta.Refusal ?? text;
            chunk.Reasoning = Delta.Reasoning;

            // Quirk: a Qianfan v2 stream may end a choice with "is_end": true and no finish_reason before [DONE]: a normal stop.
            chunk.FinishReason = FinishReason ?? (IsEnd ? ChatFinishReason.Stop : null);
            // Logprobs and refusals ride as extras (a dictionary only on the chunks that carry them); the normalizer passes
            // each chunk's own on its update and puts the whole choice's on the final update, as a non-streaming response has them.
            if (Logprobs is { ValueKind: JsonValueKind.Object } logprobs)
            {
                (chunk.AdditionalProperties ??= [])[LlmAdditionalProperties.Logprobs] = logprobs;
            }

            if (Delta.Refusal is { Length: > 0 } refusal)
            {
                (chunk.AdditionalProperties ??= [])[LlmAdditionalProperties.Refusal] = refusal;
            }

            if (Delta.ToolCalls is { Count: > 0 } calls)
            {
                chunk.ToolCalls = new List<ToolCallFragment>(calls.Count);
                foreach (var call in calls)
                {
                    chunk.ToolCalls.Add(new ToolCallFragment(call.Index, call.Id, call.Function?.Name, call.Function?.Arguments));
                }
            }
        }
    }
}
