using System.Globalization;

namespace LlmClients.Http;

/// <summary>Reads how long a vendor asked us to wait: <c>retry-after-ms</c>, then <c>Retry-After</c> (seconds or HTTP date).</summary>
internal static class RetryAfterHeader
{
    /// <summary>Reads the delay from a response, or null when the vendor gave none.</summary>
    /// <param name="response">The response.</param>
    /// <param name="timeProvider">The clock an HTTP date is measured against.</param>
    /// <returns>The delay (never negative), or null.</returns>
    public static TimeSpan? Parse(HttpResponseMessage response, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(response);
        if (response.Headers.TryGetValues("retry-after-ms", out var ms)
            && double.TryParse(ms.FirstOrDefault(), NumberStyles.Float, CultureInfo.InvariantCulture, out var millis) && millis >= 0)
        {
            return TimeSpan.FromMilliseconds(millis);
        }

        if (response.Headers.TryGetValues("Retry-After", out var values))
        {
            var raw = values.FirstOrDefault()?.Trim();
            if (double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds >= 0)
            {
                return TimeSpan.FromSeconds(seconds);
            }

            if (DateTimeOffset.TryParseExact(raw, "r", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date))
            {
                var delay = date - timeProvider.GetUtcNow();
                return delay < TimeSpan.Zero ? TimeSpan.Zero : delay;
            }
        }

        return null;
    }
}
