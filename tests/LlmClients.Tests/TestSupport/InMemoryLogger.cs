using Microsoft.Extensions.Logging;

namespace LlmClients.Tests.TestSupport;

/// <summary>A logger that keeps every formatted message, for asserting what is (not) logged.</summary>
internal sealed class InMemoryLogger : ILogger
{
    private readonly List<(LogLevel Level, string Message)> _entries = [];

    public IReadOnlyList<(LogLevel Level, string Message)> Entries
    {
        get
        {
            lock (_entries)
            {
                return [.. _entries];
            }
        }
    }

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        // Everything a sink could write: the message, every structured value, and the exception.
        var text = formatter(state, exception);
        if (state is IEnumerable<KeyValuePair<string, object?>> values)
        {
            text += " | " + string.Join(" ", values.Select(v => $"{v.Key}={v.Value}"));
        }

        if (exception is not null)
        {
            text += " | " + exception;
        }

        lock (_entries)
        {
            _entries.Add((logLevel, text));
        }
    }
}
