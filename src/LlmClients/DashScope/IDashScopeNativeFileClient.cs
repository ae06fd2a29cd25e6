namespace LlmClients.DashScope;

/// <summary>
/// DashScope's native file store (<c>/api/v1/files</c>): several files per upload with a <c>purpose</c> form field, paged
/// list, get (with a download <c>url</c>, usable as the input of batch embeddings) and delete. It differs from the
/// compatible-mode store of <see cref="IDashScopeFileClient"/> (qwen-long documents): ids, shapes and limits are its own.
/// Reach it through DI keyed by the instance name.
/// </summary>
public interface IDashScopeNativeFileClient
{
    /// <summary>Uploads files from disk in one request.</summary>
    /// <param name="paths">The file paths; at least one.</param>
    /// <param name="purpose">The purpose form field, for example <see cref="DashScopeFile.FineTunePurpose"/>.</param>
    /// <param name="cancellationToken">Cancels the upload.</param>
    /// <returns>
    /// Every file's outcome. Quirk: DashScope answers a partial success at HTTP 200, listing <c>uploaded_files</c> and
    /// <c>failed_uploads</c>; both lists are kept, a file it reports in neither is counted as failed, and
    /// <see cref="DashScopeFileUploadResult.EnsureAllUploaded"/> throws when any file failed.
    /// </returns>
    /// <exception cref="ArgumentException">No path is given, a path or the purpose is blank, two files share a name, or a file is empty.</exception>
    /// <exception cref="FileNotFoundException">A file does not exist.</exception>
    /// <exception cref="LlmRequestException">DashScope rejected the request, or uploaded none of the files (the first failure's code).</exception>
    Task<DashScopeFileUploadResult> UploadAsync(IEnumerable<string> paths, string purpose, CancellationToken cancellationToken = default);

    /// <summary>Uploads file contents in one request.</summary>
    /// <param name="files">The files; at least one, each read to the end.</param>
    /// <param name="purpose">The purpose form field.</param>
    /// <param name="cancellationToken">Cancels the upload.</param>
    /// <returns>Every file's outcome (see <see cref="UploadAsync(IEnumerable{string}, string, CancellationToken)"/>).</returns>
    /// <exception cref="ArgumentException">No file is given, the purpose is blank, two files share a name, or a file is empty.</exception>
    /// <exception cref="LlmRequestException">DashScope rejected the request, or uploaded none of the files.</exception>
    Task<DashScopeFileUploadResult> UploadAsync(IEnumerable<DashScopeFileUpload> files, string purpose, CancellationToken cancellationToken = default);

    /// <summary>Lists files (<c>GET files?page_no=&amp;page_size=</c>).</summary>
    /// <param name="pageNo">The page, from 1, or null for the first.</param>
    /// <param name="pageSize">The page size, or null for the service default.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>One page of files.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The page number or size is not positive.</exception>
    /// <exception cref="LlmRequestException">The call failed.</exception>
    Task<DashScopePage<DashScopeFile>> ListAsync(int? pageNo = null, int? pageSize = null, CancellationToken cancellationToken = default);

    /// <summary>Gets one file (<c>GET files/{file_id}</c>), with its download URL.</summary>
    /// <param name="fileId">The file id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The file.</returns>
    /// <exception cref="ArgumentException">The id is blank.</exception>
    /// <exception cref="LlmRequestException">The call failed (an unknown id has kind <see cref="LlmErrorKind.NotFound"/>).</exception>
    Task<DashScopeFile> GetAsync(string fileId, CancellationToken cancellationToken = default);

    /// <summary>Deletes a file (<c>DELETE files/{file_id}</c>; DashScope answers only a request id).</summary>
    /// <param name="fileId">The file id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes once the file is deleted.</returns>
    /// <exception cref="ArgumentException">The id is blank.</exception>
    /// <exception cref="LlmRequestException">The call failed (an unknown id has kind <see cref="LlmErrorKind.NotFound"/>).</exception>
    Task DeleteAsync(string fileId, CancellationToken cancellationToken = default);
}
