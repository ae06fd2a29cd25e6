using System.Buffers.Binary;

namespace LlmClients.Testing.OpenAICompatible;

/// <summary>
/// <c>POST {prefix}/embeddings</c>: deterministic vectors from <see cref="EmulatorReplies.Embedding"/>, as floats or base64.
/// </summary>
internal static partial class OpenAICompatibleEmulatorRoutes
{
    private const int MaxDimensions = 16384;

    internal static async Task HandleEmbeddingsAsync(HttpContext context, EmulatorState state, JsonObject body)
    {
        var inputs = ReadInputs(body["input"]);
        if (inputs is null || inputs.Count == 0 || inputs.Any(input => input.Length == 0))
        {
            await WriteErrorAsync(context, 400, "'input' must be a non-empty string or a non-empty array of non-empty strings.", "input").ConfigureAwait(false);
            return;
        }

        var dimensions = state.Options.DefaultEmbeddingDimensions;
        if (body["dimensions"] is { } dimensionsNode)
        {
            if (dimensionsNode is not JsonValue dimensionsValue || dimensionsValue.GetValueKind() != JsonValueKind.Number || !dimensionsValue.TryGetValue(out dimensions))
            {
                await WriteErrorAsync(context, 400, $"{dimensionsNode.ToJsonString()} is not of type 'integer' - 'dimensions'", param: null).ConfigureAwait(false);
                return;
            }

            if (dimensions is < 1 or > MaxDimensions)
            {
                var message = dimensions < 1
                    ? string.Create(CultureInfo.InvariantCulture, $"{dimensions} is less than the minimum of 1 - 'dimensions'")
                    : string.Create(CultureInfo.InvariantCulture, $"{dimensions} is greater than the maximum of {MaxDimensions} - 'dimensions'");
                await WriteErrorAsync(context, 400, message, param: null).ConfigureAwait(false);
                return;
            }
        }

        var encoding = EmulatorJson.GetString(body, "encoding_format") ?? "float";
        if (encoding is not ("float" or "base64"))
        {
            await WriteErrorAsync(context, 400, $"'{encoding}' is not one of ['float', 'base64'] - 'encoding_format'", "encoding_format").ConfigureAwait(false);
            return;
        }

        var data = new List<JsonNode>(inputs.Count);
        var tokens = 0;
        for (var i = 0; i < inputs.Count; i++)
        {
            var vector = EmulatorReplies.Embedding(inputs[i], dimensions);
            tokens += EmulatorReplies.EstimateTokens(inputs[i].Length);
            data.Add(new JsonObject
            {
                ["object"] = "embedding",
                ["index"] = i,
                ["embedding"] = encoding == "base64" ? ToBase64(vector) : new JsonArray([.. vector.Select(v => (JsonNode)v)]),
            });
        }

        var response = new JsonObject
        {
            ["object"] = "list",
            ["data"] = new JsonArray([.. data]),
            ["model"] = EmulatorJson.GetString(body, "model"),
            ["usage"] = new JsonObject { ["prompt_tokens"] = tokens, ["total_tokens"] = tokens },
        };
        await EmulatorResponses.WriteJsonAsync(context, EmulatorJson.Serialize(response)).ConfigureAwait(false);
    }

    /// <summary>Reads <c>input</c> (or another vendor's <c>inputs</c>) as a string or an array of strings; null for anything else (token arrays are not emulated).</summary>
    internal static List<string>? ReadInputs(JsonNode? input)
    {
        if (EmulatorJson.AsString(input) is { } single)
        {
            return [single];
        }

        return input is JsonArray array && array.All(item => EmulatorJson.AsString(item) is not null)
            ? [.. array.Select(item => EmulatorJson.AsString(item)!)]
            : null;
    }

    private static string ToBase64(float[] vector)
    {
        var bytes = new byte[vector.Length * sizeof(float)];
        for (var i = 0; i < vector.Length; i++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(i * sizeof(float)), vector[i]);
        }

        return Convert.ToBase64String(bytes);
    }
}
