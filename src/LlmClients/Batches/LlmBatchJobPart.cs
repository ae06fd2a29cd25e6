namespace LlmClients.Batches;

/// <summary>One vendor batch of a job: its latest snapshot and the inputs it holds (inputs <c>FirstIndex .. FirstIndex + Count - 1</c>).</summary>
/// <param name="Batch">The latest snapshot of the batch.</param>
/// <param name="FirstIndex">The index, in the job's inputs, of the batch's first line (its <c>custom_id</c> <c>"0"</c>).</param>
/// <param name="Count">The number of lines of the batch, or null while unknown (a job resumed by id before the vendor reported <c>request_counts</c>).</param>
public sealed record LlmBatchJobPart(LlmBatch Batch, int FirstIndex, int? Count);
