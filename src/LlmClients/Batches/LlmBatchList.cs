namespace LlmClients.Batches;

/// <summary>One page of batches (<c>GET /batches?after&amp;limit</c>), newest first.</summary>
/// <param name="Data">The batches of this page (empty when the vendor sends <c>"data": null</c>, as DashScope does for no batches).</param>
/// <param name="HasMore">Whether there are more batches after this page.</param>
/// <param name="LastId">The id to pass as <c>after</c> for the next page, or null.</param>
public sealed record LlmBatchList(IReadOnlyList<LlmBatch> Data, bool HasMore, string? LastId);
