using System.Diagnostics.CodeAnalysis;

namespace LlmClients.Testing;

/// <summary>
/// A fault the emulator injects into a response. Create one with the factory methods, then either queue it on
/// <see cref="LlmEmulator.Faults"/> or send its spec (<see cref="ToString"/>) in the <c>x-emulator-fault</c> request header.
/// </summary>
/// <remarks>
/// <para>Spec syntax (<see cref="Parse"/>): a kind, then optional <c>;key=value</c> pairs, case-insensitive:</para>
/// <list type="bullet">
/// <item><c>status=429;retry-after=2</c> - error status with the vendor's error body; <c>retry-after</c> in seconds (optional); <c>times=3</c> fails the next 3 matching requests when queued.</item>
/// <item><c>reset-before-headers</c> - abort the connection before headers.</item>
/// <item><c>error-mid-stream;after=2</c> - the vendor's in-stream error event after 2 events, then end.</item>
/// <item><c>reset-mid-stream;after=2</c> - abort the connection after 2 events.</item>
/// <item><c>slow-first-byte;ms=500</c> - wait 500 ms before the headers.</item>
/// <item><c>idle-stream;after=1;ms=3000</c> - pause 3000 ms after 1 event, then carry on.</item>
/// <item><c>malformed-json</c> - truncated JSON body, or one truncated <c>data:</c> frame (the first, or the one after <c>after=N</c> events) when streaming.</item>
/// <item><c>end-mid-stream;after=2</c> - close the stream cleanly after 2 events: no finish event, no end marker, no error.</item>
/// <item><c>trickle-stream;after=1;ms=500</c> - after 1 event, send <c>data: </c> and then one <c>x</c> every 500 ms, never ending the event.</item>
/// </list>
/// <para><see cref="RawStream"/> (a verbatim event-stream body) has no spec: queue it on <see cref="LlmEmulator.Faults"/>.</para>
/// <para>Events are counted as <c>data:</c> frames, not counting the terminator. If a stream has fewer events than
/// <c>after</c>, the mid-stream fault fires in place of the terminator. On a non-streaming response a mid-stream error
/// becomes a 500, a mid-stream reset aborts after half the body, a clean mid-stream end sends half the body (with a
/// matching <c>Content-Length</c>), a trickle sends the body one byte per interval, and an idle pause delays the body.</para>
/// </remarks>
public sealed class EmulatorFault
{
    private EmulatorFault(EmulatorFaultKind kind)
    {
        Kind = kind;
    }

    /// <summary>
    /// Gets the kind of fault, which says which of the other properties apply (<see cref="StatusCode"/> and
    /// <see cref="RetryAfter"/> only to <see cref="EmulatorFaultKind.Status"/>).
    /// </summary>
    public EmulatorFaultKind Kind { get; }

    /// <summary>
    /// Gets the HTTP status code of a <see cref="EmulatorFaultKind.Status"/> fault; 0 for other kinds.
    /// </summary>
    public int StatusCode { get; private init; }

    /// <summary>
    /// Gets the <c>Retry-After</c> value of a <see cref="EmulatorFaultKind.Status"/> fault, or <see langword="null"/> for none.
    /// </summary>
    public TimeSpan? RetryAfter { get; private init; }

    /// <summary>
    /// Gets the response body of a <see cref="EmulatorFaultKind.Status"/> fault (<see langword="null"/> for the vendor's error JSON)
    /// or of a <see cref="EmulatorFaultKind.RawStream"/> fault.
    /// </summary>
    public string? Body { get; private init; }

    /// <summary>
    /// Gets how many matching requests a queued fault applies to. Defaults to 1.
    /// </summary>
    public int Times { get; private init; } = 1;

    /// <summary>
    /// Gets the number of events sent before a mid-stream fault fires (or the index of the malformed frame).
    /// </summary>
    public int AfterEvents { get; private init; }

    /// <summary>
    /// Gets the delay of a <see cref="EmulatorFaultKind.SlowFirstByte"/> or <see cref="EmulatorFaultKind.IdleStream"/> fault, or the
    /// interval between bytes of a <see cref="EmulatorFaultKind.TrickleStream"/> fault.
    /// </summary>
    public TimeSpan Delay { get; private init; }

    /// <summary>
    /// Creates a fault that answers with <paramref name="status"/> instead of the normal reply.
    /// </summary>
    /// <param name="status">The HTTP status code (400-599).</param>
    /// <param name="retryAfter">The <c>Retry-After</c> header value, sent in whole seconds (rounded up); <see langword="null"/> for none.</param>
    /// <param name="body">The body to send; <see langword="null"/> sends the vendor's error JSON for the status.</param>
    /// <returns>The fault.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="status"/> is outside 400-599 or <paramref name="retryAfter"/> is negative.</exception>
    public static EmulatorFault Status(int status, TimeSpan? retryAfter = null, string? body = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(status, 400);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(status, 599);
        if (retryAfter is { } value)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, TimeSpan.Zero, nameof(retryAfter));
        }

        return new EmulatorFault(EmulatorFaultKind.Status) { StatusCode = status, RetryAfter = retryAfter, Body = body };
    }

    /// <summary>
    /// Creates a fault that fails the next <paramref name="n"/> matching requests with <paramref name="status"/>; later requests succeed.
    /// </summary>
    /// <param name="n">How many requests fail (at least 1).</param>
    /// <param name="status">The HTTP status code (400-599). Defaults to 503.</param>
    /// <returns>The fault.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="n"/> is less than 1 or <paramref name="status"/> is outside 400-599.</exception>
    public static EmulatorFault FailTimes(int n, int status = 503)
    {
        return Status(status).WithTimes(n);
    }

    /// <summary>
    /// Creates a fault that aborts the connection before any header is sent; clients see an <see cref="HttpRequestException"/>.
    /// </summary>
    /// <returns>The fault.</returns>
    public static EmulatorFault ResetBeforeHeaders() => new(EmulatorFaultKind.ResetBeforeHeaders);

    /// <summary>
    /// Creates a fault that sends the vendor's in-stream error event after <paramref name="afterEvents"/> events and ends the stream.
    /// </summary>
    /// <param name="afterEvents">How many events are sent first (0 or more).</param>
    /// <returns>The fault.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="afterEvents"/> is negative.</exception>
    public static EmulatorFault ErrorMidStream(int afterEvents) => AfterEventsFault(EmulatorFaultKind.ErrorMidStream, afterEvents, TimeSpan.Zero);

    /// <summary>
    /// Creates a fault that aborts the connection after <paramref name="afterEvents"/> events. The emulator flushes and waits
    /// 100 ms before the reset, so that the client has received the events sent before it.
    /// </summary>
    /// <param name="afterEvents">How many events are sent first (0 or more).</param>
    /// <returns>The fault.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="afterEvents"/> is negative.</exception>
    public static EmulatorFault ResetMidStream(int afterEvents) => AfterEventsFault(EmulatorFaultKind.ResetMidStream, afterEvents, TimeSpan.Zero);

    /// <summary>
    /// Creates a fault that waits <paramref name="delay"/> before sending the response headers, on the emulator's <see cref="LlmEmulatorOptions.TimeProvider"/> (real time by default).
    /// </summary>
    /// <param name="delay">The delay (0 or more).</param>
    /// <returns>The fault.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="delay"/> is negative.</exception>
    public static EmulatorFault SlowFirstByte(TimeSpan delay)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(delay, TimeSpan.Zero);
        return new EmulatorFault(EmulatorFaultKind.SlowFirstByte) { Delay = delay };
    }

    /// <summary>
    /// Creates a fault that pauses the stream for <paramref name="pause"/> after <paramref name="afterEvents"/> events, then carries on; the pause runs on the emulator's <see cref="LlmEmulatorOptions.TimeProvider"/> (real time by default).
    /// </summary>
    /// <param name="afterEvents">How many events are sent first (0 or more).</param>
    /// <param name="pause">The pause (0 or more).</param>
    /// <returns>The fault.</returns>
    /// <exception cref="ArgumentOutOfRangeException">An argument is negative.</exception>
    public static EmulatorFault IdleStream(int afterEvents, TimeSpan pause)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(pause, TimeSpan.Zero);
        return AfterEventsFault(EmulatorFaultKind.IdleStream, afterEvents, pause);
    }

    /// <summary>
    /// Creates a fault that answers 200 with a truncated JSON body, or sends a truncated <c>data:</c> frame when streaming.
    /// </summary>
    /// <param name="afterEvents">When streaming, how many good events come before the truncated one. Defaults to 0.</param>
    /// <returns>The fault.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="afterEvents"/> is negative.</exception>
    public static EmulatorFault MalformedJson(int afterEvents = 0) => AfterEventsFault(EmulatorFaultKind.MalformedJson, afterEvents, TimeSpan.Zero);

    /// <summary>
    /// Creates a fault that closes the stream cleanly after <paramref name="afterEvents"/> events: the connection ends with a
    /// normal FIN, without the vendor's finishing event or end marker (<c>[DONE]</c>, <c>is_end</c>, a final finish reason) and
    /// without an error, as a server or proxy that drops a stream quietly does.
    /// </summary>
    /// <param name="afterEvents">How many events are sent first (0 or more).</param>
    /// <returns>The fault.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="afterEvents"/> is negative.</exception>
    public static EmulatorFault EndMidStream(int afterEvents) => AfterEventsFault(EmulatorFaultKind.EndMidStream, afterEvents, TimeSpan.Zero);

    /// <summary>
    /// Creates a fault that, after <paramref name="afterEvents"/> events, starts one more event (<c>data: </c>) and then sends
    /// one byte (<c>x</c>) every <paramref name="interval"/> on the emulator's <see cref="LlmEmulatorOptions.TimeProvider"/>, never
    /// completing the event, until the client goes away: a server that keeps a connection busy without ever answering.
    /// </summary>
    /// <param name="afterEvents">How many events are sent first (0 or more).</param>
    /// <param name="interval">The pause before each byte (more than 0).</param>
    /// <returns>The fault.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="afterEvents"/> is negative or <paramref name="interval"/> is not positive.</exception>
    public static EmulatorFault TrickleStream(int afterEvents, TimeSpan interval)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(interval, TimeSpan.Zero);
        return AfterEventsFault(EmulatorFaultKind.TrickleStream, afterEvents, interval);
    }

    /// <summary>
    /// Creates a fault that answers the request with HTTP 200, <c>Content-Type: text/event-stream</c> and <paramref name="body"/>
    /// byte for byte (UTF-8), in place of the vendor's reply: a way to replay a wire excerpt (a server's quirk) through a
    /// vendor route. It has no spec string; queue it on <see cref="LlmEmulator.Faults"/>.
    /// </summary>
    /// <param name="body">The whole event-stream body, blank lines and end marker included.</param>
    /// <returns>The fault.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="body"/> is <see langword="null"/>.</exception>
    public static EmulatorFault RawStream(string body)
    {
        ArgumentNullException.ThrowIfNull(body);
        return new EmulatorFault(EmulatorFaultKind.RawStream) { Body = body };
    }

    /// <summary>
    /// Parses a fault spec such as <c>status=429;retry-after=2</c>. See the remarks on <see cref="EmulatorFault"/> for the syntax.
    /// </summary>
    /// <param name="spec">The spec.</param>
    /// <returns>The fault.</returns>
    /// <exception cref="FormatException"><paramref name="spec"/> is not a valid fault spec.</exception>
    public static EmulatorFault Parse(string spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return TryParse(spec, out var fault, out var error) ? fault : throw new FormatException(error);
    }

    /// <summary>
    /// Tries to parse a fault spec such as <c>reset-mid-stream;after=2</c>.
    /// </summary>
    /// <param name="spec">The spec.</param>
    /// <param name="fault">The fault, when parsing succeeds.</param>
    /// <returns><see langword="true"/> when <paramref name="spec"/> is valid.</returns>
    public static bool TryParse(string? spec, [NotNullWhen(true)] out EmulatorFault? fault) => TryParse(spec, out fault, out _);

    /// <summary>
    /// Returns the spec of this fault, suitable for the <c>x-emulator-fault</c> header. A custom <see cref="Body"/> is not included.
    /// </summary>
    /// <returns>The spec, for example <c>idle-stream;after=1;ms=3000</c>.</returns>
    public override string ToString() => Kind switch
    {
        EmulatorFaultKind.Status => string.Create(
            CultureInfo.InvariantCulture,
            $"status={StatusCode}{(RetryAfter is { } r ? $";retry-after={r.TotalSeconds}" : "")}{(Times > 1 ? $";times={Times}" : "")}"),
        EmulatorFaultKind.ResetBeforeHeaders => "reset-before-headers",
        EmulatorFaultKind.ErrorMidStream => string.Create(CultureInfo.InvariantCulture, $"error-mid-stream;after={AfterEvents}"),
        EmulatorFaultKind.ResetMidStream => string.Create(CultureInfo.InvariantCulture, $"reset-mid-stream;after={AfterEvents}"),
        EmulatorFaultKind.SlowFirstByte => string.Create(CultureInfo.InvariantCulture, $"slow-first-byte;ms={(long)Delay.TotalMilliseconds}"),
        EmulatorFaultKind.IdleStream => string.Create(CultureInfo.InvariantCulture, $"idle-stream;after={AfterEvents};ms={(long)Delay.TotalMilliseconds}"),
        EmulatorFaultKind.EndMidStream => string.Create(CultureInfo.InvariantCulture, $"end-mid-stream;after={AfterEvents}"),
        EmulatorFaultKind.TrickleStream => string.Create(CultureInfo.InvariantCulture, $"trickle-stream;after={AfterEvents};ms={(long)Delay.TotalMilliseconds}"),
        EmulatorFaultKind.RawStream => "raw-stream",
        _ => string.Create(CultureInfo.InvariantCulture, $"malformed-json;after={AfterEvents}"),
    };

    private static EmulatorFault AfterEventsFault(EmulatorFaultKind kind, int afterEvents, TimeSpan delay)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(afterEvents);
        return new EmulatorFault(kind) { AfterEvents = afterEvents, Delay = delay };
    }

    private static bool TryParse(string? spec, [NotNullWhen(true)] out EmulatorFault? fault, out string error)
    {
        fault = null;
        error = $"Invalid emulator fault spec '{spec}'.";
        if (string.IsNullOrWhiteSpace(spec))
        {
            return false;
        }

        var pairs = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        string? kind = null;
        foreach (var part in spec.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var eq = part.IndexOf('=', StringComparison.Ordinal);
            var key = (eq < 0 ? part : part[..eq]).Trim().ToLowerInvariant();
            kind ??= key;
            if (!pairs.TryAdd(key, eq < 0 ? "" : part[(eq + 1)..].Trim()))
            {
                return false;
            }
        }

        try
        {
            fault = kind switch
            {
                "status" => CheckKeys(pairs, "status", "retry-after", "times") ? StatusFromSpec(pairs) : null,
                "reset-before-headers" => CheckKeys(pairs, kind) ? ResetBeforeHeaders() : null,
                "error-mid-stream" => CheckKeys(pairs, kind, "after") ? ErrorMidStream(Int(pairs, "after", 0)) : null,
                "reset-mid-stream" => CheckKeys(pairs, kind, "after") ? ResetMidStream(Int(pairs, "after", 0)) : null,
                "slow-first-byte" => CheckKeys(pairs, kind, "ms") ? SlowFirstByte(Millis(pairs)) : null,
                "idle-stream" => CheckKeys(pairs, kind, "after", "ms") ? IdleStream(Int(pairs, "after", 0), Millis(pairs)) : null,
                "malformed-json" => CheckKeys(pairs, kind, "after") ? MalformedJson(Int(pairs, "after", 0)) : null,
                "end-mid-stream" => CheckKeys(pairs, kind, "after") ? EndMidStream(Int(pairs, "after", 0)) : null,
                "trickle-stream" => CheckKeys(pairs, kind, "after", "ms") ? TrickleStream(Int(pairs, "after", 0), Millis(pairs)) : null,
                _ => null,
            };
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException or OverflowException)
        {
            error = $"{error} {ex.Message}";
            fault = null;
        }

        return fault is not null;
    }

    private static EmulatorFault StatusFromSpec(Dictionary<string, string> pairs)
    {
        var status = Int(pairs, "status", -1);
        TimeSpan? retryAfter = pairs.TryGetValue("retry-after", out var ra)
            ? TimeSpan.FromSeconds(double.Parse(ra, NumberStyles.Float, CultureInfo.InvariantCulture))
            : null;
        var times = Int(pairs, "times", 1);
        return Status(status, retryAfter).WithTimes(times);
    }

    private EmulatorFault WithTimes(int times)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(times, 1);
        return new EmulatorFault(Kind) { StatusCode = StatusCode, RetryAfter = RetryAfter, Body = Body, Times = times };
    }

    private static bool CheckKeys(Dictionary<string, string> pairs, params string[] allowed) =>
        pairs.Keys.All(k => allowed.Contains(k, StringComparer.OrdinalIgnoreCase));

    private static int Int(Dictionary<string, string> pairs, string key, int fallback) =>
        pairs.TryGetValue(key, out var value) ? int.Parse(value, NumberStyles.Integer, CultureInfo.InvariantCulture) : fallback;

    private static TimeSpan Millis(Dictionary<string, string> pairs) =>
        pairs.ContainsKey("ms") ? TimeSpan.FromMilliseconds(Int(pairs, "ms", 0)) : throw new FormatException("The 'ms' value is required.");
}
