
namespace LlmClients.OpenAICompatible;

/// <summary>Images and audio of user messages as OpenAI-style content parts.</summary>
internal static partial class OpenAIChatMapper
{
    private static OpenAIContentPart MediaPart(AIContent content, ChatMessage message, int index, OpenAICompatibleSettings settings)
    {
        var (mediaType, uri) = content switch
        {
            DataContent d => (d.MediaType, d.Uri),
            UriContent u => (u.MediaType, u.Uri.ToString()),
            _ => (string.Empty, string.Empty),
        };
        if (message.Role != ChatRole.User)
        {
            throw new ArgumentException(
                $"messages[{index}] ({message.Role}) holds {content.GetType().Name} ({mediaType}); images and audio go in user messages only.",
                "messages");
        }

        if (content is DataContent { Data.IsEmpty: true })
        {
            throw new ArgumentException(
                $"messages[{index}] holds a DataContent ({mediaType}) with no bytes; load the file's bytes into it, or remove it.",
                "messages");
        }

        if (content is UriContent { Uri: var link } && (!link.IsAbsoluteUri || link.IsFile || link.IsUnc))
        {
            // The vendor fetches the URL itself: a local path or a relative link can never reach it.
            throw new ArgumentException(
                $"messages[{index}] holds a UriContent ({mediaType}) with '{link}', which {settings.Vendor} cannot fetch; use an http(s) URL, or read the file into a DataContent (new DataContent(File.ReadAllBytes(path), \"{mediaType}\")).",
                "messages");
        }

        if (mediaType.StartsWith("image/", StringComparison.OrdinalIgnoreCase) && settings.Media.HasFlag(MediaInput.Image))
        {
            // A data: URI (base64) or an http(s) URL, as image_url takes both.
            return new OpenAIContentPart { Type = "image_url", ImageUrl = new OpenAIImageUrl(uri, Detail(content)) };
        }

        if (mediaType.StartsWith("audio/", StringComparison.OrdinalIgnoreCase) && settings.Media.HasFlag(MediaInput.Audio))
        {
            if (content is not DataContent data)
            {
                throw new NotSupportedException(
                    $"messages[{index}] holds audio by URL ({mediaType}); {settings.Vendor} takes audio as bytes only (input_audio). Load it into a DataContent.");
            }

            return new OpenAIContentPart { Type = "input_audio", InputAudio = new OpenAIInputAudio(Convert.ToBase64String(data.Data.Span), AudioFormat(mediaType)) };
        }

        if (IsDocument(mediaType) && settings.Media.HasFlag(MediaInput.Document))
        {
            if (content is not UriContent)
            {
                throw new NotSupportedException(
                    $"messages[{index}] holds a document as bytes ({mediaType}); {settings.Vendor} takes documents by URL only (doc_url). Pass a UriContent with its http(s) URL, or upload it (IDashScopeFileClient) and reference its id.");
            }

            // DashScope qwen-doc-turbo: {"type":"doc_url","doc_url":[url]}.
            return new OpenAIContentPart { Type = "doc_url", DocUrl = [uri] };
        }

        if (mediaType.StartsWith("video/", StringComparison.OrdinalIgnoreCase) && settings.Media.HasFlag(MediaInput.Video))
        {
            if (content is not UriContent)
            {
                throw new NotSupportedException(
                    $"messages[{index}] holds video as bytes ({mediaType}); {settings.Vendor} takes video by URL only. Upload it and pass a UriContent with its http(s) URL.");
            }

            return new OpenAIContentPart { Video = uri }; // DashScope native multimodal: {"video": url}.
        }

        throw new NotSupportedException(
            $"messages[{index}] holds {content.GetType().Name} of media type '{mediaType}', which {settings.Vendor} instance '{settings.InstanceName}' cannot take in chat"
            + (settings.Media == MediaInput.None ? " (text only on this API)." : $" (it takes: {settings.Media})."));
    }

    /// <summary>Says whether a media type is a document (pdf, Word, Excel, PowerPoint, plain text, Markdown, HTML, EPUB...).</summary>
    /// <param name="mediaType">The media type.</param>
    /// <returns>True for document types.</returns>
    internal static bool IsDocument(string? mediaType)
        => mediaType is not null
           && (mediaType.StartsWith("application/pdf", StringComparison.OrdinalIgnoreCase)
               || mediaType.StartsWith("application/msword", StringComparison.OrdinalIgnoreCase)
               || mediaType.StartsWith("application/vnd.openxmlformats-officedocument.", StringComparison.OrdinalIgnoreCase)
               || mediaType.StartsWith("application/vnd.ms-", StringComparison.OrdinalIgnoreCase)
               || mediaType.StartsWith("application/epub", StringComparison.OrdinalIgnoreCase)
               || mediaType.StartsWith("text/", StringComparison.OrdinalIgnoreCase));

    private static string? Detail(AIContent content)
        => content.AdditionalProperties?.TryGetValue("detail", out var detail) == true ? detail as string : null;

    private static string AudioFormat(string mediaType) => mediaType.ToLowerInvariant() switch
    {
        "audio/wav" or "audio/x-wav" or "audio/wave" or "audio/vnd.wave" => "wav",
        "audio/mpeg" or "audio/mp3" => "mp3",
        var other => other["audio/".Length..],
    };
}
