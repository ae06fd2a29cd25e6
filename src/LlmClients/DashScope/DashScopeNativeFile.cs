namespace LlmClients.DashScope;

/// <summary>A file in DashScope's native file store (<c>/api/v1/files</c>).</summary>
/// <param name="fileId">The file id.</param>
public sealed class DashScopeNativeFile(string fileId)
{
    /// <summary>The purpose of fine-tuning data (<c>fine-tune</c>), the native store's usual purpose.</summary>
    public const string FineTunePurpose = "fine-tune";

    /// <summary>Gets the file id (<c>file_id</c>).</summary>
    public string FileId { get; } = fileId;

    /// <summary>Gets or sets the file name (<c>name</c>).</summary>
    public string? Name { get; init; }

    /// <summary>Gets or sets the size in bytes (<c>size</c>).</summary>
    public long? Size { get; init; }

    /// <summary>Gets or sets the MD5 of the content (<c>md5</c>).</summary>
    public string? Md5 { get; init; }

    /// <summary>Gets or sets the description (<c>description</c>).</summary>
    public string? Description { get; init; }

    /// <summary>Gets or sets the download URL (<c>url</c>); it can be the <c>input.url</c> of a batch embedding. It may be signed: treat it as a secret.</summary>
    public Uri? Url { get; init; }

    /// <summary>Gets or sets when the file was uploaded (<c>gmt_create</c>, Beijing time without an offset, read as UTC+8).</summary>
    public DateTimeOffset? CreatedAt { get; init; }

    /// <inheritdoc />
    public override string ToString() => $"{FileId} ({Name}, {Size} bytes)";
}
