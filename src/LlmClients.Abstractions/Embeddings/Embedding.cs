namespace LlmClients;

/// <summary>One embedding vector.</summary>
/// <param name="vector">The vector.</param>
public sealed class Embedding(ReadOnlyMemory<float> vector)
{
    /// <summary>Gets the vector.</summary>
    public ReadOnlyMemory<float> Vector { get; } = vector;

    /// <summary>Gets the number of dimensions.</summary>
    public int Dimensions => Vector.Length;

    /// <summary>Gets or sets the model that produced the vector.</summary>
    public string? ModelId { get; set; }

    /// <summary>Gets or sets the vendor object this was mapped from.</summary>
    public object? RawRepresentation { get; set; }
}
