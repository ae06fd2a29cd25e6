namespace LlmClients.Testing;

/// <summary>
/// The deterministic rules the emulator uses to build replies, public so tests can compute their expectations.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item>The prompt text is the text of the last <c>user</c> (or <c>tool</c>) message. A content that is a list of parts (OpenAI
/// <c>[{"type":"text"|"image_url"|"input_audio"|"video_url",..}]</c> or DashScope native <c>[{"text"|"image"|"audio"|"video":..}]</c>)
/// reads as its parts concatenated in order: a text part as its text, a media part as <see cref="ImagePart"/>, <see cref="AudioPart"/>,
/// <see cref="VideoPart"/> or <see cref="DocumentPart"/>, so an echo says which media it saw (<c>"What is this?" + ImagePart</c> for a question and one image).</item>
/// <item>A chat reply is <see cref="ChatText"/>; with <c>response_format</c> <c>json_object</c> (Qianfan v1: the string <c>"json_object"</c>)
/// it is <see cref="JsonText"/>; with <c>json_schema</c> (DashScope native: in <c>parameters</c>) it is <see cref="JsonSchemaText"/> of the
/// schema in <c>json_schema.schema</c>.</item>
/// <item>Every vendor (OpenAI, DashScope both modes, Zhipu, Qianfan v1 and v2) handles tools the same way. When the request has
/// <c>tools</c> (Qianfan v1: <c>functions</c>), the last message is from the user, <c>tool_choice</c> is not <c>"none"</c>, and the prompt
/// text contains "weather" or "天气" or <c>tool_choice</c> is <c>"required"</c> or names a function, the reply is a call to that (or the
/// first) function with <see cref="ToolArguments(string, JsonNode)"/> (every string parameter of the declared function receives the prompt, so <c>(string city) =&gt; ..</c> gets it as <c>city</c>) and
/// finish reason <c>tool_calls</c> (Qianfan v1: <c>function_call</c>). When the last message is a tool (Qianfan v1: <c>function</c>)
/// result, the prompt text is that result, so the final answer <see cref="ChatText"/> echoes it.</item>
/// <item>A reply also sends <see cref="ReasoningText"/> as <c>reasoning_content</c> when the request turns thinking on: <c>enable_thinking</c>
/// <c>true</c> (DashScope: top-level in compatible mode, in <c>parameters</c> natively), <c>thinking</c> <c>{"type":"enabled"}</c> (Zhipu) or a
/// <c>reasoning_effort</c> other than <c>"none"</c> (OpenAI style). Without such a switch, models for which <see cref="IsReasoningModel"/> holds
/// think; <c>enable_thinking</c> <c>false</c>, <c>{"type":"disabled"}</c> or <c>reasoning_effort</c> <c>"none"</c> turn that off.</item>
/// <item>Usage: prompt tokens = <see cref="EstimateTokens"/> of the total characters of all message contents; completion tokens =
/// <see cref="EstimateTokens"/> of the reply text (or tool arguments) plus, for reasoning models, of the reasoning text.</item>
/// <item>Streams split each text with <see cref="SplitForStreaming"/>.</item>
/// <item>OpenAI-compatible routes: with <c>response_format</c> <c>json_schema</c> and a prompt containing "refuse", the model refuses:
/// <c>message.content</c> is null and <c>message.refusal</c> is <see cref="RefusalText"/> (streamed as <c>delta.refusal</c> pieces), finish
/// reason <c>stop</c>, as OpenAI's structured outputs do.</item>
/// <item>OpenAI-compatible routes: with <c>logprobs</c> <c>true</c>, each piece of <see cref="SplitForStreaming"/> of the reply (or refusal)
/// text counts as one token: the choice's <c>logprobs</c> is <c>{"content":[token...],"refusal":null}</c> (for a refusal
/// <c>{"content":null,"refusal":[token...]}</c>), token <c>i</c> (from 0) being <c>{"token":piece,"logprob":-(i+1)/8,"bytes":[UTF-8 of piece],
/// "top_logprobs":[...]}</c> with <c>top_logprobs</c> (the request's, default 0) alternatives: the piece itself, then <c>piece + "~" + k</c>
/// with logprob lower by <c>k</c>. A stream sends each content (or refusal) piece with its one token; other chunks have <c>"logprobs": null</c>.</item>
/// </list>
/// </remarks>
public static partial class EmulatorReplies
{
    /// <summary>
    /// The embedding size used when a request does not send <c>dimensions</c>: 1536.
    /// </summary>
    public const int DefaultEmbeddingDimensions = 1536;

    /// <summary>
    /// How the prompt text reads an image part of a message (<c>image_url</c>, or DashScope native <c>image</c>): <c>"[image]"</c>.
    /// </summary>
    public const string ImagePart = "[image]";

    /// <summary>
    /// How the prompt text reads an audio part of a message (<c>input_audio</c>, or DashScope native <c>audio</c>): <c>"[audio]"</c>.
    /// </summary>
    public const string AudioPart = "[audio]";

    /// <summary>
    /// How the prompt text reads a video part of a message (<c>video_url</c>, or DashScope native <c>video</c>): <c>"[video]"</c>.
    /// </summary>
    public const string VideoPart = "[video]";

    /// <summary>
    /// How the prompt text reads a document part of a message (<c>{"type":"doc_url","doc_url":[url..]}</c>, DashScope qwen-doc-turbo): <c>"[document]"</c>.
    /// </summary>
    public const string DocumentPart = "[document]";

    /// <summary>
    /// The refusal the OpenAI-compatible routes send for a structured-output request whose prompt contains "refuse":
    /// <c>"I'm sorry, I can't help with that request."</c>.
    /// </summary>
    public const string RefusalText = "I'm sorry, I can't help with that request.";

    /// <summary>
    /// Returns the chat reply for a prompt: <c>"Echo from {model}: {lastUserText}"</c>.
    /// </summary>
    /// <param name="model">The requested model.</param>
    /// <param name="lastUserText">The text of the last user message.</param>
    /// <returns>The reply text.</returns>
    public static string ChatText(string model, string lastUserText) => $"Echo from {model}: {lastUserText}";

    /// <summary>
    /// Returns the JSON-mode reply: a compact JSON object <c>{"echo":ChatText(model, lastUserText)}</c>.
    /// </summary>
    /// <param name="model">The requested model.</param>
    /// <param name="lastUserText">The text of the last user message.</param>
    /// <returns>The reply text, a JSON object.</returns>
    public static string JsonText(string model, string lastUserText) =>
        new JsonObject { ["echo"] = ChatText(model, lastUserText) }.ToJsonString(EmulatorJson.Options);

    /// <summary>
    /// Returns the JSON-schema reply: a compact JSON value that conforms to <paramref name="schema"/>, built by these rules.
    /// <c>const</c> gives its value; <c>enum</c> its first value; <c>anyOf</c>/<c>oneOf</c>/<c>allOf</c> the first alternative that is
    /// not <c>{"type":"null"}</c>; <c>$ref</c> (<c>#</c> or <c>#/...</c>) the schema it points to. Then by <c>type</c> (the first
    /// non-<c>"null"</c> one of a list; absent: <c>object</c> if it has <c>properties</c>, <c>array</c> if it has <c>items</c>, else
    /// <c>string</c>): an object gets every property in <c>properties</c>, in order, or <c>{"echo":ChatText}</c> when it declares none and
    /// does not set <c>additionalProperties</c> to <c>false</c>; an array <c>max(1, minItems)</c> items (none if <c>maxItems</c> is 0)
    /// built from <c>items</c>; a string <see cref="ChatText"/>, or for <c>format</c> <c>date-time</c>/<c>date</c>/<c>time</c>/<c>uuid</c>/
    /// <c>uri</c>/<c>email</c> <c>"2024-01-01T00:00:00Z"</c>/<c>"2024-01-01"</c>/<c>"00:00:00"</c>/<c>"00000000-0000-0000-0000-000000000000"</c>/
    /// <c>"https://example.com/"</c>/<c>"user@example.com"</c>; an integer 1 and a number 1.5, each moved inside <c>minimum</c>/<c>maximum</c>;
    /// a boolean <see langword="true"/>; <c>null</c> null. Beyond 16 levels of nesting a value is null.
    /// </summary>
    /// <param name="model">The requested model.</param>
    /// <param name="lastUserText">The text of the last user message.</param>
    /// <param name="schema">The JSON schema (the <c>json_schema.schema</c> of the request).</param>
    /// <returns>The reply text, JSON.</returns>
    public static string JsonSchemaText(string model, string lastUserText, JsonNode schema)
    {
        ArgumentNullException.ThrowIfNull(schema);
        var echo = ChatText(model, lastUserText);
        var value = SchemaValue(schema, schema, echo, 0);
        return value is null ? "null" : value.ToJsonString(EmulatorJson.Options);
    }

    /// <summary>
    /// Returns the reasoning text of a reasoning model: <c>"Thinking about: {lastUserText}"</c>.
    /// </summary>
    /// <param name="model">The requested model.</param>
    /// <param name="lastUserText">The text of the last user message.</param>
    /// <returns>The reasoning text.</returns>
    public static string ReasoningText(string model, string lastUserText)
    {
        ArgumentNullException.ThrowIfNull(model);
        return $"Thinking about: {lastUserText}";
    }

    /// <summary>
    /// Tells whether the emulator treats <paramref name="model"/> as a reasoning model: its name contains "reasoner" or "thinking" (case-insensitive).
    /// </summary>
    /// <param name="model">The requested model.</param>
    /// <returns><see langword="true"/> for a reasoning model.</returns>
    public static bool IsReasoningModel(string model) =>
        model.Contains("reasoner", StringComparison.OrdinalIgnoreCase) || model.Contains("thinking", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Returns the arguments of an emulated tool call: the compact JSON <c>{"location":lastUserText}</c>.
    /// </summary>
    /// <param name="lastUserText">The text of the last user message.</param>
    /// <returns>The arguments JSON.</returns>
    public static string ToolArguments(string lastUserText) =>
        new JsonObject { ["location"] = lastUserText }.ToJsonString(EmulatorJson.Options);

    /// <summary>
    /// Returns the arguments of an emulated tool call for the function's declared parameters: every string property gets
    /// <paramref name="lastUserText"/>, every other property a value of its type (as <see cref="JsonSchemaText"/> fills
    /// them), so a C# function made with <c>AIFunctionFactory.Create((string city) =&gt; ..)</c> receives the prompt as
    /// <c>city</c>. Without declared properties it is <see cref="ToolArguments(string)"/> (<c>{"location": prompt}</c>).
    /// </summary>
    /// <param name="lastUserText">The text of the last user message.</param>
    /// <param name="parameters">The function's <c>parameters</c> JSON schema, or null.</param>
    /// <returns>The arguments, a JSON object.</returns>
    public static string ToolArguments(string lastUserText, JsonNode? parameters)
    {
        if (parameters is not JsonObject schema || schema["properties"] is not JsonObject { Count: > 0 } properties)
        {
            return ToolArguments(lastUserText);
        }

        var arguments = new JsonObject();
        foreach (var (name, property) in properties)
        {
            var type = property is JsonObject p ? p["type"] : null;
            bool isString = type is null || EmulatorJson.AsString(type) == "string"
                || (type is JsonArray types && types.Any(t => EmulatorJson.AsString(t) == "string"));
            arguments[name] = isString && (property as JsonObject)?["enum"] is null ? JsonValue.Create(lastUserText) : SchemaValue(property, schema, lastUserText, 1);
        }

        return arguments.ToJsonString(EmulatorJson.Options);
    }

    /// <summary>
    /// Estimates a token count from a character count: <c>ceil(characters / 2)</c>, at least 1.
    /// </summary>
    /// <param name="characters">The number of UTF-16 characters.</param>
    /// <returns>The token count.</returns>
    public static int EstimateTokens(int characters) => Math.Max(1, (characters + 1) / 2);

    /// <summary>
    /// Splits <paramref name="text"/> into the pieces the emulator streams: <c>min(length, clamp(ceil(length / 4), 4, 8))</c> pieces of
    /// near-equal length, never splitting a surrogate pair. An empty text gives one empty piece.
    /// </summary>
    /// <param name="text">The text.</param>
    /// <returns>The pieces, which concatenate to <paramref name="text"/>.</returns>
    public static IReadOnlyList<string> SplitForStreaming(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length == 0)
        {
            return [string.Empty];
        }

        var count = Math.Min(text.Length, Math.Clamp((text.Length + 3) / 4, 4, 8));
        var pieces = new List<string>(count);
        var start = 0;
        for (var i = 1; i <= count; i++)
        {
            var end = i == count ? text.Length : (int)((long)text.Length * i / count);
            if (end < text.Length && end > 0 && char.IsHighSurrogate(text[end - 1]))
            {
                end++;
            }

            if (end > start)
            {
                pieces.Add(text[start..end]);
                start = end;
            }
        }

        return pieces;
    }

    /// <summary>
    /// Computes the deterministic embedding of <paramref name="text"/>: every character unigram (weight 1) and bigram (weight 2) is
    /// hashed (FNV-1a) to a signed slot of the vector, which is then L2-normalized. Texts that share characters and character pairs
    /// therefore come out similar (深度学习 is closer to 深度强化学习 than 机器学习 is to "banana").
    /// </summary>
    /// <param name="text">The text (not empty).</param>
    /// <param name="dimensions">The vector size (at least 1).</param>
    /// <returns>A unit-length vector.</returns>
    /// <exception cref="ArgumentException"><paramref name="text"/> is null or empty.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="dimensions"/> is less than 1.</exception>
    public static float[] Embedding(string text, int dimensions)
    {
        ArgumentException.ThrowIfNullOrEmpty(text);
        ArgumentOutOfRangeException.ThrowIfLessThan(dimensions, 1);
        var vector = new double[dimensions];
        for (var i = 0; i < text.Length; i++)
        {
            AddFeature(vector, text.AsSpan(i, 1), 1.0);
            if (i + 1 < text.Length)
            {
                AddFeature(vector, text.AsSpan(i, 2), 2.0);
            }
        }

        var norm = Math.Sqrt(vector.Sum(v => v * v));
        var result = new float[dimensions];
        for (var i = 0; i < dimensions; i++)
        {
            result[i] = norm == 0 ? 0f : (float)(vector[i] / norm);
        }

        return result;
    }

    /// <summary>Tells whether a request refuses: a <c>json_schema</c> response format and a prompt containing "refuse".</summary>
    internal static bool Refuses(string lastUserText, JsonNode? responseFormat) =>
        responseFormat is JsonObject format && EmulatorJson.GetString(format, "type") == "json_schema"
        && lastUserText.Contains("refuse", StringComparison.OrdinalIgnoreCase);

    /// <summary>Builds token <paramref name="index"/>'s logprob entry, as the remarks describe.</summary>
    internal static JsonObject TokenLogprob(string piece, int index, int top)
    {
        var logprob = -(index + 1) / 8.0;
        var alternatives = new JsonArray();
        for (var k = 0; k < top; k++)
        {
            var token = k == 0 ? piece : piece + "~" + k.ToString(System.Globalization.CultureInfo.InvariantCulture);
            alternatives.Add((JsonNode)new JsonObject { ["token"] = token, ["logprob"] = logprob - k, ["bytes"] = Bytes(token) });
        }

        return new JsonObject { ["token"] = piece, ["logprob"] = logprob, ["bytes"] = Bytes(piece), ["top_logprobs"] = alternatives };

        static JsonArray Bytes(string text) => new([.. System.Text.Encoding.UTF8.GetBytes(text).Select(b => JsonValue.Create((int)b))]);
    }

    private static void AddFeature(double[] vector, ReadOnlySpan<char> feature, double weight)
    {
        var hash = 14695981039346656037UL;
        foreach (var c in feature)
        {
            hash = (hash ^ c) * 1099511628211UL;
        }

        var slot = (int)(hash % (ulong)vector.Length);
        vector[slot] += (hash >> 63) == 0 ? weight : -weight;
    }
}
