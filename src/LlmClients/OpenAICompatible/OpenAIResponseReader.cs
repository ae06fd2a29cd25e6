using System.Text.Json;

namespace LlmClients.OpenAICompatible;

/// <summary>
/// Reads a non-streaming <c>chat.completion</c> body straight from the pooled UTF-8 body in one <see cref="Utf8JsonReader"/>
/// pass into the same wire records the serializer built (so <see cref="OpenAIChatMapper.FromWire(OpenAIChatResponse, string?)"/>
/// and <c>RawRepresentation</c> are unchanged), without the serializer's per-call state. The values every answer repeats
/// (<c>chat.completion</c>, <c>assistant</c>, the common finish reasons) are not re-created; unknown fields are skipped;
/// rare shapes (tool calls, content parts, logprobs, an error object) go through the source-generated converters.
/// </summary>
internal static class OpenAIResponseReader
{
    /// <summary>Parses a body.</summary>
    /// <param name="json">The body.</param>
    /// <returns>The response.</returns>
    /// <exception cref="JsonException">The body is not JSON of the response's shape (a type mismatch, trailing data, JSON null).</exception>
    public static OpenAIChatResponse Read(ReadOnlySpan<byte> json)
    {
        var reader = ChunkJson.OpenObject(json);

        var response = new OpenAIChatResponse();
        while (ChunkJson.NextProperty(ref reader, out var name))
        {
            if (name.SequenceEqual("choices"u8))
            {
                response.Choices = ReadChoices(ref reader);
            }
            else if (name.SequenceEqual("id"u8))
            {
                response.Id = ChunkJson.String(ref reader);
            }
            else if (name.SequenceEqual("object"u8))
            {
                response.Object = Known(ref reader, "chat.completion"u8, "chat.completion");
            }
            else if (name.SequenceEqual("created"u8))
            {
                response.Created = ChunkJson.Int64(ref reader);
            }
            else if (name.SequenceEqual("model"u8))
            {
                response.Model = ChunkJson.String(ref reader);
            }
            else if (name.SequenceEqual("usage"u8))
            {
                response.Usage = ReadUsage(ref reader);
            }
            else if (name.SequenceEqual("request_id"u8))
            {
                response.RequestId = ChunkJson.String(ref reader);
            }
            else if (name.SequenceEqual("error"u8))
            {
                response.Error = ReadError(ref reader);
            }
            else
            {
                reader.Skip();
            }
        }

        ChunkJson.CloseObject(ref reader);
        return response;
    }

    // Apart from Read: a body without an error never loads the serializer's context for it.
    private static OpenAIErrorBody? ReadError(ref Utf8JsonReader reader) => JsonSerializer.Deserialize(ref reader, OpenAIJsonContext.Default.OpenAIErrorBody);

    private static List<OpenAIChoice>? ReadChoices(ref Utf8JsonReader reader)
    {
        if (!ChunkJson.StartArray(ref reader))
        {
            return null;
        }

        var choices = new List<OpenAIChoice>(1);
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (!ChunkJson.StartObject(ref reader))
            {
                throw new JsonException("A choice was JSON null.");
            }

            var choice = new OpenAIChoice();
            while (ChunkJson.NextProperty(ref reader, out var name))
            {
                if (name.SequenceEqual("message"u8))
                {
                    choice.Message = ReadMessage(ref reader);
                }
                else if (name.SequenceEqual("index"u8))
                {
                    choice.Index = ChunkJson.Int32(ref reader) ?? throw new JsonException("A choice's index was null.");
                }
                else if (name.SequenceEqual("finish_reason"u8))
                {
                    choice.FinishReason = reader.TokenType != JsonTokenType.String ? ChunkJson.String(ref reader)
                        : reader.ValueTextEquals("stop"u8) ? "stop"
                        : reader.ValueTextEquals("length"u8) ? "length"
                        : reader.ValueTextEquals("tool_calls"u8) ? "tool_calls"
                        : reader.GetString();
                }
                else if (name.SequenceEqual("logprobs"u8))
                {
                    choice.Logprobs = reader.TokenType == JsonTokenType.Null ? null : JsonElement.ParseValue(ref reader);
                }
                else if (name.SequenceEqual("delta"u8))
                {
                    choice.Delta = ReadMessage(ref reader);
                }
                else if (name.SequenceEqual("is_end"u8))
                {
                    choice.IsEnd = ChunkJson.Bool(ref reader);
                }
                else
                {
                    reader.Skip();
                }
            }

            choices.Add(choice);
        }

        return choices;
    }

    private static OpenAIMessage? ReadMessage(ref Utf8JsonReader reader)
        => OpenAIChunkReader.ReadMessage(ref reader, out var m, OpenAIChunkReader.OpenAIToolCalls)
            ? new OpenAIMessage { Role = m.Role, Content = m.Content, ReasoningContent = m.Reasoning, ToolCalls = m.ToolCalls, Refusal = m.Refusal, Name = m.Name, ToolCallId = m.ToolCallId }
            : null;

    private static OpenAIUsage? ReadUsage(ref Utf8JsonReader reader)
    {
        if (!ChunkJson.StartObject(ref reader))
        {
            return null;
        }

        var usage = new OpenAIUsage();
        while (ChunkJson.NextProperty(ref reader, out var name))
        {
            if (name.SequenceEqual("prompt_tokens"u8))
            {
                usage.PromptTokens = ChunkJson.Int64(ref reader);
            }
            else if (name.SequenceEqual("completion_tokens"u8))
            {
                usage.CompletionTokens = ChunkJson.Int64(ref reader);
            }
            else if (name.SequenceEqual("total_tokens"u8))
            {
                usage.TotalTokens = ChunkJson.Int64(ref reader);
            }
            else if (name.SequenceEqual("prompt_tokens_details"u8))
            {
                usage.PromptTokensDetails = reader.TokenType == JsonTokenType.Null ? null : new OpenAIPromptTokensDetails(ChunkJson.NumberIn(ref reader, "cached_tokens"u8));
            }
            else if (name.SequenceEqual("completion_tokens_details"u8))
            {
                usage.CompletionTokensDetails = reader.TokenType == JsonTokenType.Null ? null : new OpenAICompletionTokensDetails(ChunkJson.NumberIn(ref reader, "reasoning_tokens"u8));
            }
            else
            {
                reader.Skip();
            }
        }

        return usage;
    }

    private static string? Known(ref Utf8JsonReader reader, ReadOnlySpan<byte> utf8, string text)
        => reader.TokenType == JsonTokenType.String && reader.ValueTextEquals(utf8) ? text : ChunkJson.String(ref reader);
}
