namespace LlmClients.Streaming;

/// <summary>How a vendor stream carries text.</summary>
internal enum TextStreamMode
{
    /// <summary>Each event carries a delta.</summary>
    Incremental,

    /// <summary>Each event carries everything generated so far.</summary>
    Cumulative,

    /// <summary>Deltas were asked for, but the stream may turn out cumulative anyway (a model that ignores the flag).</summary>
    Detect,
}
