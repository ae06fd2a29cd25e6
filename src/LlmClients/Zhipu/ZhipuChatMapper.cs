
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
        for (int i = 0; i < wire.Messages.Count; i++)
        {
            wire.Messages[i] = StripImageDataPrefix(wire.Messages[i]); // The list is this call's own.
        }

        // Per-message fields (ChatMessage.AdditionalProperties) reach the wire message, as on the other OpenAI-shaped vendors.
        return WireJson.Serialize(wire, OpenAIRequestWriter.Write, options?.AdditionalProperties, baseFields: WireJson.RawBase(options, client), itemExtras: OpenAIChatMapper.MessageExtras(wire.Messages, "messages"));
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

    /// <summary>
    /// Quirk: Zhipu's own SDK (zhipuai-sdk-python <c>drop_prefix_image_data</c>) sends image bytes as bare base64, not as a
    /// <c>data:image/...;base64,</c> URI; http(s) URLs go as they are.
    /// </summary>
    /// <param name="message">A wire message.</param>
    /// <returns>The message with bare base64 in its image parts.</returns>
    internal static OpenAIMessage StripImageDataPrefix(OpenAIMessage message)
    {
        if (message.Content.Parts is not { } parts || !parts.Exists(p => p.ImageUrl?.Url.StartsWith("data:", StringComparison.OrdinalIgnoreCase) == true))
        {
            return message;
        }

        var stripped = parts.ConvertAll(p => p.ImageUrl is { } image && image.Url.StartsWith("data:", StringComparison.OrdinalIgnoreCase) && image.Url.IndexOf(";base64,", StringComparison.OrdinalIgnoreCase) is int at and > 0
            ? p with { ImageUrl = image with { Url = image.Url[(at + ";base64,".Length)..] } }
            : p);
        return message with { Content = new OpenAIContent(message.Content.Text, stripped) };
    }
}
