namespace LlmClients.DashScope;

/// <summary>One page of files.</summary>
/// <param name="files">The files.</param>
/// <param name="hasMore">Whether more files follow.</param>
public sealed class DashScopeFileList(IReadOnlyList<DashScopeFile> files, bool hasMore)
{
    /// <summary>Gets the files.</summary>
    public IReadOnlyList<DashScopeFile> Files { get; } = files;

    /// <summary>Gets whether more files follow (pass the last id as <c>after</c>).</summary>
    public bool HasMore { get; } = hasMore;
}
