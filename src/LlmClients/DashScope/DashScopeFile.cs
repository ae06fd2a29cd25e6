namespace LlmClients.DashScope;

/// <summary>
/// A file in one of DashScope's file stores: the compatible-mode Files API (<c>/compatible-mode/v1/files</c>,
/// <see cref="IDashScopeFileClient"/>: documents for qwen-long, batch input) or the native store (<c>/api/v1/files</c>,
/// <see cref="IDashScopeNativeFileClient"/>: fine-tuning data, batch embedding input). Each store reports part of the
/// fields; the others are null.
/// </summary>
public sealed class DashScopeFile
{
    /// <summary>The purpose of documents read by qwen-long (compatible-mode store).</summary>
    public const string FileExtractPurpose = "file-extract";

    /// <summary>The purpose of fine-tuning data (<c>fine-tune</c>), the native store's usual purpose.</summary>
    public const string FineTunePurpose = "fine-tune";

    /// <summary>Initializes a file description.</summary>
    /// <param name="id">The file id (<c>id</c> in compatible mode, for example <c>file-fe-...</c>; <c>file_id</c> natively).</param>
    public DashScopeFile(string id) => Id = id;

    /// <summary>Gets the file id; reference a compatible-mode document with <see cref="HostedFileContent"/>.</summary>
    public string Id { get; }

    /// <summary>Gets or sets the file name (<c>filename</c>; natively <c>name</c>).</summary>
    public string? FileName { get; set; }

    /// <summary>Gets or sets the size in bytes (<c>bytes</c>; natively <c>size</c>).</summary>
    public long? Bytes { get; set; }

    /// <summary>Gets or sets when the file was uploaded (compatible mode: <c>created_at</c>, epoch seconds; natively <c>gmt_create</c>, Beijing time without an offset, read as UTC+8).</summary>
    public DateTimeOffset? CreatedAt { get; set; }

    /// <summary>Gets or sets the purpose, for example <c>file-extract</c> (compatible mode only).</summary>
    public string? Purpose { get; set; }

    /// <summary>Gets or sets the processing status, for example <c>processed</c> (compatible mode only).</summary>
    public string? Status { get; set; }

    /// <summary>Gets or sets the MD5 of the content (<c>md5</c>; native store only).</summary>
    public string? Md5 { get; set; }

    /// <summary>Gets or sets the description (<c>description</c>; native store only).</summary>
    public string? Description { get; set; }

    /// <summary>Gets or sets the download URL (<c>url</c>; native store only); it can be the <c>input.url</c> of a batch embedding. It may be signed: treat it as a secret.</summary>
    public Uri? Url { get; set; }

    /// <inheritdoc />
    public override string ToString() => Status is null ? $"{Id} ({FileName}, {Bytes} bytes)" : $"{Id} ({FileName}, {Bytes} bytes, {Status})";
}
