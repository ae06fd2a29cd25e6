namespace LlmClients.Testing;

/// <summary>
/// Vendor-neutral request pipeline: records every request, stamps the request id and applies the faults that act before
/// the handler runs (status, reset before headers, slow first byte). Later faults travel to the handler in
/// <see cref="EmulatorRequestContext"/>.
/// </summary>
internal static class EmulatorMiddleware
{
    public static RequestDelegate Create(RequestDelegate next, EmulatorState state) =>
        context => InvokeAsync(context, next, state);

    private static async Task InvokeAsync(HttpContext context, RequestDelegate next, EmulatorState state)
    {
        var request = await RecordAsync(context, state).ConfigureAwait(false);
        var dialect = context.GetEndpoint()?.Metadata.GetMetadata<IEmulatorVendorDialect>();
        context.Response.Headers[dialect?.RequestIdHeader ?? "x-request-id"] = $"req_emu_{state.NextRequestId()}";
        if (dialect is null)
        {
            // Unknown routes get the host's plain 404 and no faults, so a queued fault waits for a vendor route.
            await next(context).ConfigureAwait(false);
            return;
        }

        EmulatorFault? fault;
        var spec = context.Request.Headers[LlmEmulator.FaultHeader].ToString();
        if (spec.Length > 0)
        {
            if (!EmulatorFault.TryParse(spec, out fault))
            {
                await EmulatorResponses.WriteErrorAsync(context, dialect, StatusCodes.Status400BadRequest, null, $"Invalid {LlmEmulator.FaultHeader} header.").ConfigureAwait(false);
                return;
            }
        }
        else
        {
            fault = state.Faults.TryTake(request.Path);
        }

        switch (fault?.Kind)
        {
            case EmulatorFaultKind.ResetBeforeHeaders:
                context.Abort();
                return;
            case EmulatorFaultKind.Status:
                await EmulatorResponses.WriteStatusFaultAsync(context, dialect, fault).ConfigureAwait(false);
                return;
            case EmulatorFaultKind.RawStream:
                context.Response.StatusCode = StatusCodes.Status200OK;
                context.Response.ContentType = "text/event-stream; charset=utf-8";
                await context.Response.WriteAsync(fault.Body!, Encoding.UTF8, context.RequestAborted).ConfigureAwait(false);
                return;
            case EmulatorFaultKind.SlowFirstByte:
                await Task.Delay(fault.Delay, state.Options.TimeProvider, context.RequestAborted).ConfigureAwait(false);
                fault = null;
                break;
        }

        context.Features.Set(new EmulatorRequestContext(state, request, dialect, fault));
        await next(context).ConfigureAwait(false);
    }

    private static async Task<EmulatedRequest> RecordAsync(HttpContext context, EmulatorState state)
    {
        // Read bytes, not text: an upload must be stored byte for byte; the text form is for JSON routes and the log.
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer, context.RequestAborted).ConfigureAwait(false);
        var bytes = buffer.ToArray();
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var header in context.Request.Headers)
        {
            headers[header.Key] = header.Value.ToString();
        }

        var request = new EmulatedRequest(
            context.Request.Method,
            context.Request.Path.Value ?? "/",
            context.Request.QueryString.Value ?? "",
            headers,
            Encoding.UTF8.GetString(bytes),
            state.Options.TimeProvider.GetUtcNow())
        {
            BodyBytes = bytes,
        };
        state.Requests.Add(request);
        return request;
    }
}
