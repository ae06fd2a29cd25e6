namespace LlmClients.Testing;

/// <summary>
/// What the middleware learned about a request, handed to the route handlers as an HTTP feature.
/// </summary>
internal sealed class EmulatorRequestContext(EmulatorState state, EmulatedRequest request, IEmulatorVendorDialect dialect, EmulatorFault? fault)
{
    public EmulatorState State { get; } = state;

    public EmulatedRequest Request { get; } = request;

    public IEmulatorVendorDialect Dialect { get; } = dialect;

    /// <summary>Gets the fault still to apply once the handler writes its response (mid-stream, malformed, idle), or null.</summary>
    public EmulatorFault? Fault { get; } = fault;

    public static EmulatorRequestContext From(HttpContext context) =>
        context.Features.Get<EmulatorRequestContext>() ?? throw new InvalidOperationException("The emulator middleware did not run.");
}
