namespace LlmClients.DashScope;

/// <summary>
/// DashScope's file store (compatible-mode Files API), used for qwen-long document chat: upload a document with
/// purpose <c>file-extract</c>, then reference its id with <see cref="HostedFileContent"/>. Reach it through DI keyed by
/// the instance name, or with <c>chatClient.GetService(typeof(IDashScopeFileClient))</c>.
/// </summary>
public interface IDashScopeFileClient
{
    /// <summary>Uploads a file from disk.</summary>
    /// <param name="path">The file path.</param>
    /// <param name="purpose">The purpose; qwen-long documents use <c>file-extract</c> (the default).</param>
    /// <param name="cancellationToken">Cancels the upload.</param>
    /// <returns>The uploaded file, with its id.</returns>
    /// <exception cref="ArgumentException">The path is blank, or the file is empty or larger than 150 MB.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="LlmRequestException">DashScope rejected the upload (a bad purpose, a file too large...).</exception>
    Task<DashScopeFile> UploadAsync(string path, string purpose = DashScopeFile.FileExtractPurpose, CancellationToken cancellationToken = default);

    /// <summary>Uploads file content.</summary>
    /// <param name="content">The content; it is read to the end.</param>
    /// <param name="fileName">The file name reported to DashScope (its extension tells the parser the format).</param>
    /// <param name="purpose">The purpose; qwen-long documents use <c>file-extract</c> (the default).</param>
    /// <param name="cancellationToken">Cancels the upload.</param>
    /// <returns>The uploaded file, with its id.</returns>
    /// <exception cref="ArgumentException">The name is blank, or the content is empty or larger than 150 MB.</exception>
    /// <exception cref="LlmRequestException">DashScope rejected the upload.</exception>
    Task<DashScopeFile> UploadAsync(Stream content, string fileName, string purpose = DashScopeFile.FileExtractPurpose, CancellationToken cancellationToken = default);

    /// <summary>Lists files, newest first.</summary>
    /// <param name="after">Lists files after this id (paging), or null.</param>
    /// <param name="limit">The most files to return, or null for the service default.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>One page of files.</returns>
    /// <exception cref="LlmRequestException">The call failed.</exception>
    Task<DashScopeFileList> ListAsync(string? after = null, int? limit = null, CancellationToken cancellationToken = default);

    /// <summary>Gets one file's metadata.</summary>
    /// <param name="fileId">The file id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The file.</returns>
    /// <exception cref="ArgumentException">The id is blank.</exception>
    /// <exception cref="LlmRequestException">The call failed (for example, the file does not exist).</exception>
    Task<DashScopeFile> GetAsync(string fileId, CancellationToken cancellationToken = default);

    /// <summary>Deletes a file.</summary>
    /// <param name="fileId">The file id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>True when DashScope reports the file deleted.</returns>
    /// <exception cref="ArgumentException">The id is blank.</exception>
    /// <exception cref="LlmRequestException">The call failed.</exception>
    Task<bool> DeleteAsync(string fileId, CancellationToken cancellationToken = default);
}
