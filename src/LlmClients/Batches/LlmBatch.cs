namespace LlmClients.Batches;

/// <summary>
/// A snapshot of one vendor batch (<c>GET /batches/{id}</c>), in the shape OpenAI, DashScope compatible mode and Zhipu share.
/// <see cref="LlmAsyncTask{TStatus}.TaskId"/> is the batch id, <see cref="LlmAsyncTask{TStatus}.RequestId"/> the request id
/// of the call that returned the snapshot, and <see cref="LlmAsyncTask{TStatus}.RawRepresentation"/> the batch object as a
/// <see cref="System.Text.Json.JsonElement"/>, for fields this type does not model. Every other field may be missing: empty
/// file ids (Zhipu sends <c>""</c>) are null, and timestamps in milliseconds (Zhipu) are read as such.
/// </summary>
/// <param name="id">The batch id, for example <c>batch_abc123</c>; it is the <see cref="LlmAsyncTask{TStatus}.TaskId"/>.</param>
/// <param name="status">The status.</param>
/// <exception cref="ArgumentException"><paramref name="id"/> is null or white space.</exception>
public sealed class LlmBatch(string id, LlmBatchStatus status) : LlmAsyncTask<LlmBatchStatus>(id, status)
{
    /// <summary>Gets the endpoint every line calls, for example <c>/v1/embeddings</c> or <c>/v4/chat/completions</c>.</summary>
    public string? Endpoint { get; init; }

    /// <summary>Gets the id of the uploaded JSONL input file.</summary>
    public string? InputFileId { get; init; }

    /// <summary>Gets the id of the file holding the successful lines, once there is one.</summary>
    public string? OutputFileId { get; init; }

    /// <summary>Gets the id of the file holding the failed lines, once there is one.</summary>
    public string? ErrorFileId { get; init; }

    /// <summary>Gets the completion window, for example <c>24h</c>.</summary>
    public string? CompletionWindow { get; init; }

    /// <summary>Gets the request counts, or null while the vendor reports none (Zhipu while validating).</summary>
    public LlmBatchRequestCounts? RequestCounts { get; init; }

    /// <summary>Gets why the batch failed as a whole (<c>errors.data</c>); empty when the vendor reported nothing.</summary>
    public IReadOnlyList<LlmBatchError> Errors { get; init; } = [];

    /// <summary>Gets the metadata the batch was created with; empty when there is none.</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; init; } = new Dictionary<string, string>();

    /// <summary>Gets when the batch was created, if reported.</summary>
    public DateTimeOffset? CreatedAt { get; init; }

    /// <summary>Gets when the batch will expire, if reported (DashScope leaves it null).</summary>
    public DateTimeOffset? ExpiresAt { get; init; }

    /// <summary>Gets when the batch reached its terminal status (completed, failed, expired or cancelled), if reported.</summary>
    public DateTimeOffset? EndedAt { get; init; }
}
