namespace LlmClients.DashScope;

/// <summary>The outcome of one file of a native upload: its id when uploaded, else DashScope's code and message.</summary>
/// <param name="name">The file name.</param>
public sealed class DashScopeFileUploadItem(string name)
{
    /// <summary>Gets the file name.</summary>
    public string Name { get; } = name;

    /// <summary>Gets or sets the file id of an uploaded file (<c>uploaded_files[].file_id</c>), or null.</summary>
    public string? FileId { get; init; }

    /// <summary>Gets or sets why the file failed (<c>failed_uploads[].code</c>, for example <c>BadRequest.TooMany</c>), or null.</summary>
    public string? ErrorCode { get; init; }

    /// <summary>Gets or sets DashScope's message for a failed file (<c>failed_uploads[].message</c>), or null.</summary>
    public string? ErrorMessage { get; init; }

    /// <summary>Gets whether the file was uploaded.</summary>
    public bool IsUploaded => FileId is not null;

    /// <inheritdoc />
    public override string ToString() => IsUploaded ? $"{Name}: {FileId}" : $"{Name}: {ErrorCode} {ErrorMessage}";
}
