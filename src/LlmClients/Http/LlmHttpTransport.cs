using LlmClients.Resilience;
using LlmClients.Telemetry;
using System.Diagnostics;
using System.Globalization;
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
    /// <summary>Parses a success body in place; the span is valid only during the call.</summary>
    internal delegate TResult BodyReader<TResult>(ReadOnlySpan<byte> body, string? headerRequestId);

    // A body reader with its state passed in: the overloads below hand static lambdas their state, so a call allocates no closure.
    private delegate TResult BodyReader<in TState, TResult>(TState state, ReadOnlySpan<byte> body, string? headerRequestId);

    private static readonly MediaTypeWithQualityHeaderValue EventStream = new("text/event-stream");
    private readonly IHttpClientFactory _factory;
    private readonly IHttpMessageHandlerFactory? _handlers;
    private readonly string _clientName;
    private readonly ILogger _logger;

    // The named client's current handler chain and how to send through it (see Invoker).
    private Route? _route;

    // The whole-call budgets of non-streaming calls (reused across calls on the system clock).
    private readonly ReusableTimeout _budgets;

    public LlmHttpTransport(IHttpClientFactory factory, string clientName, VendorErrorMapper errors, LlmResilienceOptions resilience, TimeProvider? timeProvider = null, ILogger? logger = null)
    {
        _factory = factory;
        _handlers = factory as IHttpMessageHandlerFactory;
        _clientName = clientName;
        Errors = errors;
        Resilience = resilience;
        TimeProvider = timeProvider ?? TimeProvider.System;
        _budgets = new ReusableTimeout(TimeProvider);
        _logger = logger ?? NullLogger.Instance;
    }

    /// <summary>Gets the vendor's error handler.</summary>
    public VendorErrorMapper Errors { get; }

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
        => SendWithinBudgetAsync(request, (Transport: this, TypeInfo: typeInfo), static (s, body, requestId) => new VendorResponse<T>(s.Transport.CheckShape(s.Transport.Deserialize(body, s.TypeInfo, requestId), requestId), requestId), parseErrors: true, download: null, cancellationToken);

    /// <summary>Sends a request and parses the response with a hand-written reader, within the whole-call budget.</summary>
    /// <typeparam name="T">The wire type.</typeparam>
    /// <param name="request">The request; its content must be re-readable.</param>
    /// <param name="parse">Parses the body straight from the pooled buffer; throws <see cref="JsonException"/> on a body of the wrong shape.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The parsed response.</returns>
    public Task<VendorResponse<T>> SendAsync<T>(HttpRequestMessage request, Func<ReadOnlySpan<byte>, T> parse, CancellationToken cancellationToken)
        => SendWithinBudgetAsync(request, (Transport: this, Parse: parse), static (s, body, requestId) => new VendorResponse<T>(s.Transport.CheckShape(s.Transport.Parse(body, s.Parse, requestId), requestId), requestId), parseErrors: true, download: null, cancellationToken);

    /// <summary>Sends a request and returns the raw success body (for downloads and custom parsing).</summary>
    /// <param name="request">The request.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The body and the header request id.</returns>
    public Task<(byte[] Body, string? HeaderRequestId)> SendForBytesAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        => SendWithinBudgetAsync<object?, (byte[], string?)>(request, null, static (_, body, requestId) => (body.ToArray(), requestId), parseErrors: false, download: null, cancellationToken);

    /// <summary>Sends a request and parses the raw success body in place (custom parsers: no copy of the body).</summary>
    /// <typeparam name="TResult">The parsed result.</typeparam>
    /// <param name="request">The request.</param>
    /// <param name="parse">Parses the body (valid only during the call) with the header request id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>What <paramref name="parse"/> returned.</returns>
    public Task<TResult> SendAsync<TResult>(HttpRequestMessage request, BodyReader<TResult> parse, CancellationToken cancellationToken)
        => SendWithinBudgetAsync(request, parse, static (parse, body, requestId) => parse(body, requestId), parseErrors: false, download: null, cancellationToken);

    /// <summary>
    /// Sends a request and hands its success body to <paramref name="read"/> as a stream, for downloads too large to buffer
    /// (batch result files). Error statuses throw as usual; the whole call, reading included, runs within
    /// <see cref="LlmResilienceOptions.RequestTimeout"/>.
    /// </summary>
    /// <param name="request">The request.</param>
    /// <param name="read">Reads the body; its token ends with the budget or the caller's cancellation.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when <paramref name="read"/> has.</returns>
    public Task DownloadAsync(HttpRequestMessage request, Func<Stream, CancellationToken, Task> read, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(read);
        return SendWithinBudgetAsync<object?, bool>(request, null, null, parseErrors: false, read, cancellationToken);
    }

    /// <summary>
    /// Sends a request within the whole-call budget, turns error statuses into exceptions and reads a success: into the
    /// pooled buffer for <paramref name="read"/> (with <paramref name="state"/>), or as a stream for <paramref name="download"/>.
    /// One async method for the whole call (send, status, body), so a call costs one state machine, not one per step.
    /// </summary>
    private async Task<TResult> SendWithinBudgetAsync<TState, TResult>(HttpRequestMessage request, TState state, BodyReader<TState, TResult>? read, bool parseErrors, Func<Stream, CancellationToken, Task>? download, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);

        // A caller that already cancelled gets its own OperationCanceledException before any handler (limits, retries, socket) runs.
        cancellationToken.ThrowIfCancellationRequested();
        var budget = _budgets.Rent(Resilience.RequestTimeout);
        try
        {
            // Linked only when the caller can cancel: otherwise the budget's own token is the call's token.
            using var linked = cancellationToken.CanBeCanceled ? CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, budget.Token) : null;
            var callToken = linked?.Token ?? budget.Token;
            var started = TimeProvider.GetTimestamp();
            try
            {
                var invoker = Invoker();
                using var client = invoker is null ? _factory.CreateClient(_clientName) : null;
                using var response = await Send(invoker, client, request, callToken).ConfigureAwait(false);
                var requestId = Errors.FindRequestId(response.Headers);
                LogResponse(request, (int)response.StatusCode, requestId, TimeProvider.GetElapsedTime(started));
                if (!response.IsSuccessStatusCode)
                {
                    throw await ReadHttpErrorAsync(response, FirstDataPayload, callToken).ConfigureAwait(false);
                }

                if (download is not null)
                {
                    using var stream = await response.Content.ReadAsStreamAsync(callToken).ConfigureAwait(false);
                    await download(stream, callToken).ConfigureAwait(false);
                    return default!;
                }

                using var body = await PooledBody.ReadAsync(response.Content, Resilience.MaxResponseBytes, callToken).ConfigureAwait(false)
                    ?? throw TooLarge((int)response.StatusCode, requestId);
                if (body.Span.IsEmpty && request.Options.TryGetValue(ErrorBodyReader.ProblemKey, out var unread))
                {
                    // The retry handler inspected this 2xx body for an error envelope and could not read it whole.
                    throw new LlmRequestException(Errors.ProviderName, LlmErrorKind.InvalidResponse, (int)response.StatusCode, null, null, requestId, isTransient: false, advice: unread);
                }

                // Quirk: some servers answer a failure with a 2xx and an error envelope (Qianfan v1 business errors, vLLM's flat
                // {"object":"error","code":404}, gateways' {"error":{"code":502}} after the 200 was committed). Raw downloads are exempt,
                // and so are bodies too long to be an envelope (an embedding batch is megabytes: not scanned twice for one).
                if (parseErrors && body.Span.Length <= ErrorBodyReader.MaxSuccessEnvelopeBytes && Errors.ParseSuccessBodyError((int)response.StatusCode, body.Span) is { } error)
                {
                    throw Errors.CreateException((int)response.StatusCode, error, response.Headers);
                }

                return read!(state, body.Span, requestId);
            }
            catch (OperationCanceledException ex) when (budget.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                throw BudgetSpent(ex);
            }
            catch (OperationCanceledException ex) when (IsClientTimeout(ex, cancellationToken))
            {
                throw ClientTimeout(ex);
            }
            catch (HttpRequestException ex) when (cancellationToken.IsCancellationRequested || budget.IsCancellationRequested)
            {
                // What HttpClient.SendAsync does (the handler chain may be called without it): a failure while the call is
                // cancelled is the cancellation (the sources are asked directly: a linked token may not have heard yet).
                throw cancellationToken.IsCancellationRequested ? new OperationCanceledException(ex.Message, ex, cancellationToken) : BudgetSpent(ex);
            }
            catch (Exception ex) when (IsTransportFailure(ex, cancellationToken))
            {
                throw NetworkError(ex);
            }
        }
        finally
        {
            _budgets.Return(budget);
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
        cancellationToken.ThrowIfCancellationRequested();
        if (!request.Headers.Accept.Contains(EventStream))
        {
            request.Headers.Accept.Add(EventStream);
        }

        var started = TimeProvider.GetTimestamp();
        HttpResponseMessage? response = null;
        try
        {
            // Not disposed: disposing an HttpClient cancels what it sent, and the stream outlives this method.
            var invoker = Invoker();
            var client = invoker is null ? _factory.CreateClient(_clientName) : null;
            response = await Send(invoker, client, request, cancellationToken).ConfigureAwait(false);
            LogResponse(request, (int)response.StatusCode, Errors.FindRequestId(response.Headers), TimeProvider.GetElapsedTime(started));
            if (!response.IsSuccessStatusCode)
            {
                throw await ReadHttpErrorAsync(response, FirstDataPayload, cancellationToken).ConfigureAwait(false);
            }

            var sse = new SseResponse(response, this, Errors.FindRequestId(response.Headers));
            response = null;
            return sse;
        }
        catch (HttpRequestException ex) when (cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException(ex.Message, ex, cancellationToken); // As HttpClient.SendAsync does.
        }
        catch (OperationCanceledException ex) when (IsClientTimeout(ex, cancellationToken))
        {
            throw ClientTimeout(ex);
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

    /// <summary>
    /// The invoker over the named client's current handler chain, or null to send through an <see cref="HttpClient"/> from
    /// the factory. <see cref="HttpClient.SendAsync(HttpRequestMessage, HttpCompletionOption, CancellationToken)"/> adds, to
    /// what the chain does, a linked cancellation source per call whenever the token can cancel (ours always can: the call
    /// budget), the client's <see cref="HttpClient.Timeout"/> and its <see cref="HttpClient.DefaultRequestHeaders"/> (its
    /// <c>BaseAddress</c> applies to relative URIs only, and ours are absolute; <c>DefaultRequestVersion</c>,
    /// <c>DefaultVersionPolicy</c> and <c>MaxResponseContentBufferSize</c> apply only to requests the client builds or
    /// buffers itself). So when the factory hands out its handlers (<see cref="IHttpMessageHandlerFactory"/>, as the
    /// default factory does) and the named client, as configured, has an infinite timeout (ours are set so) and no default
    /// headers, requests go straight through the chain the client would use; otherwise through the client, as configured.
    /// The chain is asked for on every call, so the factory's handler rotation applies as it does to its clients (an
    /// expired chain is let go at the next call, and the factory disposes it once nothing holds it); the client's
    /// configuration is checked again whenever the chain changes.
    /// </summary>
    private HttpMessageInvoker? Invoker()
    {
        if (_handlers is null)
        {
            return null;
        }

        var handler = _handlers.CreateHandler(_clientName);
        var route = _route;
        if (route is null || !ReferenceEquals(route.Handler, handler))
        {
            using var client = _factory.CreateClient(_clientName);
            var plain = client.Timeout == Timeout.InfiniteTimeSpan && client.DefaultRequestHeaders.NonValidated.Count == 0;
            _route = route = new Route(handler, plain ? new HttpMessageInvoker(handler, disposeHandler: false) : null);
        }

        return route.Invoker;
    }

    private static Task<HttpResponseMessage> Send(HttpMessageInvoker? invoker, HttpClient? client, HttpRequestMessage request, CancellationToken cancellationToken)
        => invoker is not null
            ? invoker.SendAsync(request, cancellationToken) // The chain returns once headers arrive.
            : client!.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);

    private LlmRequestException BudgetSpent(Exception ex)
        => new(Errors.ProviderName, LlmErrorKind.Timeout, null, null, null, null, isTransient: true, innerException: ex, advice: $"the call did not complete within {Resilience.RequestTimeout} (RequestTimeout)");

    // HttpClient.Timeout (set by a host on our named client, ours is infinite) ends a call with a TaskCanceledException over a
    // TimeoutException: the caller did not cancel, so it is a timeout like our own budget's, not an OperationCanceledException.
    private static bool IsClientTimeout(OperationCanceledException ex, CancellationToken cancellationToken)
        => !cancellationToken.IsCancellationRequested && ex.InnerException is TimeoutException;

    private LlmRequestException ClientTimeout(Exception ex)
        => new(Errors.ProviderName, LlmErrorKind.Timeout, null, null, null, null, isTransient: true, innerException: ex, advice: "the named HttpClient's Timeout elapsed (a host set it on our client); leave it infinite and use Resilience:RequestTimeout");

    /// <summary>A handler chain of the named client and its invoker (null: the client has settings beyond the chain).</summary>
    private sealed record Route(HttpMessageHandler Handler, HttpMessageInvoker? Invoker);

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
            throw new LlmRequestException(Errors.ProviderName, LlmErrorKind.InvalidResponse, 200, null, null, requestId, isTransient: false, innerException: ex, advice: $"the response could not be parsed as {typeof(T).Name}: {ex.Message}");
        }
    }

    private T Parse<T>(ReadOnlySpan<byte> json, Func<ReadOnlySpan<byte>, T> parse, string? requestId)
    {
        try
        {
            return parse(json);
        }
        catch (JsonException ex)
        {
            throw new LlmRequestException(Errors.ProviderName, LlmErrorKind.InvalidResponse, 200, null, $"the response could not be parsed as {typeof(T).Name}: {ex.Message}", requestId, isTransient: false, innerException: ex);
        }
    }

    private T CheckShape<T>(T value, string? requestId)
        => value is IShapedResponse { MissingPart: { } missing }
            ? throw new LlmRequestException(Errors.ProviderName, LlmErrorKind.InvalidResponse, 200, null, null, requestId, isTransient: false, advice: $"the response has no {missing}: valid JSON, but not an answer")
            : value;

    /// <summary>Parses a JSON string (an SSE data payload).</summary>
    /// <typeparam name="T">The wire type.</typeparam>
    /// <param name="json">The JSON text.</param>
    /// <param name="typeInfo">The type info.</param>
    /// <param name="requestId">The request id, for the error.</param>
    /// <returns>The value.</returns>
    public T Deserialize<T>(string json, JsonTypeInfo<T> typeInfo, string? requestId = null)
        => Deserialize(System.Text.Encoding.UTF8.GetBytes(json), typeInfo, requestId);

    /// <summary>
    /// Reads an error response's body under the first-byte budget and the error-body cap, then builds its typed exception.
    /// However broken the body (empty, white space, not JSON, truncated, too long, trickling), the result is an
    /// <see cref="LlmRequestException"/> typed by the vendor's parser or, failing that, by the status. A 3xx (we never follow
    /// redirects) names only the host of its <c>Location</c>, never its path or query.
    /// </summary>
    /// <param name="response">The error response.</param>
    /// <param name="payload">Picks the JSON out of the body (an SSE error body carries it in a <c>data:</c> line).</param>
    /// <param name="cancellationToken">The caller's token or call budget.</param>
    /// <returns>The exception.</returns>
    internal async Task<LlmRequestException> ReadHttpErrorAsync(HttpResponseMessage response, Func<HttpResponseMessage, byte[], byte[]> payload, CancellationToken cancellationToken)
    {
        int status = (int)response.StatusCode;
        var (body, problem) = await ErrorBodyReader.ReadAsync(response, Resilience, TimeProvider, cancellationToken).ConfigureAwait(false);
        var error = Errors.ParseError(status, payload(response, body));
        if (status is >= 300 and < 400)
        {
            var host = response.Headers.Location is { IsAbsoluteUri: true } location ? location.Host : null;
            problem = host is null
                ? "the server answered with a redirect, which is not followed; check the base URL"
                : $"the server redirected to host '{host}', which is not followed (a redirect could carry credentials to another host); set the base URL to the final address";
            return new LlmRequestException(Errors.ProviderName, LlmErrorKind.InvalidRequest, status, null, null, error?.RequestId ?? Errors.FindRequestId(response.Headers), isTransient: false, advice: problem);
        }

        return Errors.CreateException(status, error, response.Headers, LlmRetryHandler.GetRetryAfter(response, TimeProvider), advice: problem);
    }

    /// <summary>Builds the error for a body longer than <see cref="LlmResilienceOptions.MaxResponseBytes"/>.</summary>
    /// <param name="status">The HTTP status.</param>
    /// <param name="requestId">The request id, if known.</param>
    /// <returns>The exception.</returns>
    internal LlmRequestException TooLarge(int status, string? requestId)
        => new(
            Errors.ProviderName,
            LlmErrorKind.InvalidResponse,
            status,
            null,
            null,
            requestId,
            isTransient: false,
            advice: string.Create(CultureInfo.InvariantCulture, $"the response body is longer than {Resilience.MaxResponseBytes} bytes after decompression and was not read to the end; raise Resilience:MaxResponseBytes if such answers are expected"));

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
    private static byte[] FirstDataPayload(HttpResponseMessage response, byte[] body)
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
        return (end < 0 ? span : span[..end]).Trim((byte)' ').ToArray();
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
