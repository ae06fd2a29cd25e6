namespace LlmClients.HuggingFace;

/// <summary>
/// Reads a TEI server's <c>GET /info</c> once per client (single flight) and keeps it: its <c>max_client_batch_size</c> is the
/// most inputs per request (more is a 422) and its <c>model_id</c> names the served model. A server without the route
/// (404/405, for example a proxy in front of it) is remembered as having no info; any other failure is thrown and the next
/// call tries again.
/// </summary>
/// <param name="transport">The instance's transport (retry, auth, errors).</param>
/// <param name="settings">The instance's settings.</param>
internal sealed class HuggingFaceTeiInfoCache(LlmHttpTransport transport, HuggingFaceSettings settings)
{
    private readonly Lock _gate = new();
    private Task<HuggingFaceTeiInfo?>? _info;

    /// <summary>Gets the server's info, or null when it has no <c>/info</c>.</summary>
    /// <param name="cancellationToken">Cancels this caller's wait (not the shared read, which other callers may be waiting for).</param>
    /// <returns>The info, or null.</returns>
    /// <exception cref="LlmRequestException">The read failed (not cached).</exception>
    public async Task<HuggingFaceTeiInfo?> GetAsync(CancellationToken cancellationToken)
    {
        Task<HuggingFaceTeiInfo?> task;
        lock (_gate)
        {
            task = _info ??= FetchAsync();
        }

        try
        {
            return await task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch when (task.IsFaulted || task.IsCanceled)
        {
            lock (_gate)
            {
                if (ReferenceEquals(_info, task))
                {
                    _info = null;
                }
            }

            throw;
        }
    }

    private async Task<HuggingFaceTeiInfo?> FetchAsync()
    {
        // Bounded by the transport's whole-call budget (RequestTimeout), not by one caller's token.
        using var request = settings.CreateRequest(new Uri(settings.BaseUrl, "info"), body: null);
        try
        {
            var response = await transport.SendAsync(request, HuggingFaceJsonContext.Default.HuggingFaceTeiInfo, CancellationToken.None).ConfigureAwait(false);
            return response.Value;
        }
        catch (LlmRequestException ex) when (ex.StatusCode is 404 or 405)
        {
            return null;
        }
    }
}
