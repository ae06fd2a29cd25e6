using System.Buffers;
using System.Text.Json;

namespace LlmClients.Streaming;

/// <summary>
/// Gathers the per-chunk <c>logprobs</c> objects of one streamed choice into the one object a non-streaming response
/// carries: each array member (<c>content</c>, <c>refusal</c>) is the concatenation of the chunks' arrays, in order; any
/// other member keeps its last value (OpenAI streams <c>"refusal": null</c> beside <c>content</c>).
/// </summary>
internal sealed class LogprobsAccumulator
{
    private readonly List<(string Name, List<JsonElement>? Items, JsonElement Last)> _members = [];

    /// <summary>Adds one chunk's <c>logprobs</c> object.</summary>
    /// <param name="logprobs">The object (other kinds are ignored).</param>
    /// <param name="cumulative">Whether the stream repeats everything so far in each event: the object then replaces what was gathered.</param>
    public void Add(JsonElement logprobs, bool cumulative)
    {
        if (logprobs.ValueKind != JsonValueKind.Object)
        {
            return;
        }

        if (cumulative)
        {
            _members.Clear();
        }

        foreach (var property in logprobs.EnumerateObject())
        {
            int index = _members.FindIndex(m => m.Name == property.Name);
            var items = index >= 0 ? _members[index].Items : null;
            if (property.Value.ValueKind == JsonValueKind.Array)
            {
                items ??= [];
                foreach (var item in property.Value.EnumerateArray())
                {
                    items.Add(item);
                }
            }

            var member = (property.Name, items, property.Value);
            if (index >= 0)
            {
                _members[index] = member;
            }
            else
            {
                _members.Add(member);
            }
        }
    }

    /// <summary>Builds the gathered object.</summary>
    /// <returns>A detached <c>{"content":[...], ...}</c> element.</returns>
    public JsonElement Build()
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (var (name, items, last) in _members)
            {
                writer.WritePropertyName(name);
                if (items is null)
                {
                    last.WriteTo(writer);
                    continue;
                }

                writer.WriteStartArray();
                foreach (var item in items)
                {
                    item.WriteTo(writer);
                }

                writer.WriteEndArray();
            }

            writer.WriteEndObject();
        }

        using var document = JsonDocument.Parse(buffer.WrittenMemory);
        return document.RootElement.Clone();
    }
}
