namespace LlmClients.Batches;

/// <summary>
/// A snapshot of one vendor batch (<c>GET /batches/{id}</c>), in the shape OpenAI, DashScope compatible mode and Zhipu share.
/// Every field except <see cref="Id"/> and <see cref="Status"/> may be missing: empty file ids (Zhipu sends <c>""</c>) are
/// null, and timestamps in milliseconds (Zhipu) are read as such.
/// </summary>
public sealed class LlmBatch
{
    /// <summary>Initializes a snapshot.</summary>
    /// <param name="id">The batch id.</param>
    /// <param name="status">The status.</param>
    /// <exception cref="ArgumentException"><paramref name="id"/> is null or white space.</exception>
    public LlmBatch(string id, LlmBatchStatus status)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        Id = id;
        Status = status;
    }

    /// <summary>Gets the batch id, for example <c>batch_abc123</c>.</summary>
    public string Id { get; }

    /// <summary>Gets the status.</summary>
    public LlmBatchStatus Status { get; }

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

    /// <summary>Gets the raw JSON object the vendor sent, for fields this type does not model.</summary>
    public System.Text.Json.JsonElement? RawRepresentation { get; init; }
}
