using System.Text.Json.Nodes;

namespace LlmClients.Testing;

/// <summary>
/// The deterministic rules the emulator uses to build replies, public so tests can compute their expectations.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item>The prompt text is the text of the last <c>user</c> (or <c>tool</c>) message. A content that is a list of parts (OpenAI
/// <c>[{"type":"text"|"image_url"|"input_audio"|"video_url",..}]</c> or DashScope native <c>[{"text"|"image"|"audio"|"video":..}]</c>)
/// reads as its parts concatenated in order: a text part as its text, a media part as <see cref="ImagePart"/>, <see cref="AudioPart"/>
/// or <see cref="VideoPart"/>, so an echo says which media it saw (<c>"What is this?" + ImagePart</c> for a question and one image).</item>
/// <item>A chat reply is <see cref="ChatText"/>; with <c>response_format</c> <c>json_object</c>/<c>json_schema</c> it is <see cref="JsonText"/>.</item>
/// <item>When the request has <c>tools</c>, the last message is from the user, <c>tool_choice</c> is not <c>"none"</c>, and the prompt text contains
/// "weather" or <c>tool_choice</c> is <c>"required"</c> or names a function, the reply is a call to that (or the first) function with
/// <see cref="ToolArguments"/> and finish reason <c>tool_calls</c>.</item>
/// <item>A reply also sends <see cref="ReasoningText"/> as <c>reasoning_content</c> when the request turns thinking on: <c>enable_thinking</c>
/// <c>true</c> (DashScope: top-level in compatible mode, in <c>parameters</c> natively), <c>thinking</c> <c>{"type":"enabled"}</c> (Zhipu) or a
/// <c>reasoning_effort</c> other than <c>"none"</c> (OpenAI style). Without such a switch, models for which <see cref="IsReasoningModel"/> holds
/// think; <c>enable_thinking</c> <c>false</c>, <c>{"type":"disabled"}</c> or <c>reasoning_effort</c> <c>"none"</c> turn that off.</item>
/// <item>Usage: prompt tokens = <see cref="EstimateTokens"/> of the total characters of all message contents; completion tokens =
/// <see cref="EstimateTokens"/> of the reply text (or tool arguments) plus, for reasoning models, of the reasoning text.</item>
/// <item>Streams split each text with <see cref="SplitForStreaming"/>.</item>
/// </list>
/// </remarks>
public static class EmulatorReplies
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
