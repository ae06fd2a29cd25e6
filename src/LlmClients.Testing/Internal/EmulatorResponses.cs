using Microsoft.AspNetCore.WebUtilities;

namespace LlmClients.Testing;

/// <summary>
/// Writes non-streaming responses, applying whatever fault is left for the handler.
/// </summary>
internal static class EmulatorResponses
{
    private const string JsonContentType = "application/json";

    /// <summary>How long a mid-stream reset waits after the last write: 100 ms.</summary>
    public static readonly TimeSpan ResetGrace = TimeSpan.FromMilliseconds(100);

    public static Task WriteErrorAsync(HttpContext context, IEmulatorVendorDialect dialect, int status, string? code, string message) =>
        WriteRawAsync(context, status, dialect.ErrorBody(status, code, message));

    public static Task WriteStatusFaultAsync(HttpContext context, IEmulatorVendorDialect dialect, EmulatorFault fault)
    {
        if (fault.RetryAfter is { } retryAfter)
        {
            context.Response.Headers.RetryAfter = ((long)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        }

        var body = fault.Body
            ?? dialect.ErrorBody(fault.StatusCode, null, $"Emulated fault: {fault.StatusCode} {ReasonPhrases.GetReasonPhrase(fault.StatusCode)}".TrimEnd());
        return WriteRawAsync(context, fault.StatusCode, body);
    }

    /// <summary>Writes a successful JSON body, degraded by the pending fault (see <see cref="EmulatorFault"/> remarks).</summary>
    public static async Task WriteJsonAsync(HttpContext context, string json)
    {
        var emulator = EmulatorRequestContext.From(context);
        switch (emulator.Fault?.Kind)
        {
            case EmulatorFaultKind.MalformedJson:
                await WriteRawAsync(context, StatusCodes.Status200OK, json[..(json.Length / 2)]).ConfigureAwait(false);
                return;
            case EmulatorFaultKind.ErrorMidStream:
                await WriteErrorAsync(context, emulator.Dialect, StatusCodes.Status500InternalServerError, null, EmulatorSseWriter.MidStreamMessage).ConfigureAwait(false);
                return;
            case EmulatorFaultKind.ResetMidStream:
                context.Response.ContentLength = Encoding.UTF8.GetByteCount(json);
                await WriteRawAsync(context, StatusCodes.Status200OK, json[..(json.Length / 2)]).ConfigureAwait(false);
                await AbortAfterGraceAsync(context).ConfigureAwait(false);
                return;
            case EmulatorFaultKind.IdleStream:
                await Task.Delay(emulator.Fault.Delay, emulator.State.Options.TimeProvider, context.RequestAborted).ConfigureAwait(false);
                break;
            case EmulatorFaultKind.EndMidStream:
                var half = json[..(json.Length / 2)];
                context.Response.ContentLength = Encoding.UTF8.GetByteCount(half);
                await WriteRawAsync(context, StatusCodes.Status200OK, half).ConfigureAwait(false);
                return;
            case EmulatorFaultKind.TrickleStream:
                context.Response.StatusCode = StatusCodes.Status200OK;
                context.Response.ContentType = JsonContentType;
                context.Response.ContentLength = Encoding.UTF8.GetByteCount(json);
                foreach (var b in Encoding.UTF8.GetBytes(json))
                {
                    await Task.Delay(emulator.Fault.Delay, emulator.State.Options.TimeProvider, context.RequestAborted).ConfigureAwait(false);
                    await context.Response.Body.WriteAsync(new[] { b }, context.RequestAborted).ConfigureAwait(false);
                    await context.Response.Body.FlushAsync(context.RequestAborted).ConfigureAwait(false);
                }

                return;
        }

        await WriteRawAsync(context, StatusCodes.Status200OK, json).ConfigureAwait(false);
    }

    /// <summary>
    /// Flushes, waits <see cref="ResetGrace"/> so the client can read what was sent (a reset discards unread data), then aborts.
    /// </summary>
    public static async Task AbortAfterGraceAsync(HttpContext context)
    {
        await context.Response.Body.FlushAsync(context.RequestAborted).ConfigureAwait(false);
        await Task.Delay(ResetGrace, context.RequestAborted).ConfigureAwait(false);
        context.Abort();
    }

    /// <summary>
    /// Starts an event with <paramref name="prefix"/>, then writes one <c>x</c> per <paramref name="interval"/> until the client goes
    /// away, never completing the event.
    /// </summary>
    public static async Task TrickleAsync(HttpContext context, string prefix, TimeSpan interval, TimeProvider timeProvider, Func<ReadOnlyMemory<byte>, HttpContext, ValueTask> write)
    {
        try
        {
            await write(Encoding.UTF8.GetBytes(prefix), context).ConfigureAwait(false);
            await context.Response.Body.FlushAsync(context.RequestAborted).ConfigureAwait(false);
            var x = "x"u8.ToArray();
            while (true)
            {
                await Task.Delay(interval, timeProvider, context.RequestAborted).ConfigureAwait(false);
                await write(x, context).ConfigureAwait(false);
                await context.Response.Body.FlushAsync(context.RequestAborted).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException)
        {
            // The client gave up (its budget ran out): the only way a trickle ends.
        }
    }

    public static Task WriteRawAsync(HttpContext context, int status, string body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = JsonContentType;
        return context.Response.WriteAsync(body, Encoding.UTF8, context.RequestAborted);
    }
}
