namespace LlmClients.DashScope;

/// <summary>Filters and paging of <see cref="IDashScopeTaskClient.ListAsync"/> (<c>GET /api/v1/tasks</c>). Every filter is optional.</summary>
public sealed class DashScopeTaskQuery
{
    /// <summary>Gets or sets the page, from 1 (<c>page_no</c>). The default is null: the service's first page.</summary>
    public int? PageNo { get; set; }

    /// <summary>Gets or sets the page size (<c>page_size</c>). The default is null: the service's default (10).</summary>
    public int? PageSize { get; set; }

    /// <summary>Gets or sets the model the tasks ran (<c>model_name</c>), for example <c>text-embedding-async-v2</c>.</summary>
    public string? ModelName { get; set; }

    /// <summary>Gets or sets the status to list (<c>status</c>).</summary>
    public DashScopeTaskStatus? Status { get; set; }

    /// <summary>Gets or sets the earliest submission time (<c>start_time</c>, sent as Beijing time <c>yyyyMMddHHmmss</c>).</summary>
    public DateTimeOffset? StartTime { get; set; }

    /// <summary>Gets or sets the latest submission time (<c>end_time</c>, sent as Beijing time <c>yyyyMMddHHmmss</c>).</summary>
    public DateTimeOffset? EndTime { get; set; }
}
