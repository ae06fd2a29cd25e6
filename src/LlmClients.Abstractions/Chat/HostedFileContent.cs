namespace LlmClients;

/// <summary>A reference to a file already uploaded to the vendor (for example a DashScope <c>file-fe-...</c> id used by qwen-long).</summary>
public sealed class HostedFileContent : AIContent
{
    /// <summary>Initializes a reference to an uploaded file.</summary>
    /// <param name="fileId">The vendor file id.</param>
    /// <exception cref="ArgumentException"><paramref name="fileId"/> is null or white space.</exception>
    public HostedFileContent(string fileId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(fileId);
        FileId = fileId;
    }

    /// <summary>Gets the vendor file id.</summary>
    public string FileId { get; }
}
