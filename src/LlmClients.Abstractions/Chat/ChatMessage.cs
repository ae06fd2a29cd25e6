using System.Text;

namespace LlmClients;

/// <summary>One message of a conversation: a role plus a list of contents.</summary>
public sealed class ChatMessage
{
    /// <summary>Initializes an empty user message.</summary>
    public ChatMessage()
    {
    }

    /// <summary>Initializes a message with a role and a text.</summary>
    /// <param name="role">Who wrote the message.</param>
    /// <param name="text">The text; a null text gives a message with no contents.</param>
    public ChatMessage(ChatRole role, string? text)
    {
        Role = role;
        if (text is not null)
        {
            Contents.Add(new TextContent(text));
        }
    }

    /// <summary>Initializes a message with a role and contents.</summary>
    /// <param name="role">Who wrote the message.</param>
    /// <param name="contents">The contents.</param>
    /// <exception cref="ArgumentNullException"><paramref name="contents"/> is null.</exception>
    public ChatMessage(ChatRole role, IEnumerable<AIContent> contents)
    {
        ArgumentNullException.ThrowIfNull(contents);
        Role = role;
        Contents = [.. contents];
    }

    /// <summary>Gets or sets who wrote the message. The default is <see cref="ChatRole.User"/>.</summary>
    public ChatRole Role { get; set; } = ChatRole.User;

    /// <summary>Gets or sets an optional author name (OpenAI <c>name</c>).</summary>
    public string? AuthorName { get; set; }

    /// <summary>Gets or sets the contents.</summary>
    public IList<AIContent> Contents { get; set; } = [];

    /// <summary>Gets the concatenated <see cref="TextContent"/> of this message.</summary>
    public string Text => Concat<TextContent>(Contents, static c => c.Text);

    /// <summary>Gets or sets the vendor object this message was mapped from, if any.</summary>
    public object? RawRepresentation { get; set; }

    /// <summary>Gets or sets vendor extras for this message.</summary>
    public AdditionalPropertiesDictionary? AdditionalProperties { get; set; }

    /// <inheritdoc />
    public override string ToString() => Text;

    internal static string Concat<T>(IEnumerable<AIContent> contents, Func<T, string> text)
        where T : AIContent
    {
        string? single = null;
        StringBuilder? sb = null;
        foreach (var content in contents)
        {
            if (content is not T typed)
            {
                continue;
            }

            if (single is null)
            {
                single = text(typed);
            }
            else
            {
                sb ??= new StringBuilder(single);
                sb.Append(text(typed));
            }
        }

        return sb?.ToString() ?? single ?? string.Empty;
    }
}
