namespace LlmClients.Batches;

/// <summary>How a job is submitted: the completion window, metadata, and smaller per-file limits than the vendor's.</summary>
public sealed class LlmBatchOptions
{
    /// <summary>
    /// Gets or sets the completion window sent as <c>completion_window</c>. The default is <c>24h</c>, the only value OpenAI takes;
    /// DashScope takes <c>24h</c> to <c>336h</c> (or <c>14d</c>); Zhipu ignores it (jobs are cancelled after 7 days).
    /// </summary>
    public string CompletionWindow { get; set; } = "24h";

    /// <summary>
    /// Gets or sets the metadata sent with every batch of the job, or null. OpenAI takes up to 16 pairs (keys up to 64 characters,
    /// values up to 512); DashScope reads <c>ds_name</c>, <c>ds_description</c> and <c>ds_batch_finish_callback</c>. The default is null.
    /// </summary>
    public IDictionary<string, string>? Metadata { get; set; }

    /// <summary>Gets or sets the most lines per batch, or null for the vendor's limit (50,000; 10,000 for Zhipu embeddings). The default is null.</summary>
    public int? MaxRequestsPerBatch { get; set; }

    /// <summary>Gets or sets the largest input file in bytes, or null for the vendor's limit (OpenAI 200 MB, DashScope 500 MB, Zhipu 100 MB). The default is null.</summary>
    public long? MaxBytesPerBatch { get; set; }

    /// <summary>Checks the settings.</summary>
    /// <param name="parameterName">The parameter named in the message.</param>
    /// <exception cref="ArgumentException">A setting is out of range, or a metadata value is null.</exception>
    internal void Validate(string parameterName)
    {
        if (string.IsNullOrWhiteSpace(CompletionWindow) || MaxRequestsPerBatch is < 1 || MaxBytesPerBatch is < 1)
        {
            throw new ArgumentException("LlmBatchOptions: CompletionWindow must not be blank (for example \"24h\"), and MaxRequestsPerBatch and MaxBytesPerBatch must be positive or null.", parameterName);
        }

        // A null value would be sent as JSON null, which the vendors reject only after the file upload.
        if (Metadata?.FirstOrDefault(p => p.Value is null) is { Key: { } key })
        {
            throw new ArgumentException($"LlmBatchOptions.Metadata[\"{key}\"] is null. Give it a string value, or remove the key.", parameterName);
        }
    }
}
