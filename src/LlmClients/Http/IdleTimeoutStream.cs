namespace LlmClients.Http;

/// <summary>
/// A read-only stream that fails a read when the server stays silent for longer than the idle budget.
/// The timer runs on <see cref="TimeProvider"/>; the caller's token is honoured and never wrapped.
/// </summary>
internal sealed class IdleTimeoutStream : ReadOnlyStream
{
    private readonly Stream _inner;
    private readonly TimeSpan _idleTimeout;
    private readonly string _providerName;
    private readonly CancellationToken _callerToken;
    private readonly CancellationTokenSource _timer;
    private readonly CancellationTokenSource _linked;

    public IdleTimeoutStream(Stream inner, TimeSpan idleTimeout, TimeProvider timeProvider, string providerName, CancellationToken callerToken)
    {
        _inner = inner;
        _idleTimeout = idleTimeout;
        _providerName = providerName;
        _callerToken = callerToken;
        _timer = new CancellationTokenSource(Timeout.InfiniteTimeSpan, timeProvider);
        _linked = CancellationTokenSource.CreateLinkedTokenSource(callerToken, _timer.Token);
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (_idleTimeout == Timeout.InfiniteTimeSpan)
        {
            return await _inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        }

        _timer.CancelAfter(_idleTimeout);
        try
        {
            return await _inner.ReadAsync(buffer, _linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException ex) when (_timer.IsCancellationRequested && !_callerToken.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new LlmRequestException(
                _providerName,
                LlmErrorKind.Timeout,
                statusCode: null,
                errorCode: null,
                $"the stream was idle for longer than {_idleTimeout} (StreamIdleTimeout)",
                requestId: null,
                isTransient: true,
                innerException: ex);
        }
        finally
        {
            if (!_timer.IsCancellationRequested)
            {
                _timer.CancelAfter(Timeout.InfiniteTimeSpan);
            }
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _linked.Dispose();
            _timer.Dispose();
            _inner.Dispose();
        }

        base.Dispose(disposing);
    }
}
