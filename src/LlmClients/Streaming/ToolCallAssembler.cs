using System.Text;

namespace LlmClients.Streaming;

/// <summary>
/// Assembles streamed tool-call fragments into complete calls. A call is identified by its index, its id and its name
/// together, since servers disagree on all three:
/// <list type="bullet">
/// <item>A fragment continues the latest call at its index when it has no id, the same id, or a new id but no name (a GLM-4
/// OpenAI-style server sends a fresh id on every fragment of one call, with the name only on the first).</item>
/// <item>A fragment at an occupied index that brings a different non-empty id AND a function name starts a new call (Ollama
/// streams parallel calls, each complete, all at index 0).</item>
/// <item>A fragment without an index (Ollama before 0.4.7) continues the most recent call, unless it brings a new id and a name.</item>
/// <item>Empty ids and names are absent (DashScope sends <c>"id":""</c> on continuations); a repeated name is not appended.</item>
/// </list>
/// Calls come out in the order they started.
/// </summary>
internal sealed class ToolCallAssembler
{
    private readonly List<Call> _calls = [];

    /// <summary>Gets whether any fragment arrived.</summary>
    public bool HasCalls => _calls.Count > 0;

    /// <summary>Adds one fragment.</summary>
    /// <param name="fragment">The fragment.</param>
    /// <param name="cumulative">Whether the stream repeats the arguments so far (DashScope with incremental output off).</param>
    public void Add(ToolCallFragment fragment, bool cumulative)
    {
        var call = Current(fragment.Index);
        if (call is null || StartsNewCall(call, fragment))
        {
            call = new Call(fragment.Index);
            _calls.Add(call);
        }

        call.Add(fragment, cumulative);
    }

    /// <summary>Builds the complete calls, in the order they started.</summary>
    /// <returns>The calls; a call without an id gets <c>call_{position}</c>.</returns>
    public IEnumerable<FunctionCallContent> Build()
    {
        for (int i = 0; i < _calls.Count; i++)
        {
            yield return _calls[i].Build(i);
        }
    }

    private static bool StartsNewCall(Call call, ToolCallFragment fragment)
        => !string.IsNullOrEmpty(fragment.Id) && !string.IsNullOrEmpty(fragment.Name)
           && !string.IsNullOrEmpty(call.Id) && !string.Equals(call.Id, fragment.Id, StringComparison.Ordinal);

    private Call? Current(int? index)
    {
        for (int i = _calls.Count - 1; i >= 0; i--)
        {
            if (index is null || _calls[i].Index == index)
            {
                return _calls[i];
            }
        }

        return null;
    }

    private sealed class Call(int? index)
    {
        private readonly StringBuilder _arguments = new();
        private string? _name;

        public int? Index { get; } = index;

        public string? Id { get; private set; }

        public void Add(ToolCallFragment fragment, bool cumulative)
        {
            if (string.IsNullOrEmpty(Id) && !string.IsNullOrEmpty(fragment.Id))
            {
                Id = fragment.Id;
            }

            if (string.IsNullOrEmpty(_name) && !string.IsNullOrEmpty(fragment.Name))
            {
                _name = fragment.Name;
            }

            if (string.IsNullOrEmpty(fragment.Arguments))
            {
                return;
            }

            if (cumulative && fragment.Arguments.StartsWith(_arguments.ToString(), StringComparison.Ordinal))
            {
                _arguments.Clear();
            }

            _arguments.Append(fragment.Arguments);
        }

        public FunctionCallContent Build(int position)
            => Shared.ToolCalls.Call(string.IsNullOrEmpty(Id) ? $"call_{Index ?? position}" : Id, _name ?? string.Empty, _arguments.ToString());
    }
}
