namespace LlmClients.DashScope;

/// <summary>One file of a native upload (<see cref="IDashScopeNativeFileClient.UploadAsync(IEnumerable{DashScopeFileUpload}, string, CancellationToken)"/>).</summary>
public sealed class DashScopeFileUpload
{
    /// <summary>Initializes a file to upload.</summary>
    /// <param name="fileName">The file name reported to DashScope; its extension tells the format. Names are unique within one upload.</param>
    /// <param name="content">The content; it is read to the end when the upload runs.</param>
    /// <exception cref="ArgumentException"><paramref name="fileName"/> is blank.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="content"/> is null.</exception>
    public DashScopeFileUpload(string fileName, Stream content)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(fileName);
        ArgumentNullException.ThrowIfNull(content);
        FileName = fileName;
        Content = content;
    }

    /// <summary>Gets the file name sent as the part's <c>filename</c> (DashScope reads the format from its extension).</summary>
    public string FileName { get; }

    /// <summary>
    /// Gets the content, read from its current position to the end when the upload runs (an empty read rejects the upload
    /// before it is sent); the caller keeps ownership: the stream is not disposed.
    /// </summary>
    public Stream Content { get; }
}
