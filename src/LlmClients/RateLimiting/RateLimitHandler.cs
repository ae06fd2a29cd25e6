using System.Net;
using LlmClients.Telemetry;

namespace LlmClients.RateLimiting;

/// <summary>
/// Holds every HTTP request of an instance to its client-side limits, before the retry handler (a retried attempt reuses
/// the permit): waits for the permits (<see cref="InstanceRateLimits.AcquireAsync"/>), charges the estimated tokens of a
/// chat or embedding call to its <see cref="TokenCharge"/>, and keeps the concurrency lease until the response body is
/// disposed (for a stream: when it ends or the caller stops reading).
/// </summary>
/// <param name="limits">The instance's limiters.</param>
internal sealed class RateLimitHandler(InstanceRateLimits limits) : DelegatingHandler
{
    /// <summary>Estimates the tokens of a request body: one per 3 UTF-8 bytes, rounded up (see <see cref="LlmRateLimitOptions"/>).</summary>
    /// <param name="bytes">The body length.</param>
    /// <returns>The estimate (at least 1).</returns>
    internal static long EstimateTokens(long bytes) => Math.Max(1, (bytes + 2) / 3);

    /// <inheritdoc />
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        => limits.Enabled ? SendLimitedAsync(request, cancellationToken) : base.SendAsync(request, cancellationToken); // No limits: no state machine.

    private async Task<HttpResponseMessage> SendLimitedAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var charge = LlmCallContext.Charge;
        long tokens = 0;
        if (charge is not null && limits.ChargesTokens && request.Content is { } content)
        {
            // Adapters send buffered bodies (re-readable for retries), so the length is known without reading it.
            tokens = EstimateTokens(content.Headers.ContentLength ?? (await content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false)).LongLength);
        }

        var permit = await limits.AcquireAsync(LlmCallContext.Model, tokens, cancellationToken).ConfigureAwait(false);
        charge?.Add(permit);
        HttpResponseMessage response;
        try
        {
            response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            permit.Dispose();
            throw;
        }

        if (!permit.HoldsConcurrency)
        {
            return response;
        }

        response.Content = new LeaseContent(response.Content, permit);
        return response;
    }

    /// <summary>The response body, giving the request's concurrency lease back when disposed.</summary>
    private sealed class LeaseContent : HttpContent
    {
        private readonly HttpContent _inner;
        private readonly RateLimitPermit _permit;

        public LeaseContent(HttpContent inner, RateLimitPermit permit)
        {
            _inner = inner;
            _permit = permit;
            foreach (var header in inner.Headers)
            {
                Headers.TryAddWithoutValidation(header.Key, header.Value);
            }
        }

        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) => _inner.CopyToAsync(stream);

        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
            => _inner.CopyToAsync(stream, cancellationToken);

        protected override Task<Stream> CreateContentReadStreamAsync() => _inner.ReadAsStreamAsync();

        protected override Task<Stream> CreateContentReadStreamAsync(CancellationToken cancellationToken) => _inner.ReadAsStreamAsync(cancellationToken);

        protected override bool TryComputeLength(out long length)
        {
            length = _inner.Headers.ContentLength ?? 0;
            return _inner.Headers.ContentLength is not null;
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _inner.Dispose();
                _permit.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
