using LlmClients.Resilience;
using LlmClients.Telemetry;
using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace LlmClients.Http;

/// <summary>
/// Sends vendor requests through a named <see cref="HttpClient"/> (retry and auth live in its handlers),
/// applies the whole-call budget, and turns every failure into <see cref="LlmRequestException"/>.
/// Thread-safe; adapters hold one per provider instance and create the client per call.
/// </summary>
internal sealed class LlmHttpTransport
{
    private delegate TResult BodyReader<TResult>(ReadOnlySpan<byte> body, string? headerRequestId);

    private static readonly MediaTypeWithQualityHeaderValue EventStream = new("text/event-stream");
    private readonly IHttpClientFactory _factory;
    private readonly string _clientName;
    private readonly ILogger _logger;

    public LlmHttpTransport(IHttpClientFactory factory, string clientName, VendorErrorHandler errors, LlmResilienceOptions resilience, TimeProvider? timeProvider = null, ILogger? logger = null)
    {
        _factory = factory;
        _clientName = clientName;
        Errors = errors;
        Resilience = resilience;
        TimeProvider = timeProvider ?? TimeProvider.System;
        _logger = logger ?? NullLogger.Instance;
    }

    /// <summary>Gets the vendor's error handler.</summary>
    public VendorErrorHandler Errors { get; }

    /// <summary>Gets the retry and timeout settings.</summary>
    public LlmResilienceOptions Resilience { get; }

    /// <summary>Gets the clock.</summary>
    public TimeProvider TimeProvider { get; }

    /// <summary>Gets the instance the transport serves, for logs, spans and <see cref="LlmRequestException.InstanceName"/>; null names it after the provider.</summary>
    public InstanceTelemetry? Instance { get; init; }

    /// <summary>Sends a request and parses a JSON response within the whole-call budget.</summary>
    /// <typeparam name="T">The wire type.</typeparam>
    /// <param name="request">The request; its content must be re-readable.</param>
    /// <param name="typeInfo">The source-generated type info.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The parsed response.</returns>
    public Task<VendorResponse<T>> SendAsync<T>(HttpRequestMessage request, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken)
        => SendCoreAsync(request, (body, requestId) => new VendorResponse<T>(Deserialize(body, typeInfo, requestId), requestId), cancellationToken);

    /// <summary>Sends a request and returns the raw success body (for downloads and custom parsing).</summary>
    /// <param name="request">The request.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The body and the header request id.</returns>
    public Task<(byte[] Body, string? HeaderRequestId)> SendForBytesAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        => SendCoreAsync(request, static (body, requestId) => (body.ToArray(), requestId), cancellationToken);

    private async Task<TResult> SendCoreAsync<TResult>(HttpRequestMessage request, BodyReader<TResult> read, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        using var budget = new CancellationTokenSource(Resilience.RequestTimeout, TimeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, budget.Token);
        var started = TimeProvider.GetTimestamp();
        try
        {
            using var client = _factory.CreateClient(_clientName);
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, linked.Token).ConfigureAwait(false);
            using var body = await PooledBody.ReadAsync(response.Content, linked.Token).ConfigureAwait(false);
            var requestId = Errors.FindRequestId(response.Headers);
            LogResponse(request, (int)response.StatusCode, requestId, TimeProvider.GetElapsedTime(started));
            if (!response.IsSuccessStatusCode)
            {
                throw CreateHttpError(response, body.Span);
            }

            if (Errors.ErrorsInSuccessBodies && Errors.ParseError((int)response.StatusCode, body.Span) is { } error)
            {
                throw Errors.CreateException((int)response.StatusCode, error, response.Headers);
            }

            return read(body.Span, requestId);
        }
        catch (OperationCanceledException ex) when (budget.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new LlmRequestException(Errors.ProviderName, LlmErrorKind.Timeout, null, null, $"the call did not complete within {Resilience.RequestTimeout} (RequestTimeout)", null, isTransient: true, innerException: ex);
        }
        catch (Exception ex) when (IsTransportFailure(ex, cancellationToken))
        {
            throw NetworkError(ex);
        }
    }

    /// <summary>
    /// Sends a streaming request and returns once headers arrive. Error statuses (and error bodies in place of
    /// an event stream) throw here, before the first event; there is no whole-call budget on streams, only the
    /// first-byte and idle budgets.
    /// </summary>
    /// <param name="request">The request.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The open stream.</returns>
    public async Task<SseResponse> OpenStreamAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!request.Headers.Accept.Contains(EventStream))
        {
            request.Headers.Accept.Add(EventStream);
        }

        var started = TimeProvider.GetTimestamp();
        HttpResponseMessage? response = null;
        try
        {
            var client = _factory.CreateClient(_clientName);
            response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            LogResponse(request, (int)response.StatusCode, Errors.FindRequestId(response.Headers), TimeProvider.GetElapsedTime(started));
            if (!response.IsSuccessStatusCode)
            {
                byte[] body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
                throw CreateHttpError(response, FirstDataPayload(response, body));
            }

            var sse = new SseResponse(response, this, Errors.FindRequestId(response.Headers));
            response = null;
            return sse;
        }
        catch (Exception ex) when (IsTransportFailure(ex, cancellationToken))
        {
            throw NetworkError(ex);
        }
        finally
        {
            response?.Dispose();
        }
    }

    /// <summary>Parses JSON, turning a malformed body into <see cref="LlmErrorKind.InvalidResponse"/>.</summary>
    /// <typeparam name="T">The wire type.</typeparam>
    /// <param name="json">The JSON.</param>
    /// <param name="typeInfo">The type info.</param>
    /// <param name="requestId">The request id, for the error.</param>
    /// <returns>The value.</returns>
    public T Deserialize<T>(ReadOnlySpan<byte> json, JsonTypeInfo<T> typeInfo, string? requestId = null)
    {
        try
        {
            return JsonSerializer.Deserialize(json, typeInfo) ?? throw new JsonException("The body was JSON null.");
        }
        catch (JsonException ex)
        {
            throw new LlmRequestException(Errors.ProviderName, LlmErrorKind.InvalidResponse, 200, null, $"the response could not be parsed as {typeof(T).Name}: {ex.Message}", requestId, isTransient: false, innerException: ex);
        }
    }

    /// <summary>Parses a JSON string (an SSE data payload).</summary>
    /// <typeparam name="T">The wire type.</typeparam>
    /// <param name="json">The JSON text.</param>
    /// <param name="typeInfo">The type info.</param>
    /// <param name="requestId">The request id, for the error.</param>
    /// <returns>The value.</returns>
    public T Deserialize<T>(string json, JsonTypeInfo<T> typeInfo, string? requestId = null)
        => Deserialize(System.Text.Encoding.UTF8.GetBytes(json), typeInfo, requestId);

    /// <summary>Builds the typed exception for an error status.</summary>
    /// <param name="response">The response.</param>
    /// <param name="body">The body.</param>
    /// <returns>The exception.</returns>
    public LlmRequestException CreateHttpError(HttpResponseMessage response, ReadOnlySpan<byte> body)
    {
        int status = (int)response.StatusCode;
        var error = Errors.ParseError(status, body);
        return Errors.CreateException(status, error, response.Headers, LlmRetryHandler.GetRetryAfter(response, TimeProvider));
    }

    /// <summary>Wraps a transport failure.</summary>
    /// <param name="ex">The failure.</param>
    /// <returns>The exception.</returns>
    public LlmRequestException NetworkError(Exception ex)
        => new(Errors.ProviderName, LlmErrorKind.Network, null, null, $"the connection failed ({ex.GetType().Name})", null, isTransient: true, innerException: ex);

    /// <summary>Says whether an exception is a transport failure (and not the caller's cancellation or one of ours).</summary>
    /// <param name="ex">The exception.</param>
    /// <param name="cancellationToken">The caller's token.</param>
    /// <returns>True for transport failures.</returns>
    internal static bool IsTransportFailure(Exception ex, CancellationToken cancellationToken)
        => ex is HttpRequestException or IOException or InvalidDataException
           || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested && ex.InnerException is IOException or HttpRequestException);

    // An SSE error body (DashScope) carries the JSON in its first data: line.
    private static ReadOnlySpan<byte> FirstDataPayload(HttpResponseMessage response, byte[] body)
    {
        if (!string.Equals(response.Content.Headers.ContentType?.MediaType, "text/event-stream", StringComparison.OrdinalIgnoreCase))
        {
            return body;
        }

        var span = body.AsSpan();
        int data = span.IndexOf("data:"u8);
        if (data < 0)
        {
            return body;
        }

        span = span[(data + 5)..];
        int end = span.IndexOfAny((byte)'\n', (byte)'\r');
        return (end < 0 ? span : span[..end]).Trim((byte)' ');
    }

    private void LogResponse(HttpRequestMessage request, int status, string? requestId, TimeSpan elapsed)
    {
        if (_logger.IsEnabled(LogLevel.Debug))
        {
#pragma warning disable CA1873 // Guarded by IsEnabled above.
            Log.HttpResponse(
                _logger,
                Instance?.InstanceName ?? Errors.ProviderName,
                Instance?.ProviderName ?? Errors.ProviderName,
                request.Method.Method,
                Redaction.RedactUri(request.RequestUri),
                LlmCallContext.Model,
                status,
                requestId,
                elapsed.TotalMilliseconds);
#pragma warning restore CA1873
        }
    }
}
