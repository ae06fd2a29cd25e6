
namespace LlmClients.Spark;

/// <summary>
/// Maps Spark chat. Requests are OpenAI-shaped, so the OpenAI mapper builds them and this class removes what Spark does
/// not document; responses are read leniently (<see cref="SparkChatResponse"/>) and handed to the OpenAI mapper in its
/// shape, with what Spark leaves out filled in.
/// </summary>
internal static class SparkChatMapper
{
    /// <summary>Builds the UTF-8 body. Spark-only fields (<c>tool_calls_switch</c>, <c>suppress_plugin</c>, a <c>web_search</c> tool, X1's <c>keep_alive</c>) come from <see cref="ChatOptions.AdditionalProperties"/>.</summary>
    /// <param name="messages">The validated messages.</param>
    /// <param name="options">The options.</param>
    /// <param name="model">The resolved model.</param>
    /// <param name="stream">Whether to stream.</param>
    /// <param name="settings">The wire profile serving the model.</param>
    /// <param name="client">The client, passed to <see cref="ChatOptions.RawRepresentationFactory"/>.</param>
    /// <returns>The body.</returns>
    /// <exception cref="ArgumentException">Stop sequences or a seed are set: Spark documents neither, so they would be ignored.</exception>
    public static byte[] BuildBody(IReadOnlyList<ChatMessage> messages, ChatOptions? options, string model, bool stream, OpenAICompatibleSettings settings, IChatClient client)
    {
        if (options?.StopSequences is { Count: > 0 })
        {
            throw new ArgumentException("ChatOptions.StopSequences is set, but Spark's chat API has no stop parameter, so the model would not stop there. Remove the stop sequences (or cut the text yourself).", nameof(options));
        }

        if (options?.Seed is not null)
        {
            throw new ArgumentException("ChatOptions.Seed is set, but Spark's chat API has no seed parameter, so replies would not be reproducible. Remove the seed.", nameof(options));
        }

        var wire = OpenAIChatMapper.ToWire(messages, options, model, stream, settings) with
        {
            // Quirk: Spark documents no stream_options (usage always rides the last chunk) and no parallel_tool_calls.
            StreamOptions = null,
            ParallelToolCalls = null,
        };
        return OpenAIChatMapper.Serialize(wire, options, client);
    }

    /// <summary>Maps a non-streaming body (its <c>code</c> was checked by the transport).</summary>
    /// <param name="wire">The body.</param>
    /// <param name="model">The requested model: Spark's body names none.</param>
    /// <param name="headerRequestId">The request id from the headers.</param>
    /// <returns>The response.</returns>
    public static ChatResponse FromWire(SparkChatResponse wire, string model, string? headerRequestId)
    {
        var response = OpenAIChatMapper.FromWire(ToOpenAI(wire, model), wire.Sid ?? headerRequestId);

        // Quirk: Spark's non-stream body has no finish_reason; a reply without one finished normally.
        response.FinishReason ??= ChatFinishReason.Stop;
        response.RawRepresentation = wire;
        return response;
    }

    /// <summary>Maps one stream chunk. A chunk with usage is the last one (Spark sends no finish_reason), so it finishes the reply.</summary>
    /// <param name="wire">The chunk.</param>
    /// <param name="model">The requested model.</param>
    /// <param name="headerRequestId">The request id from the headers.</param>
    /// <returns>The chunk.</returns>
    public static StreamChunk FromWireChunk(SparkChatResponse wire, string model, string? headerRequestId)
    {
        var chunk = OpenAIChatMapper.FromWireChunk(ToOpenAI(wire, model), wire.Sid ?? headerRequestId);
        if (chunk.Usage is not null)
        {
            // Quirk: usage rides inside the last content chunk (v1) or a final chunk of its own (X1); neither has finish_reason.
            chunk.FinishReason ??= ChatFinishReason.Stop;
        }

        chunk.RawRepresentation = wire;
        return chunk;
    }

    private static OpenAIChatResponse ToOpenAI(SparkChatResponse wire, string model)
    {
        foreach (var choice in wire.Choices ?? [])
        {
            foreach (var message in (OpenAIMessage?[])[choice.Message, choice.Delta])
            {
                if (message?.Role is "tool")
                {
                    // Quirk: with tool_calls_switch the reply's role is "tool" (iFlytek's demo reads it so); it is the assistant speaking.
                    message.Role = "assistant";
                }
            }
        }

        // Quirk: the non-stream body has no id; the sid identifies the reply.
        return wire with { Id = wire.Id ?? wire.Sid, Model = wire.Model ?? model, RequestId = wire.Sid };
    }
}
