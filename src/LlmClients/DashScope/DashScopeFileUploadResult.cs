namespace LlmClients.DashScope;

/// <summary>
/// The outcome of a native upload. DashScope reports a partial success at HTTP 200 (<c>uploaded_files</c> next to
/// <c>failed_uploads</c>), so a returned result may hold failures: check <see cref="Failed"/> or call <see cref="EnsureAllUploaded"/>.
/// </summary>
/// <param name="uploaded">The uploaded files.</param>
/// <param name="failed">The files that were not uploaded.</param>
public sealed class DashScopeFileUploadResult(IReadOnlyList<DashScopeFileUploadItem> uploaded, IReadOnlyList<DashScopeFileUploadItem> failed)
{
    /// <summary>Gets the uploaded files, with their ids.</summary>
    public IReadOnlyList<DashScopeFileUploadItem> Uploaded { get; } = uploaded;

    /// <summary>Gets the files that were not uploaded, with DashScope's code and message (a file DashScope reported in neither list has code null).</summary>
    public IReadOnlyList<DashScopeFileUploadItem> Failed { get; } = failed;

    /// <summary>Gets whether any file failed.</summary>
    public bool HasFailures => Failed.Count > 0;

    /// <summary>Gets or sets the request id of the upload.</summary>
    public string? RequestId { get; init; }

    /// <summary>Throws when any file failed; returns the result otherwise, for chaining.</summary>
    /// <returns>This result.</returns>
    /// <exception cref="LlmRequestException">A file failed: the message lists every failed file with its code; the code is the first failure's.</exception>
    public DashScopeFileUploadResult EnsureAllUploaded()
    {
        if (!HasFailures)
        {
            return this;
        }

        var list = string.Join("; ", Failed.Select(f => $"'{f.Name}': {f.ErrorCode ?? "not reported"} {f.ErrorMessage}".TrimEnd()));
        throw new LlmRequestException(
            "dashscope",
            Failed[0].ErrorCode?.StartsWith("Throttling", StringComparison.OrdinalIgnoreCase) == true ? LlmErrorKind.RateLimited : LlmErrorKind.InvalidRequest,
            200,
            Failed[0].ErrorCode,
            null,
            RequestId,
            isTransient: false,
            advice: $"{Failed.Count} of {Failed.Count + Uploaded.Count} files were not uploaded ({list})");
    }
}
