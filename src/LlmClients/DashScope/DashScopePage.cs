namespace LlmClients.DashScope;

/// <summary>
/// One page of a DashScope native list (<c>GET /api/v1/files</c>, <c>GET /api/v1/tasks</c>): the items in the order DashScope
/// sent them and the paging fields it reported, each null when the answer left it out. Ask for the next page with
/// <see cref="PageNo"/> + 1 until a page has fewer than <see cref="PageSize"/> items (or <see cref="PageNo"/> reaches <see cref="TotalPages"/>).
/// </summary>
/// <typeparam name="T">A <see cref="DashScopeFile"/> or a <see cref="DashScopeTask"/>.</typeparam>
/// <param name="items">The items of this page.</param>
public sealed class DashScopePage<T>(IReadOnlyList<T> items)
{
    /// <summary>Gets the items of this page (files without a <c>file_id</c> are left out).</summary>
    public IReadOnlyList<T> Items { get; } = items;

    /// <summary>Gets or sets how many items there are in all, over every page (<c>total</c>).</summary>
    public int? Total { get; init; }

    /// <summary>Gets or sets this page's number, from 1 (<c>page_no</c>).</summary>
    public int? PageNo { get; init; }

    /// <summary>Gets or sets the page size (<c>page_size</c>).</summary>
    public int? PageSize { get; init; }

    /// <summary>Gets or sets how many pages there are (<c>total_page</c>; the task list sends it, the file list does not).</summary>
    public int? TotalPages { get; init; }
}
