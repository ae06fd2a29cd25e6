namespace LlmClients.Testing;

/// <summary>
/// Makes an in-process connection reset look like a socket one: TestServer reports <c>HttpContext.Abort()</c> before
/// the headers as <see cref="OperationCanceledException"/>, Kestrel clients see <see cref="HttpRequestException"/>.
/// </summary>
internal sealed class InProcessResetHandler(HttpMessageHandler inner) : DelegatingHandler(inner)
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        try
        {
            return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new HttpRequestException(HttpRequestError.ConnectionError, "The emulator reset the connection.", ex);
        }
    }
}
