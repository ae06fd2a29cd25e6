namespace LlmClients.DashScope;

/// <summary>One page of the native file store.</summary>
/// <param name="files">The files of this page.</param>
public sealed class DashScopeNativeFileList(IReadOnlyList<DashScopeNativeFile> files)
{
    /// <summary>Gets the files of this page.</summary>
    public IReadOnlyList<DashScopeNativeFile> Files { get; } = files;

    /// <summary>Gets or sets how many files there are in all (<c>total</c>).</summary>
    public int? Total { get; init; }

    /// <summary>Gets or sets this page's number, from 1 (<c>page_no</c>).</summary>
    public int? PageNo { get; init; }

    /// <summary>Gets or sets the page size (<c>page_size</c>).</summary>
    public int? PageSize { get; init; }
}
