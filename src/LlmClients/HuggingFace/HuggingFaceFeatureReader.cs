using System.Globalization;
using System.Text.Json;

namespace LlmClients.HuggingFace;

/// <summary>
/// Reads a feature-extraction body by its JSON depth, since the shape depends on the backend, the model and the input:
/// 1-D <c>[f,...]</c> is one vector (the serverless API, a sentence-transformers model, one string); 2-D <c>[[f,...],...]</c> with
/// one row per input is a batch (TEI always, even for one string); 3-D (inputs x tokens x hidden) and 4-D (inputs x 1 x tokens x
/// hidden), and 2-D with several rows for one input, are per-token output of a plain transformers model, which is refused
/// or mean-pooled (<see cref="HuggingFaceOptions.MeanPoolTokenEmbeddings"/>).
/// </summary>
internal static class HuggingFaceFeatureReader
{
    private const int MaxDepth = 4;

    /// <summary>Reads one vector per input.</summary>
    /// <param name="json">The body.</param>
    /// <param name="inputCount">How many texts were sent.</param>
    /// <param name="meanPool">Whether per-token output is mean-pooled (else refused).</param>
    /// <param name="normalizePooled">Whether pooled vectors are L2-normalized.</param>
    /// <param name="requestId">The request id, for errors.</param>
    /// <returns>The vectors, in input order.</returns>
    /// <exception cref="LlmRequestException">The body is not nested arrays of numbers, does not hold one vector per input, or is per-token output and <paramref name="meanPool"/> is false.</exception>
    public static float[][] Read(ReadOnlySpan<byte> json, int inputCount, bool meanPool, bool normalizePooled, string? requestId)
    {
        object root;
        int depth;
        try
        {
            var reader = new Utf8JsonReader(json);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartArray)
            {
                throw Invalid("the body is not a JSON array of numbers", requestId);
            }

            (root, depth) = ReadArray(ref reader, 1, requestId);
        }
        catch (JsonException ex)
        {
            throw new LlmRequestException(HuggingFaceSettings.ProviderName, LlmErrorKind.InvalidResponse, 200, null, null, requestId, isTransient: false, innerException: ex, advice: $"the feature-extraction body could not be parsed: {ex.Message}");
        }

        var rows = root as object[];
        switch (depth)
        {
            case 1 when inputCount == 1:
                return [Checked((float[])root, requestId)];
            case 2 when rows!.Length == inputCount && (inputCount > 1 || rows.Length == 1):
                return [.. rows.Select(r => Checked((float[])r, requestId))];
            case 2 when inputCount == 1:
                return [Tokens([rows!], meanPool, normalizePooled, requestId)[0]];
            case 3 when rows!.Length == inputCount:
                return Tokens([.. rows.Cast<object[]>()], meanPool, normalizePooled, requestId);
            case 4 when rows!.Length == inputCount && rows.All(r => ((object[])r).Length == 1):
                return Tokens([.. rows.Select(r => (object[])((object[])r)[0])], meanPool, normalizePooled, requestId);
            default:
                throw Invalid(
                    string.Create(CultureInfo.InvariantCulture, $"asked for {inputCount} embedding(s) but got a {depth}-D array with {(rows?.Length ?? 1)} row(s) at the top"),
                    requestId);
        }
    }

    private static float[][] Tokens(object[][] perInput, bool meanPool, bool normalize, string? requestId)
    {
        if (!meanPool)
        {
            var first = perInput[0];
            var hidden = first.Length > 0 ? ((float[])first[0]).Length : 0;
            throw Invalid(
                string.Create(CultureInfo.InvariantCulture, $"the model returned one vector per token ({first.Length} tokens x {hidden} for the first text), not one per text: it is not a sentence-embedding model. Use a sentence-transformers model, or set MeanPoolTokenEmbeddings to true to mean-pool the tokens on the client"),
                requestId);
        }

        var result = new float[perInput.Length][];
        for (int i = 0; i < perInput.Length; i++)
        {
            var tokens = perInput[i];
            if (tokens.Length == 0)
            {
                throw Invalid(string.Create(CultureInfo.InvariantCulture, $"text {i} came back with no token vectors"), requestId);
            }

            var sum = new float[Checked((float[])tokens[0], requestId).Length];
            foreach (float[] token in tokens)
            {
                if (token.Length != sum.Length)
                {
                    throw Invalid(string.Create(CultureInfo.InvariantCulture, $"the token vectors of text {i} differ in length ({token.Length} and {sum.Length})"), requestId);
                }

                for (int d = 0; d < sum.Length; d++)
                {
                    sum[d] += token[d];
                }
            }

            double squares = 0;
            for (int d = 0; d < sum.Length; d++)
            {
                sum[d] /= tokens.Length;
                squares += (double)sum[d] * sum[d];
            }

            var scale = normalize && squares > 0 ? (float)(1 / Math.Sqrt(squares)) : 1f;
            for (int d = 0; scale != 1f && d < sum.Length; d++)
            {
                sum[d] *= scale;
            }

            result[i] = sum;
        }

        return result;
    }

    /// <summary>Reads the array the reader is on: a <c>float[]</c> leaf or an <c>object[]</c> of same-depth children.</summary>
    private static (object Node, int Depth) ReadArray(ref Utf8JsonReader reader, int level, string? requestId)
    {
        if (level > MaxDepth)
        {
            throw Invalid(string.Create(CultureInfo.InvariantCulture, $"the body nests arrays deeper than {MaxDepth} levels"), requestId);
        }

        if (!reader.Read())
        {
            throw new JsonException("The body ends inside an array.");
        }

        if (reader.TokenType == JsonTokenType.StartArray)
        {
            var children = new List<object>();
            int depth = 0;
            while (reader.TokenType == JsonTokenType.StartArray)
            {
                var (child, childDepth) = ReadArray(ref reader, level + 1, requestId);
                if (depth != 0 && childDepth != depth)
                {
                    throw Invalid("the body mixes arrays of different depths", requestId);
                }

                depth = childDepth;
                children.Add(child);
                if (!reader.Read())
                {
                    throw new JsonException("The body ends inside an array.");
                }
            }

            if (reader.TokenType != JsonTokenType.EndArray)
            {
                throw Invalid("the body mixes arrays and other values", requestId);
            }

            return (children.ToArray(), depth + 1);
        }

        // Straight into a right-sized float[] (a pooled scratch buffer, one copy).
        var values = EmbeddingVectorConverter.ReadNumbers(ref reader);
        if (reader.TokenType != JsonTokenType.EndArray)
        {
            throw Invalid($"the body holds a {reader.TokenType} where numbers were expected", requestId);
        }

        return (values, 1);
    }

    private static float[] Checked(float[] vector, string? requestId)
        => vector.Length > 0 ? vector : throw Invalid("an embedding came back empty", requestId);

    private static LlmRequestException Invalid(string message, string? requestId)
        => new(HuggingFaceSettings.ProviderName, LlmErrorKind.InvalidResponse, 200, null, message, requestId, isTransient: false);
}
