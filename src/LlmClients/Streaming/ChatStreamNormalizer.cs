using System.Text;
using System.Text.Json;

namespace LlmClients.Streaming;

/// <summary>
/// The stream normalizer every vendor adapter passes through. It guarantees: text and reasoning as deltas
/// (a cumulative stream is diffed, and a stream that turns out cumulative is detected); tool-call fragments
/// assembled by index, id and name (<see cref="ToolCallAssembler"/>) and emitted complete at the end; exactly one
/// usage, at the end, when the vendor reported any; the finish reason on the last update. Token logprobs and a
/// structured-output refusal (<see cref="LlmAdditionalProperties.Logprobs"/>, <see cref="LlmAdditionalProperties.Refusal"/>)
/// stay on the update of the chunk that carried them, and the final update carries the whole choice's, so that
/// <c>ToChatResponse()</c> gives what the non-streaming call gives (its merge keeps the last value of a key).
/// </summary>
internal sealed class ChatStreamNormalizer
{
    private readonly ToolCallAssembler _toolCalls = new();
    private const int DetectionWindow = 8;
    private TextStreamMode _mode;
    private int _detectedEvents;
    private string _textSoFar = string.Empty;
    private string _reasoningSoFar = string.Empty;
    private UsageDetails? _usage;
    private ChatFinishReason? _finishReason;
    private string? _responseId;
    private string? _requestId;
    private bool _requestIdSent;
    private string? _modelId;
    private LogprobsAccumulator? _logprobs;
    private StringBuilder? _refusal;

    /// <summary>Initializes a normalizer for one stream.</summary>
    /// <param name="mode">How the vendor carries text.</param>
    public ChatStreamNormalizer(TextStreamMode mode) => _mode = mode;

    /// <summary>Gets the mode, which moves from <see cref="TextStreamMode.Detect"/> to cumulative when detected.</summary>
    public TextStreamMode Mode => _mode;

    /// <summary>Maps one vendor chunk to one update.</summary>
    /// <param name="chunk">The chunk.</param>
    /// <returns>The update (possibly without contents).</returns>
    public ChatResponseUpdate Process(StreamChunk chunk)
    {
        ArgumentNullException.ThrowIfNull(chunk);
        _responseId = chunk.ResponseId ?? _responseId;
        _requestId = chunk.RequestId ?? _requestId;
        _modelId = chunk.ModelId ?? _modelId;
        var update = new ChatResponseUpdate
        {
            Role = chunk.Role,
            ResponseId = _responseId,
            ModelId = _modelId,
            CreatedAt = chunk.CreatedAt,
            RawRepresentation = chunk.RawRepresentation,
            AdditionalProperties = chunk.AdditionalProperties,
        };

        // The request id rides on the first update that knows it and on the last (not on every delta: a dictionary per
        // chunk costs allocations); ToChatResponseAsync merges it into the response.
        if (!_requestIdSent && _requestId is not null)
        {
            _requestIdSent = true;
            AddRequestId(update, _requestId);
        }

        DetectCumulative(chunk.Text, _textSoFar);
        DetectCumulative(chunk.Reasoning, _reasoningSoFar);
        EndDetectionAfterWindow(chunk);
        var reasoning = Delta(chunk.Reasoning, ref _reasoningSoFar);
        var text = Delta(chunk.Text, ref _textSoFar);
        if (reasoning.Length > 0 || text.Length > 0)
        {
            // Sized to what it holds (the default list grows to four slots on its first item): most chunks carry one piece.
            var contents = new List<AIContent>(reasoning.Length > 0 && text.Length > 0 ? 2 : 1);
            if (reasoning.Length > 0)
            {
                contents.Add(new TextReasoningContent(reasoning));
            }

            if (text.Length > 0)
            {
                contents.Add(new TextContent(text));
            }

            update.Contents = contents;
        }

        if (chunk.ToolCalls is { Count: > 0 } fragments)
        {
            foreach (var fragment in fragments)
            {
                _toolCalls.Add(fragment, _mode == TextStreamMode.Cumulative);
            }
        }

        if (chunk.AdditionalProperties is { } extras)
        {
            Gather(extras);
        }

        _usage = chunk.Usage ?? _usage;
        _finishReason = chunk.FinishReason ?? _finishReason;
        return update;
    }

    /// <summary>Builds the final update: complete tool calls, the one usage and the finish reason; null when there is none of them.</summary>
    /// <returns>The final update, or null.</returns>
    public ChatResponseUpdate? Complete()
    {
        if (!_toolCalls.HasCalls && _usage is null && _finishReason is null && _logprobs is null && _refusal is null)
        {
            return null;
        }

        var update = new ChatResponseUpdate
        {
            Role = ChatRole.Assistant,
            ResponseId = _responseId,
            ModelId = _modelId,
            FinishReason = _finishReason,
        };
        if (_requestId is not null)
        {
            AddRequestId(update, _requestId);
        }

        foreach (var call in _toolCalls.Build())
        {
            update.Contents.Add(call);
        }

        if (_toolCalls.HasCalls && (_finishReason is null || _finishReason == ChatFinishReason.Stop))
        {
            // Quirk: DashScope reported tool calls with finish_reason "stop" (2024); tool calls are detected by presence.
            update.FinishReason = ChatFinishReason.ToolCalls;
        }

        if (_logprobs is not null)
        {
            (update.AdditionalProperties ??= [])[LlmAdditionalProperties.Logprobs] = _logprobs.Build();
        }

        if (_refusal is not null)
        {
            // As a non-streaming refusal: the whole sentence under the key, and finish reason content_filter.
            (update.AdditionalProperties ??= [])[LlmAdditionalProperties.Refusal] = _refusal.ToString();
            update.FinishReason = ChatFinishReason.ContentFilter;
        }

        if (_usage is not null)
        {
            update.Contents.Add(new UsageContent(_usage));
        }

        return update;
    }

    private void Gather(AdditionalPropertiesDictionary extras)
    {
        bool cumulative = _mode == TextStreamMode.Cumulative;
        if (extras.TryGetValue(LlmAdditionalProperties.Logprobs, out var logprobs) && logprobs is JsonElement element)
        {
            (_logprobs ??= new()).Add(element, cumulative);
        }

        if (extras.TryGetValue(LlmAdditionalProperties.Refusal, out var refusal) && refusal is string piece)
        {
            _refusal ??= new();
            if (cumulative)
            {
                _refusal.Clear();
            }

            _refusal.Append(piece);
        }
    }

    private static void AddRequestId(ChatResponseUpdate update, string requestId)
        => (update.AdditionalProperties ??= [])[LlmAdditionalProperties.RequestId] = requestId;

    private void DetectCumulative(string? piece, string soFar)
    {
        // A stream that asked for deltas but repeats everything so far, plus more, is cumulative (a model that
        // ignores incremental_output). Two characters of history keep a one-letter coincidence from switching modes.
        if (_mode == TextStreamMode.Detect && !string.IsNullOrEmpty(piece) && soFar.Length >= 2
            && piece.Length > soFar.Length && piece.StartsWith(soFar, StringComparison.Ordinal))
        {
            _mode = TextStreamMode.Cumulative;
        }
    }

    private void EndDetectionAfterWindow(StreamChunk chunk)
    {
        // A cumulative stream shows itself on its second or third non-empty event. After a few events of true
        // deltas, stop keeping history: detection would otherwise cost quadratic time and memory on long answers.
        if (_mode == TextStreamMode.Detect && (!string.IsNullOrEmpty(chunk.Text) || !string.IsNullOrEmpty(chunk.Reasoning)) && ++_detectedEvents > DetectionWindow)
        {
            _mode = TextStreamMode.Incremental;
            _textSoFar = _reasoningSoFar = string.Empty;
        }
    }

    private string Delta(string? piece, ref string soFar)
    {
        if (string.IsNullOrEmpty(piece))
        {
            return string.Empty;
        }

        if (_mode != TextStreamMode.Cumulative)
        {
            if (_mode == TextStreamMode.Detect)
            {
                // Only detection reads the history. A known delta stream keeps none: concatenating it on every
                // chunk allocates quadratically in the length of the answer.
                soFar = string.Concat(soFar, piece);
            }

            return piece;
        }

        // Cumulative: the piece is the whole text so far; emit what is new. If the vendor rewrote earlier text,
        // emit from the first difference (the best a delta stream can do).
        int common = CommonPrefixLength(soFar, piece);
        soFar = piece;
        return piece[common..];
    }

    private static int CommonPrefixLength(string a, string b)
    {
        int n = a.AsSpan().CommonPrefixLength(b);

        // Never split a surrogate pair.
        return n > 0 && n < b.Length && char.IsLowSurrogate(b[n]) ? n - 1 : n;
    }
}
