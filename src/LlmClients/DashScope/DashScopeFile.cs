namespace LlmClients.DashScope;

/// <summary>A file in DashScope's file store.</summary>
public sealed class DashScopeFile
{
    /// <summary>The purpose of documents read by qwen-long.</summary>
    public const string FileExtractPurpose = "file-extract";

    /// <summary>Initializes a file description.</summary>
    /// <param name="id">The file id, for example <c>file-fe-...</c>.</param>
    public DashScopeFile(string id) => Id = id;

    /// <summary>Gets the file id, for example <c>file-fe-...</c>; reference it with <see cref="HostedFileContent"/>.</summary>
    public string Id { get; }

    /// <summary>Gets or sets the file name.</summary>
    public string? FileName { get; set; }

    /// <summary>Gets or sets the size in bytes.</summary>
    public long? Bytes { get; set; }

    /// <summary>Gets or sets the purpose, for example <c>file-extract</c>.</summary>
    public string? Purpose { get; set; }

    /// <summary>Gets or sets the processing status, for example <c>processed</c>.</summary>
    public string? Status { get; set; }

    /// <summary>Gets or sets when the file was uploaded.</summary>
    public DateTimeOffset? CreatedAt { get; set; }

    /// <inheritdoc />
    public override string ToString() => $"{Id} ({FileName}, {Bytes} bytes, {Status})";
}
