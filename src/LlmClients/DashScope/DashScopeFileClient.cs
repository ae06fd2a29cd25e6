using System.Globalization;
using System.Net.Http.Headers;

namespace LlmClients.DashScope;

/// <summary>The compatible-mode Files API (<c>/compatible-mode/v1/files</c>).</summary>
internal sealed class DashScopeFileClient : IDashScopeFileClient
{
    /// <summary>The largest document DashScope accepts for file-extract (150 MB).</summary>
    public const long MaxFileBytes = 150L * 1024 * 1024;

    private readonly LlmHttpTransport _transport;
    private readonly DashScopeSettings _settings;

    public DashScopeFileClient(LlmHttpTransport transport, DashScopeSettings settings)
    {
        _transport = transport;
        _settings = settings;
    }

    /// <inheritdoc />
    public async Task<DashScopeFile> UploadAsync(string path, string purpose = DashScopeFile.FileExtractPurpose, CancellationToken cancellationToken = default)
    {
        var info = ExistingFile(path, nameof(path));
        ArgumentException.ThrowIfNullOrWhiteSpace(purpose);
        CheckSize(info.Length, info.Name, nameof(path));
        var bytes = await File.ReadAllBytesAsync(info.FullName, cancellationToken).ConfigureAwait(false);
        return await SendUploadAsync(bytes, info.Name, purpose, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<DashScopeFile> UploadAsync(Stream content, string fileName, string purpose = DashScopeFile.FileExtractPurpose, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentException.ThrowIfNullOrWhiteSpace(fileName);
        ArgumentException.ThrowIfNullOrWhiteSpace(purpose);
        if (content.CanSeek)
        {
            // Check before buffering: a seekable stream says how much is left, so an oversized document is not read into memory.
            CheckSize(content.Length - content.Position, fileName, nameof(content));
        }

        using var buffer = new MemoryStream();
        await content.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
        CheckSize(buffer.Length, fileName, nameof(content));
        return await SendUploadAsync(buffer.ToArray(), fileName, purpose, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<DashScopeFileList> ListAsync(string? after = null, int? limit = null, CancellationToken cancellationToken = default)
    {
        if (limit is <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(limit), limit, "limit must be positive; leave it null for the service default.");
        }

        using var request = Create(HttpMethod.Get, QueryString.Append("files", ("after", after), ("limit", limit?.ToString(CultureInfo.InvariantCulture))));
        var response = await _transport.SendAsync(request, DashScopeJsonContext.Default.DashScopeFileListWire, cancellationToken).ConfigureAwait(false);
        return new DashScopeFileList([.. (response.Value.Data ?? []).Select(FromWire)], response.Value.HasMore ?? false);
    }

    /// <inheritdoc />
    public async Task<DashScopeFile> GetAsync(string fileId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(fileId);
        using var request = Create(HttpMethod.Get, "files/" + Uri.EscapeDataString(fileId));
        var response = await _transport.SendAsync(request, DashScopeJsonContext.Default.DashScopeFileWire, cancellationToken).ConfigureAwait(false);
        return FromWire(response.Value);
    }

    /// <inheritdoc />
    public async Task<bool> DeleteAsync(string fileId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(fileId);
        using var request = Create(HttpMethod.Delete, "files/" + Uri.EscapeDataString(fileId));
        var response = await _transport.SendAsync(request, DashScopeJsonContext.Default.DashScopeFileWire, cancellationToken).ConfigureAwait(false);
        return response.Value.Deleted ?? false;
    }

    /// <summary>Checks a local file to upload, before anything is sent.</summary>
    /// <param name="path">The path; relative paths are resolved against the current directory.</param>
    /// <param name="parameter">The caller's parameter name, for the error.</param>
    /// <returns>The file.</returns>
    /// <exception cref="ArgumentException"><paramref name="path"/> is null or blank.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    internal static FileInfo ExistingFile(string path, string parameter)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path, parameter);
        var info = new FileInfo(path);
        if (!info.Exists)
        {
            throw new FileNotFoundException($"The file to upload does not exist: '{info.FullName}'. Check the path (relative paths are resolved against '{Environment.CurrentDirectory}').", info.FullName);
        }

        return info;
    }

    /// <summary>Maps a wire file.</summary>
    /// <param name="wire">The wire file.</param>
    /// <returns>The file.</returns>
    internal static DashScopeFile FromWire(DashScopeFileWire wire) => new(wire.Id ?? string.Empty)
    {
        FileName = wire.Filename,
        Bytes = wire.Bytes,
        Purpose = wire.Purpose,
        Status = wire.Status,
        CreatedAt = wire.CreatedAt is long created ? DateTimeOffset.FromUnixTimeSeconds(created) : null,
    };

    private static void CheckSize(long length, string name, string parameter)
    {
        if (length == 0)
        {
            throw new ArgumentException($"'{name}' is empty; DashScope cannot extract text from an empty file. Upload a document with content.", parameter);
        }

        if (length > MaxFileBytes)
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"'{name}' is {length} bytes, over DashScope's 150 MB limit per document. Split the document, or send its text in parts."),
                parameter);
        }
    }

    private async Task<DashScopeFile> SendUploadAsync(byte[] bytes, string fileName, string purpose, CancellationToken cancellationToken)
    {
        // Byte-array parts keep the body re-readable, so the retry handler can resend it.
        var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        form.Add(file, "file", fileName);
        form.Add(new StringContent(purpose), "purpose");
        using var request = Create(HttpMethod.Post, "files");
        request.Content = form;
        var response = await _transport.SendAsync(request, DashScopeJsonContext.Default.DashScopeFileWire, cancellationToken).ConfigureAwait(false);
        return FromWire(response.Value);
    }

    private HttpRequestMessage Create(HttpMethod method, string path)
        => JsonRequests.Create(method, BaseUrls.Combine(_settings.CompatibleBaseUrl, path), null, _settings.Headers);
}
