namespace LlmClients;

/// <summary>Helpers for streaming updates.</summary>
public static class ChatResponseUpdateExtensions
{
    /// <summary>Combines streamed updates into one <see cref="ChatResponse"/> (text, reasoning, tool calls, usage, ids, finish reason).</summary>
    /// <param name="updates">The updates, in order.</param>
    /// <param name="cancellationToken">Cancels the enumeration.</param>
    /// <returns>The combined response.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="updates"/> is null.</exception>
    public static async Task<ChatResponse> ToChatResponseAsync(this IAsyncEnumerable<ChatResponseUpdate> updates, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(updates);
        var list = new List<ChatResponseUpdate>();
        await foreach (var update in updates.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            list.Add(update);
        }

        return list.ToChatResponse();
    }

    /// <summary>Combines streamed updates into one <see cref="ChatResponse"/>.</summary>
    /// <param name="updates">The updates, in order.</param>
    /// <returns>The combined response.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="updates"/> is null.</exception>
    public static ChatResponse ToChatResponse(this IEnumerable<ChatResponseUpdate> updates)
    {
        ArgumentNullException.ThrowIfNull(updates);
        var text = new System.Text.StringBuilder();
        var reasoning = new System.Text.StringBuilder();
        var other = new List<AIContent>();
        var response = new ChatResponse();
        foreach (var update in updates)
        {
            response.ResponseId ??= update.ResponseId;
            response.RequestId ??= update.RequestId;
            response.ModelId ??= update.ModelId;
            response.CreatedAt ??= update.CreatedAt;
            response.FinishReason = update.FinishReason ?? response.FinishReason;
            foreach (var content in update.Contents)
            {
                switch (content)
                {
                    case TextContent t: text.Append(t.Text); break;
                    case TextReasoningContent r: reasoning.Append(r.Text); break;
                    case UsageContent u: (response.Usage ??= new UsageDetails()).Add(u.Details); break;
                    default: other.Add(content); break;
                }
            }
        }

        var message = new ChatMessage { Role = ChatRole.Assistant };
        if (reasoning.Length > 0)
        {
            message.Contents.Add(new TextReasoningContent(reasoning.ToString()));
        }

        if (text.Length > 0)
        {
            message.Contents.Add(new TextContent(text.ToString()));
        }

        foreach (var content in other)
        {
            message.Contents.Add(content);
        }

        response.Messages.Add(message);
        return response;
    }
}
