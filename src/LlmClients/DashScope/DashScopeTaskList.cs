namespace LlmClients.DashScope;

/// <summary>One page of tasks from <see cref="IDashScopeTaskClient.ListAsync"/>.</summary>
/// <param name="tasks">The tasks.</param>
public sealed class DashScopeTaskList(IReadOnlyList<DashScopeTaskSummary> tasks)
{
    /// <summary>Gets the tasks of this page.</summary>
    public IReadOnlyList<DashScopeTaskSummary> Tasks { get; } = tasks;

    /// <summary>Gets or sets how many tasks match in all (<c>total</c>).</summary>
    public int? Total { get; init; }

    /// <summary>Gets or sets this page's number, from 1 (<c>page_no</c>).</summary>
    public int? PageNo { get; init; }

    /// <summary>Gets or sets the page size (<c>page_size</c>).</summary>
    public int? PageSize { get; init; }

    /// <summary>Gets or sets how many pages there are (<c>total_page</c>).</summary>
    public int? TotalPages { get; init; }
}
