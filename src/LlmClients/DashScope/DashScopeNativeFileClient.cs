using System.Globalization;
using System.Net.Http.Headers;

namespace LlmClients.DashScope;

/// <summary>The native file store (<c>/api/v1/files</c>) of one DashScope instance.</summary>
internal sealed class DashScopeNativeFileClient(LlmHttpTransport transport, DashScopeSettings settings) : IDashScopeNativeFileClient
{
    private const string FilesPath = "files";

    /// <inheritdoc />
    public Task<DashScopeFileUploadResult> UploadAsync(IEnumerable<string> paths, string purpose, CancellationToken cancellationToken = default)
        => UploadAsync(paths, nameof(paths), purpose, ReadPathAsync, cancellationToken);

    /// <inheritdoc />
    public Task<DashScopeFileUploadResult> UploadAsync(IEnumerable<DashScopeFileUpload> files, string purpose, CancellationToken cancellationToken = default)
        => UploadAsync(files, nameof(files), purpose, ReadUploadAsync, cancellationToken);

    /// <inheritdoc />
    public async Task<DashScopePage<DashScopeFile>> ListAsync(int? pageNo = null, int? pageSize = null, CancellationToken cancellationToken = default)
    {
        if (pageNo is <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(pageNo), pageNo, "pageNo counts from 1; leave it null for the first page.");
        }

        if (pageSize is <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(pageSize), pageSize, "pageSize must be positive; leave it null for the service default.");
        }

        var path = QueryString.Append(FilesPath, ("page_no", pageNo?.ToString(CultureInfo.InvariantCulture)), ("page_size", pageSize?.ToString(CultureInfo.InvariantCulture)));
        using var request = settings.CreateNativeRequest(HttpMethod.Get, path);
        var response = await transport.SendAsync(request, DashScopeJsonContext.Default.DashScopeNativeFileListResponse, cancellationToken).ConfigureAwait(false);
        var data = response.Value.Data;
        return new DashScopePage<DashScopeFile>([.. (data?.Files ?? []).Where(f => !string.IsNullOrEmpty(f.FileId)).Select(FromWire)])
        {
            Total = data?.Total,
            PageNo = data?.PageNo,
            PageSize = data?.PageSize,
        };
    }

    /// <inheritdoc />
    public async Task<DashScopeFile> GetAsync(string fileId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(fileId);
        using var request = settings.CreateNativeRequest(HttpMethod.Get, FilesPath + "/" + Uri.EscapeDataString(fileId));
        var response = await transport.SendAsync(request, DashScopeJsonContext.Default.DashScopeNativeFileResponse, cancellationToken).ConfigureAwait(false);
        if (response.Value.Data is not { } data)
        {
            throw new LlmRequestException(DashScopeSettings.ProviderName, LlmErrorKind.InvalidResponse, 200, null, null, response.Value.RequestId ?? response.HeaderRequestId, isTransient: false, advice: $"the answer for file {fileId} has no 'data'");
        }

        return FromWire(data with { FileId = string.IsNullOrEmpty(data.FileId) ? fileId : data.FileId });
    }

    /// <inheritdoc />
    public async Task DeleteAsync(string fileId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(fileId);
        using var request = settings.CreateNativeRequest(HttpMethod.Delete, FilesPath + "/" + Uri.EscapeDataString(fileId));
        await transport.SendAsync(request, DashScopeJsonContext.Default.DashScopeNativeFileResponse, cancellationToken).ConfigureAwait(false);
    }

    // Reads every file before anything is sent: a missing path or a null entry fails the whole upload up front.
    private async Task<DashScopeFileUploadResult> UploadAsync<T>(
        IEnumerable<T> items, string parameter, string purpose, Func<T, string, CancellationToken, Task<(string Name, byte[] Bytes)>> read, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(items, parameter);
        ArgumentException.ThrowIfNullOrWhiteSpace(purpose);
        var files = new List<(string Name, byte[] Bytes)>();
        foreach (var item in items)
        {
            files.Add(await read(item, parameter, cancellationToken).ConfigureAwait(false));
        }

        return await SendUploadAsync(files, purpose, parameter, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<(string Name, byte[] Bytes)> ReadPathAsync(string path, string parameter, CancellationToken cancellationToken)
    {
        var info = DashScopeFileClient.ExistingFile(path, parameter);
        return (info.Name, await File.ReadAllBytesAsync(info.FullName, cancellationToken).ConfigureAwait(false));
    }

    private static async Task<(string Name, byte[] Bytes)> ReadUploadAsync(DashScopeFileUpload file, string parameter, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(file, parameter);
        using var buffer = new MemoryStream();
        await file.Content.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
        return (file.FileName, buffer.ToArray());
    }

    /// <summary>Maps the upload answer, accounting for every sent file.</summary>
    /// <param name="wire">The answer.</param>
    /// <param name="sent">The names sent, in order.</param>
    /// <param name="headerRequestId">The request id from the headers.</param>
    /// <returns>The result.</returns>
    /// <exception cref="LlmRequestException">No file was uploaded.</exception>
    internal static DashScopeFileUploadResult FromWire(DashScopeNativeResponse<DashScopeNativeUploadData> wire, IReadOnlyList<string> sent, string? headerRequestId)
    {
        var requestId = wire.RequestId ?? headerRequestId;
        var uploaded = (wire.Data?.UploadedFiles ?? []).Where(f => !string.IsNullOrEmpty(f.FileId))
            .Select(f => new DashScopeFileUploadItem(f.Name ?? string.Empty) { FileId = f.FileId }).ToList();
        var failed = (wire.Data?.FailedUploads ?? [])
            .Select(f => new DashScopeFileUploadItem(f.Name ?? string.Empty) { ErrorCode = f.Code, ErrorMessage = f.Message }).ToList();

        // Quirk: failures come back at HTTP 200 beside the successes; a file named in neither list is a failure too, never dropped.
        foreach (var name in sent)
        {
            if (!uploaded.Any(f => f.Name == name) && !failed.Any(f => f.Name == name))
            {
                failed.Add(new DashScopeFileUploadItem(name) { ErrorMessage = "DashScope reported this file neither uploaded nor failed" });
            }
        }

        var result = new DashScopeFileUploadResult(uploaded, failed) { RequestId = requestId };
        return uploaded.Count == 0 ? throw FailedAll(result) : result;
    }

    private static LlmRequestException FailedAll(DashScopeFileUploadResult result)
    {
        try
        {
            result.EnsureAllUploaded();
        }
        catch (LlmRequestException ex)
        {
            return ex;
        }

        return new LlmRequestException(DashScopeSettings.ProviderName, LlmErrorKind.InvalidResponse, 200, null, null, result.RequestId, isTransient: false, advice: "the upload answer lists no file");
    }

    private static DashScopeFile FromWire(DashScopeNativeFileWire wire) => new(wire.FileId ?? string.Empty)
    {
        FileName = wire.Name,
        Bytes = wire.Size,
        Md5 = wire.Md5,
        Description = wire.Description,
        Url = Uri.TryCreate(wire.Url, UriKind.Absolute, out var url) ? url : null,
        CreatedAt = DateTime.TryParseExact(wire.GmtCreate, "yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture, DateTimeStyles.None, out var local)
            ? new DateTimeOffset(local, TimeSpan.FromHours(8))
            : null,
    };

    private async Task<DashScopeFileUploadResult> SendUploadAsync(List<(string Name, byte[] Bytes)> files, string purpose, string parameter, CancellationToken cancellationToken)
    {
        if (files.Count == 0)
        {
            throw new ArgumentException("Pass at least one file to upload.", parameter);
        }

        foreach (var group in files.GroupBy(f => f.Name, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            throw new ArgumentException($"Two files are named '{group.Key}'; DashScope reports each file by name, so names must be unique within one upload. Rename one, or upload them separately.", parameter);
        }

        foreach (var (name, bytes) in files.Where(f => f.Bytes.Length == 0))
        {
            throw new ArgumentException($"'{name}' is empty; upload a file with content.", parameter);
        }

        // Several "file" parts and a "purpose" field; byte-array parts keep the body re-readable for the retry handler.
        var form = new MultipartFormDataContent();
        foreach (var (name, bytes) in files)
        {
            var part = new ByteArrayContent(bytes);
            part.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            form.Add(part, "file", name);
        }

        form.Add(new StringContent(purpose), "purpose");
        using var request = settings.CreateNativeRequest(HttpMethod.Post, FilesPath, form);
        var response = await transport.SendAsync(request, DashScopeJsonContext.Default.DashScopeNativeUploadResponse, cancellationToken).ConfigureAwait(false);
        return FromWire(response.Value, [.. files.Select(f => f.Name)], response.HeaderRequestId);
    }
}
