using System.Buffers;
using System.Collections;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;

namespace LlmClients.Http;

/// <summary>Serializes wire requests and merges <see cref="AdditionalPropertiesDictionary"/> extras into them, without reflection.</summary>
/// <remarks>
/// Every request body is written by one <see cref="Utf8JsonWriter"/> per thread, reused, into a buffer per thread that is
/// reused too (one exact-size copy leaves it: the body the request content owns and a retry replays). The writer uses
/// <see cref="JavaScriptEncoder.UnsafeRelaxedJsonEscaping"/>, as Microsoft.Extensions.AI's <c>AIJsonUtilities</c> does:
/// non-ASCII text goes out as UTF-8 (<c>你是谁</c> is 9 bytes, not 18 bytes of <c>\uXXXX</c> escapes, which vendors
/// also count against size limits), while what JSON requires is still escaped (quote, backslash, control characters;
/// characters outside the Basic Multilingual Plane go out as surrogate-pair escapes). HTML-sensitive characters
/// (<c>&lt; &gt; &amp; '</c>) are not escaped: a request body is never embedded in a web page.
/// </remarks>
internal static class WireJson
{
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    // Buffers that grew past this (a request with an inline image) are dropped after use, not kept by the thread.
    private const int MaxRetainedBuffer = 256 * 1024;

    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_buffer;

    [ThreadStatic]
    private static Utf8JsonWriter? t_writer;

    /// <summary>Serializes a wire value with no extras: the body of requests that take none (batch embeddings, task submissions).</summary>
    /// <typeparam name="T">The wire type.</typeparam>
    /// <param name="value">The value.</param>
    /// <param name="typeInfo">Its source-generated type info.</param>
    /// <returns>The UTF-8 JSON, non-ASCII text unescaped.</returns>
    public static byte[] Serialize<T>(T value, JsonTypeInfo<T> typeInfo)
        => Write((value, typeInfo), static (writer, state) => JsonSerializer.Serialize(writer, state.value, state.typeInfo));

    private static byte[] Write<TState>(TState state, Action<Utf8JsonWriter, TState> write)
    {
        // Taken from the thread while in use, so a nested call (a converter serializing) gets fresh ones.
        var buffer = t_buffer ?? new ArrayBufferWriter<byte>(4096);
        var writer = t_writer;
        t_buffer = null;
        t_writer = null;
        if (writer is null)
        {
            writer = new Utf8JsonWriter(buffer, WriterOptions);
        }
        else
        {
            writer.Reset(buffer);
        }

        try
        {
            write(writer, state);
            writer.Flush();
            return buffer.WrittenSpan.ToArray();
        }
        finally
        {
            if (buffer.Capacity <= MaxRetainedBuffer)
            {
                buffer.ResetWrittenCount();
                writer.Reset();
                t_buffer = buffer;
                t_writer = writer;
            }
            else
            {
                writer.Dispose();
            }
        }
    }

    /// <summary>Serializes a request; extras are written into the top level, or into the object at <paramref name="extrasPath"/>.</summary>
    /// <typeparam name="T">The wire type.</typeparam>
    /// <param name="value">The request.</param>
    /// <param name="typeInfo">Its source-generated type info.</param>
    /// <param name="extras">Vendor extras; an extra overrides a property of the same name, except that <c>tools</c> are appended to the function tools. Extras may not set <c>model</c>, <c>messages</c>, <c>input</c> or <c>stream</c>.</param>
    /// <param name="extrasPath">The name of a top-level object to merge extras into (DashScope <c>parameters</c>), or null.</param>
    /// <returns>The UTF-8 JSON.</returns>
    /// <param name="baseFields">Fields from <see cref="ChatOptions.RawRepresentationFactory"/>: written where the request has no field of that name.</param>
    /// <exception cref="ArgumentException">An extra has a value type that cannot be written as JSON, or an extra or base field would replace a field the client sets from the call.</exception>
    /// <param name="itemExtras">Per-item fields merged into the objects of an array (per-message <c>AdditionalProperties</c>), or null.</param>
    public static byte[] Serialize<T>(T value, JsonTypeInfo<T> typeInfo, IReadOnlyDictionary<string, object?>? extras, string? extrasPath = null, JsonObject? baseFields = null, ItemExtras? itemExtras = null)
        => Serialize((value, typeInfo), static (writer, state) => JsonSerializer.Serialize(writer, state.value, state.typeInfo), extras, extrasPath, baseFields, itemExtras);

    /// <summary>Writes a request by hand; extras are written into the top level, or into the object at <paramref name="extrasPath"/>.</summary>
    /// <typeparam name="TState">What the writing callback writes from.</typeparam>
    /// <param name="state">The request.</param>
    /// <param name="write">Writes the request as one JSON object.</param>
    /// <param name="extras">Vendor extras; an extra overrides a property of the same name, except that <c>tools</c> are appended to the function tools. Extras may not set <c>model</c>, <c>messages</c>, <c>input</c> or <c>stream</c>.</param>
    /// <param name="extrasPath">The name of a top-level object to merge extras into (DashScope <c>parameters</c>), or null.</param>
    /// <param name="baseFields">Fields from <see cref="ChatOptions.RawRepresentationFactory"/>: written where the request has no field of that name.</param>
    /// <param name="itemExtras">Per-item fields merged into the objects of an array (per-message <c>AdditionalProperties</c>), or null.</param>
    /// <returns>The UTF-8 JSON. With no extras, base or item extras it is what <paramref name="write"/> wrote, written once into the reused buffer.</returns>
    /// <exception cref="ArgumentException">An extra has a value type that cannot be written as JSON, or an extra or base field would replace a field the client sets from the call.</exception>
    public static byte[] Serialize<TState>(TState state, Action<Utf8JsonWriter, TState> write, IReadOnlyDictionary<string, object?>? extras, string? extrasPath = null, JsonObject? baseFields = null, ItemExtras? itemExtras = null)
    {
        if (baseFields is null && !HasVendorExtras(extras) && itemExtras is null)
        {
            return Write(state, write);
        }

        var root = JsonNode.Parse(Write(state, write)) as JsonObject ?? [];
        if (itemExtras is not null)
        {
            MergeItems(root, itemExtras);
        }

        var target = root;
        if (extrasPath is not null && HasVendorExtras(extras))
        {
            if (root[extrasPath] is not JsonObject nested)
            {
                nested = [];
                root[extrasPath] = nested;
            }

            target = nested;
        }

        foreach (var (key, extra) in extras ?? EmptyExtras)
        {
            if (LlmAdditionalProperties.IsReserved(key))
            {
                continue;
            }

            CheckNotOwned(key, $"AdditionalProperties[\"{key}\"]");
            var node = ToNode(key, extra);
            if (key == ToolsKey && target[key] is JsonArray own && node is JsonArray vendorTools)
            {
                // Vendor tools (web_search, retrieval...) go after the function tools of ChatOptions.Tools, not instead of them.
                AppendTo(own, vendorTools);
            }
            else
            {
                target[key] = node;
            }
        }

        if (baseFields is not null)
        {
            foreach (var (key, _) in baseFields)
            {
                // A base only fills what the request lacks (the request's own model, messages and input win, and nested
                // objects merge), so the danger is a call-owned field the request leaves out: "stream" on a plain call.
                if (!root.ContainsKey(key))
                {
                    CheckNotOwned(key, $"ChatOptions.RawRepresentationFactory's \"{key}\"");
                }
            }

            MergeUnder(root, baseFields);
        }

        return Write(root, static (writer, node) => node.WriteTo(writer));
    }

    /// <summary>Fields to merge into the objects of an array of the request, item by item.</summary>
    /// <param name="Path">The dotted path of the array, for example <c>messages</c> or <c>input.messages</c>.</param>
    /// <param name="Items">The fields of each item, in array order (null for none).</param>
    /// <param name="Owned">Fields the client sets itself, which an extra may not replace.</param>
    internal sealed record ItemExtras(string Path, IReadOnlyList<IReadOnlyDictionary<string, object?>?> Items, IReadOnlyList<string> Owned);

    private static void MergeItems(JsonObject root, ItemExtras itemExtras)
    {
        JsonNode? node = root;
        foreach (var segment in itemExtras.Path.Split('.'))
        {
            node = node?[segment];
        }

        if (node is not JsonArray array)
        {
            return;
        }

        for (int i = 0; i < array.Count && i < itemExtras.Items.Count; i++)
        {
            if (itemExtras.Items[i] is not { } fields || array[i] is not JsonObject item)
            {
                continue;
            }

            foreach (var (key, extra) in fields)
            {
                if (LlmAdditionalProperties.IsReserved(key))
                {
                    continue;
                }

                if (itemExtras.Owned.Contains(key))
                {
                    throw new ArgumentException(
                        $"ChatMessage.AdditionalProperties[\"{key}\"] of wire message {i} would replace a field the client sets from the message itself; set it through the message (role, contents, tool calls) and remove the extra.",
                        "messages");
                }

                item[key] = ToNode(key, extra);
            }
        }
    }

    /// <summary>Gets whether any extra is meant for the vendor (not one of <see cref="LlmAdditionalProperties"/>' keys).</summary>
    /// <param name="extras">The extras.</param>
    /// <returns>True when at least one extra goes on the wire.</returns>
    public static bool HasVendorExtras(IReadOnlyDictionary<string, object?>? extras)
    {
        if (extras is null || extras.Count == 0)
        {
            return false;
        }

        foreach (var key in extras.Keys)
        {
            if (!LlmAdditionalProperties.IsReserved(key))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Reads <see cref="ChatOptions.RawRepresentationFactory"/>: the JSON object it returns (a <see cref="JsonObject"/>, a
    /// <see cref="JsonElement"/> object, or a string-keyed dictionary) is the base of the request body; fields the options
    /// set win over it, and nested objects are merged.
    /// </summary>
    /// <param name="options">The options.</param>
    /// <param name="client">The client passed to the factory.</param>
    /// <returns>The base fields, or null.</returns>
    /// <exception cref="ArgumentException">The factory returned something that is not a JSON object.</exception>
    public static JsonObject? RawBase(ChatOptions? options, IChatClient? client)
    {
        if (options?.RawRepresentationFactory is not { } factory || factory(client!) is not { } raw)
        {
            return null;
        }

        var node = raw switch
        {
            JsonObject o => o.DeepClone(),
            JsonElement { ValueKind: JsonValueKind.Object } e => JsonNode.Parse(e.GetRawText()),
            IEnumerable<KeyValuePair<string, object?>> map => ToNode("RawRepresentationFactory", map),
            _ => null,
        };
        return node as JsonObject ?? throw new ArgumentException(
            $"ChatOptions.RawRepresentationFactory returned {raw.GetType().Name}; LlmClients takes a JsonObject, a JsonElement object or an IDictionary<string, object?> holding request-body fields (the options' own settings win over them).",
            nameof(options));
    }

    private static readonly Dictionary<string, object?> EmptyExtras = new(StringComparer.Ordinal);

    private const string ToolsKey = "tools";

    // Fields the client sets from the call itself; an extra or a raw base would silently replace the conversation, the
    // texts, the model the response is mapped with, or turn a plain call into a stream (or the reverse).
    private static readonly string[] OwnedKeys = ["model", "messages", "input", "stream"];

    private static void CheckNotOwned(string key, string what)
    {
        if (Array.IndexOf(OwnedKeys, key) < 0)
        {
            return;
        }

        var fix = key switch
        {
            "model" => "set ChatOptions.ModelId (or EmbeddingGenerationOptions.ModelId) instead",
            "stream" => "call GetStreamingResponseAsync for a stream, GetResponseAsync otherwise",
            _ => "pass the conversation or the texts as the call's argument",
        };
        throw new ArgumentException($"{what} would replace the request's '{key}', which LlmClients sets from the call: remove it and {fix}.", "options");
    }

    private static void AppendTo(JsonArray target, JsonArray items)
    {
        foreach (var item in items)
        {
            target.Add(item?.DeepClone());
        }
    }

    private static void MergeUnder(JsonObject target, JsonObject baseFields)
    {
        foreach (var (key, value) in baseFields)
        {
            if (!target.TryGetPropertyValue(key, out var existing))
            {
                target[key] = value?.DeepClone();
            }
            else if (existing is JsonObject nested && value is JsonObject nestedBase)
            {
                MergeUnder(nested, nestedBase);
            }
            else if (key == ToolsKey && existing is JsonArray own && value is JsonArray baseTools)
            {
                AppendTo(own, baseTools);
            }
        }
    }

    public static JsonNode? ToNode(string key, object? value)
    {
        var buffer = new ArrayBufferWriter<byte>(64);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            Write(writer, key, value);
        }

        return JsonNode.Parse(buffer.WrittenSpan);
    }

    /// <summary>Converts an extra's value to a JSON element.</summary>
    /// <param name="key">The extra's name, for the error message.</param>
    /// <param name="value">The value.</param>
    /// <returns>The element.</returns>
    public static JsonElement ToElement(string key, object? value)
    {
        var buffer = new ArrayBufferWriter<byte>(64);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            Write(writer, key, value);
        }

        using var doc = JsonDocument.Parse(buffer.WrittenMemory);
        return doc.RootElement.Clone();
    }

    private static void Write(Utf8JsonWriter writer, string key, object? value)
    {
        switch (value)
        {
            case null: writer.WriteNullValue(); break;
            case string s: writer.WriteStringValue(s); break;
            case bool b: writer.WriteBooleanValue(b); break;
            case int i: writer.WriteNumberValue(i); break;
            case long l: writer.WriteNumberValue(l); break;
            case uint ui: writer.WriteNumberValue(ui); break;
            case ulong ul: writer.WriteNumberValue(ul); break;
            case short sh: writer.WriteNumberValue(sh); break;
            case float f: writer.WriteNumberValue(f); break;
            case double d: writer.WriteNumberValue(d); break;
            case decimal m: writer.WriteNumberValue(m); break;
            case JsonElement e: e.WriteTo(writer); break;
            case JsonDocument doc: doc.RootElement.WriteTo(writer); break;
            case JsonNode node: node.WriteTo(writer); break;
            case Enum en: writer.WriteStringValue(en.ToString()); break;
            case DateTimeOffset dto: writer.WriteStringValue(dto.ToString("O", CultureInfo.InvariantCulture)); break;
            case IEnumerable<KeyValuePair<string, object?>> map:
                writer.WriteStartObject();
                foreach (var (k, v) in map)
                {
                    writer.WritePropertyName(k);
                    Write(writer, $"{key}.{k}", v);
                }

                writer.WriteEndObject();
                break;
            case IEnumerable list:
                writer.WriteStartArray();
                foreach (var item in list)
                {
                    Write(writer, key, item);
                }

                writer.WriteEndArray();
                break;
            default:
                throw new ArgumentException(
                    $"AdditionalProperties[\"{key}\"] has type {value.GetType().Name}, which cannot be sent as JSON without reflection. Use a string, number, bool, list, dictionary, JsonElement or JsonNode.",
                    "options");
        }
    }
}
