namespace LlmClients.Batches;

/// <summary>
/// A bulk job: one or more vendor batches that together hold a list of inputs, split within the vendor's per-file limits.
/// Each line's <c>custom_id</c> is its position in its batch (<c>"0"</c>, <c>"1"</c>...), so the results map back to the
/// inputs through <see cref="LlmBatchJobPart.FirstIndex"/>. Keep <see cref="BatchIds"/> (in order) to resume the job after
/// a restart with <see cref="IBatchClient.ResumeAsync"/>. Immutable: waiting returns a new snapshot.
/// </summary>
public sealed class LlmBatchJob
{
    /// <summary>Initializes a job from its parts, in input order.</summary>
    /// <param name="parts">The parts; the first starts at index 0 and each starts where the previous one ends.</param>
    /// <exception cref="ArgumentException"><paramref name="parts"/> is empty.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="parts"/> is null.</exception>
    public LlmBatchJob(IReadOnlyList<LlmBatchJobPart> parts)
    {
        ArgumentNullException.ThrowIfNull(parts);
        if (parts.Count == 0)
        {
            throw new ArgumentException("A batch job has at least one batch.", nameof(parts));
        }

        Parts = parts;
    }

    /// <summary>Gets the parts, in input order.</summary>
    public IReadOnlyList<LlmBatchJobPart> Parts { get; }

    /// <summary>Gets the ids of the batches, in input order: what to store to resume the job.</summary>
    public IReadOnlyList<string> BatchIds => [.. Parts.Select(p => p.Batch.TaskId)];

    /// <summary>Gets the number of inputs, or null while a part's size is unknown.</summary>
    public int? Count => Parts.All(p => p.Count is not null) ? Parts.Sum(p => p.Count!.Value) : null;

    /// <summary>Gets whether every batch has ended (completed, failed, expired or cancelled).</summary>
    public bool IsTerminal => Parts.All(p => p.Batch.Status.IsTerminal);

    /// <summary>
    /// Gets the job's status: while a batch runs, the earliest stage among running batches (validating, then in_progress,
    /// finalizing, cancelling); once all have ended, <c>completed</c> if all completed, else the first other terminal status.
    /// </summary>
    public LlmBatchStatus Status
    {
        get
        {
            LlmBatchStatus[] stages = [LlmBatchStatus.Validating, LlmBatchStatus.InProgress, LlmBatchStatus.Finalizing, LlmBatchStatus.Cancelling];
            var running = Parts.Select(p => p.Batch.Status).Where(s => !s.IsTerminal).ToList();
            if (running.Count > 0)
            {
                return stages.FirstOrDefault(running.Contains, running[0]);
            }

            return Parts.Select(p => p.Batch.Status).FirstOrDefault(s => s != LlmBatchStatus.Completed, LlmBatchStatus.Completed);
        }
    }

    /// <summary>Gets the request counts summed over the batches (a batch that reports none counts its known size as total).</summary>
    public LlmBatchRequestCounts RequestCounts => Parts.Aggregate(
        LlmBatchRequestCounts.Empty,
        (sum, p) => p.Batch.RequestCounts is { } c
            ? new(sum.Total + Math.Max(c.Total, p.Count ?? 0), sum.Completed + c.Completed, sum.Failed + c.Failed)
            : sum with { Total = sum.Total + (p.Count ?? 0) });
}
