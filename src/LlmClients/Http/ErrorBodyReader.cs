using System.Globalization;
using LlmClients.Resilience;

namespace LlmClients.Http;

/// <summary>
/// Reads the body of an error response under the first-byte budget and the error-body size cap, so a server that
/// trickles a long error body (a 503 with <c>Content-Length: 10000</c>, one byte a second) cannot hold a call, a stream
/// or the retry handler. Never fails except for the caller's cancellation: an unreadable body is an empty one, and the
/// status then types the error.
/// </summary>
internal static class ErrorBodyReader
{
    /// <summary>Carries our note on an unread error body from the retry handler to the transport, on the request.</summary>
    internal static readonly HttpRequestOptionsKey<string> ProblemKey = new("LlmClients.ErrorBodyProblem");

    /// <summary>
    /// The largest declared length of a 2xx body that may be an error envelope: 16 KiB. Envelopes sent at HTTP 200
    /// (Qianfan v1 <c>{"error_code":110,"error_msg":...}</c>, Spark's header codes, vLLM's flat <c>{"object":"error"}</c>)
    /// are a few hundred bytes; a longer 2xx body is an answer (an embedding batch is megabytes), so handlers that
    /// inspect 2xx bodies for envelopes do not buffer a second copy of it, and the transport does not scan it for one
    /// (it is parsed as the answer; a body that is not one fails the answer's shape check).
    /// </summary>
    internal const long MaxSuccessEnvelopeBytes = 16 * 1024;

    /// <summary>Says whether a 2xx body may be an error envelope: JSON, and not declared longer than <see cref="MaxSuccessEnvelopeBytes"/>.</summary>
    /// <param name="content">The 2xx response's content.</param>
    /// <returns>False when the body is certainly not an envelope (not JSON, or declared too long to be one).</returns>
    public static bool MayBeSuccessEnvelope(HttpContent content)
        => content.Headers.ContentType?.MediaType is { } mediaType
           && mediaType.Contains("json", StringComparison.OrdinalIgnoreCase)
           && content.Headers.ContentLength is not > MaxSuccessEnvelopeBytes;

    /// <summary>Reads an error body.</summary>
    /// <param name="response">The error response.</param>
    /// <param name="options">The instance's settings (<see cref="LlmResilienceOptions.FirstByteTimeout"/>, <see cref="LlmResilienceOptions.MaxErrorBodyBytes"/>).</param>
    /// <param name="time">The clock of the budget.</param>
    /// <param name="cancellationToken">The caller's token (or a call budget); its cancellation propagates.</param>
    /// <returns>The body read (empty when unreadable), and our note on why it is empty, if it is.</returns>
    public static async Task<(byte[] Body, string? Problem)> ReadAsync(HttpResponseMessage response, LlmResilienceOptions options, TimeProvider time, CancellationToken cancellationToken)
        => await ReadAsync(response, options.MaxErrorBodyBytes, "Resilience:MaxErrorBodyBytes", options.FirstByteTimeout, time, cancellationToken).ConfigureAwait(false);

    /// <summary>Reads a body under a given cap (a 2xx body the retry handler inspects for an error envelope uses the response cap).</summary>
    /// <param name="response">The response.</param>
    /// <param name="maxBytes">The cap.</param>
    /// <param name="capSetting">The setting of the cap, for the note.</param>
    /// <param name="budget">The time budget (<see cref="LlmResilienceOptions.FirstByteTimeout"/>).</param>
    /// <param name="time">The clock of the budget.</param>
    /// <param name="cancellationToken">The caller's token; its cancellation propagates.</param>
    /// <returns>The body read (empty when unreadable), and our note on why it is empty, if it is.</returns>
    public static async Task<(byte[] Body, string? Problem)> ReadAsync(HttpResponseMessage response, long maxBytes, string capSetting, TimeSpan budget, TimeProvider time, CancellationToken cancellationToken)
    {
        if (response.RequestMessage?.Options.TryGetValue(ProblemKey, out var earlier) == true && response.Content.Headers.ContentLength == 0)
        {
            return ([], earlier);
        }

        var content = response.Content;
        using var timer = new CancellationTokenSource(budget, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timer.Token);
        try
        {
            using var body = await PooledBody.ReadAsync(content, maxBytes, linked.Token).ConfigureAwait(false);
            return body is null
                ? ([], string.Create(CultureInfo.InvariantCulture, $"the body is longer than {maxBytes} bytes ({capSetting}) and was not read"))
                : (body.Span.ToArray(), null);
        }
        catch (OperationCanceledException) when (timer.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return ([], string.Create(CultureInfo.InvariantCulture, $"the body was not complete within {budget:c} (Resilience:FirstByteTimeout)"));
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException or InvalidDataException)
        {
            return ([], $"the body could not be read ({ex.GetType().Name})");
        }
    }

    /// <summary>Replaces a response's content with the bytes already read, keeping its content headers, so later readers get it at once.</summary>
    /// <param name="response">The response.</param>
    /// <param name="body">The bytes read.</param>
    /// <param name="problem">Our note on why the body is empty, if it is; kept on the request for the transport's message.</param>
    public static void Replace(HttpResponseMessage response, byte[] body, string? problem)
    {
        if (problem is not null)
        {
            response.RequestMessage?.Options.Set(ProblemKey, problem);
        }
        else if (response.RequestMessage is { } request)
        {
            // A retried request keeps its options: a note from an earlier attempt must not describe this one.
            ((IDictionary<string, object?>)request.Options).Remove(ProblemKey.Key);
        }

        var old = response.Content;
        var replacement = new ByteArrayContent(body);
        foreach (var header in old.Headers)
        {
            if (!header.Key.Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
            {
                replacement.Headers.TryAddWithoutValidation(header.Key, header.Value);
            }
        }

        response.Content = replacement;
        old.Dispose();
    }
}
