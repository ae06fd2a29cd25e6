using System.Text.Json;
using System.Text.Json.Nodes;
using LlmClients.Http;
using LlmClients.OpenAI;

namespace LlmClients.Zhipu;

/// <summary>
/// Builds Zhipu chat bodies. The wire is OpenAI-shaped, so the OpenAI records and mappers are reused; this class only
/// applies what differs. Responses and stream chunks are mapped by <see cref="OpenAIChatMapper"/> unchanged.
/// </summary>
internal static class ZhipuChatMapper
{
    /// <summary>Validates the conversation and builds the UTF-8 body.</summary>
    /// <param name="messages">The validated messages.</param>
    /// <param name="options">The options.</param>
    /// <param name="model">The resolved model.</param>
    /// <param name="stream">Whether to stream (false for async tasks, which take no <c>stream</c> field).</param>
    /// <param name="settings">The wire profile.</param>
    /// <param name="client">The client, passed to <see cref="ChatOptions.RawRepresentationFactory"/> (null for async tasks).</param>
    /// <returns>The body.</returns>
    /// <exception cref="ArgumentException">The conversation has no user message or an empty one.</exception>
    public static byte[] BuildBody(IReadOnlyList<ChatMessage> messages, ChatOptions? options, string model, bool stream, OpenAICompatibleSettings settings, IChatClient? client)
    {
        ValidateConversation(messages);
        var wire = OpenAIChatMapper.ToWire(messages, options, model, stream, settings) with
        {
            // Quirk: Zhipu has no stream_options; usage always arrives on the last chunk of a stream.
            StreamOptions = null,
        };
        var baseFields = WireJson.RawBase(options, client);
        if (options?.AdditionalProperties?.TryGetValue(LlmAdditionalProperties.RequestId, out var requestId) == true && requestId is string { Length: > 0 } id)
        {
            // Zhipu takes a caller-chosen request_id and answers with it. The key is otherwise response-only (reserved, never
            // merged as an extra), so it is sent here on purpose; it wins over a RawRepresentationFactory's request_id.
            (baseFields ??= [])["request_id"] = id;
        }

        return WireJson.Serialize(wire, OpenAIJsonContext.Default.OpenAIChatRequest, Extras(wire, options), baseFields: baseFields);
    }

    /// <summary>Checks what Zhipu rejects: a conversation without a user message, or a message without content.</summary>
    /// <param name="messages">The messages.</param>
    /// <exception cref="ArgumentException">The conversation is not acceptable.</exception>
    public static void ValidateConversation(IReadOnlyList<ChatMessage> messages)
    {
        bool hasUser = false;
        for (int i = 0; i < messages.Count; i++)
        {
            var message = messages[i];
            hasUser |= message.Role == ChatRole.User;
            bool hasContent = message.Contents.Any(c => c is FunctionCallContent or FunctionResultContent or DataContent or UriContent || (c is TextContent t && !string.IsNullOrWhiteSpace(t.Text)));
            if (!hasContent)
            {
                throw new ArgumentException(
                    $"messages[{i}] ({message.Role}) has no text: Zhipu rejects empty prompts. Give it text, or remove it from the conversation.",
                    nameof(messages));
            }
        }

        if (!hasUser)
        {
            throw new ArgumentException(
                "The conversation has no user message: Zhipu rejects conversations of only system or assistant messages. Add a new ChatMessage(ChatRole.User, \"...\").",
                nameof(messages));
        }
    }

    private static Dictionary<string, object?>? Extras(OpenAIChatRequest wire, ChatOptions? options)
    {
        var extras = options?.AdditionalProperties;
        if (extras is null)
        {
            return null;
        }

        var merged = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (key, value) in extras ?? [])
        {
            merged[key] = value;
        }

        // Vendor tools (web_search, retrieval) given as AdditionalProperties["tools"] are sent after the function tools,
        // rather than replacing them.
        if (wire.Tools is { Count: > 0 } functions && extras?.TryGetValue("tools", out var vendorTools) == true
            && WireJson.ToNode("tools", vendorTools) is JsonArray vendorArray)
        {
            var all = JsonSerializer.SerializeToNode(functions, OpenAIJsonContext.Default.ListOpenAITool) as JsonArray ?? [];
            foreach (var tool in vendorArray.ToList())
            {
                vendorArray.Remove(tool);
                all.Add(tool);
            }

            merged["tools"] = all;
        }

        return merged;
    }
}
