namespace LlmClients.Batches;

/// <summary>How many requests of a batch (or of a whole job) there are, have succeeded and have failed, as the vendor reports them (<c>request_counts</c>).</summary>
/// <param name="Total">The number of requests (lines of the input file).</param>
/// <param name="Completed">The number of requests that succeeded so far.</param>
/// <param name="Failed">The number of requests that failed so far (DashScope counts requests of a cancelled batch that never ran as failed).</param>
public sealed record LlmBatchRequestCounts(int Total, int Completed, int Failed)
{
    /// <summary>Gets counts of zero.</summary>
    public static LlmBatchRequestCounts Empty { get; } = new(0, 0, 0);

    /// <summary>Gets the number of requests that have ended (<see cref="Completed"/> plus <see cref="Failed"/>).</summary>
    public int Done => Completed + Failed;
}
