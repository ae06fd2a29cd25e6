namespace LlmClients.DashScope;

/// <summary>Builds the messages of qwen-long document chat: an uploaded file by id, or the document text itself.</summary>
public static class DashScopeDocuments
{
    /// <summary>
    /// Creates a system message that holds a whole document as plain text (qwen-long's "plain-text document" mode).
    /// Put it after your system prompt and before the question.
    /// </summary>
    /// <param name="documentText">The document text.</param>
    /// <returns>The system message.</returns>
    /// <exception cref="ArgumentException"><paramref name="documentText"/> is null, empty or white space.</exception>
    public static ChatMessage CreateTextDocumentMessage(string documentText)
    {
        if (string.IsNullOrWhiteSpace(documentText))
        {
            throw new ArgumentException("The document text is empty: pass the text of the document (or upload it with IDashScopeFileClient.UploadAsync and reference its id).", nameof(documentText));
        }

        return new ChatMessage(ChatRole.System, documentText);
    }

    /// <summary>
    /// Creates a message that references uploaded files (ids returned by <see cref="IDashScopeFileClient.UploadAsync(string, string, CancellationToken)"/>).
    /// The adapter turns every reference into the <c>fileid://</c> system message qwen-long requires.
    /// </summary>
    /// <param name="fileIds">The file ids, for example <c>file-fe-...</c>.</param>
    /// <returns>The message.</returns>
    /// <exception cref="ArgumentException">No id is given, or one is blank.</exception>
    public static ChatMessage CreateFileReferenceMessage(params string[] fileIds)
    {
        ArgumentNullException.ThrowIfNull(fileIds);
        if (fileIds.Length == 0)
        {
            throw new ArgumentException("Pass at least one file id (from IDashScopeFileClient.UploadAsync).", nameof(fileIds));
        }

        return new ChatMessage(ChatRole.System, [.. fileIds.Select(id => (AIContent)new HostedFileContent(id))]);
    }
}
