namespace LlmClients;

/// <summary>Says whether texts are search queries or documents to index (DashScope <c>text_type</c>). Unknown values are preserved.</summary>
public readonly record struct EmbeddingInputType
{
    /// <summary>Gets the type for short search queries.</summary>
    public static EmbeddingInputType Query { get; } = new("query");

    /// <summary>Gets the type for documents to be indexed.</summary>
    public static EmbeddingInputType Document { get; } = new("document");

    /// <summary>Initializes an input type with the given value.</summary>
    /// <param name="value">The value.</param>
    /// <exception cref="ArgumentException"><paramref name="value"/> is null or white space.</exception>
    public EmbeddingInputType(string value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(value);
        Value = value;
    }

    /// <summary>Gets the value sent to the vendor (<c>"query"</c> or <c>"document"</c>, or the string given); <c>default</c> reads as <c>"document"</c>.</summary>
    public string Value => field ?? "document";

    /// <inheritdoc />
    public bool Equals(EmbeddingInputType other) => string.Equals(Value, other.Value, StringComparison.OrdinalIgnoreCase);

    /// <inheritdoc />
    public override int GetHashCode() => StringComparer.OrdinalIgnoreCase.GetHashCode(Value);

    /// <inheritdoc />
    public override string ToString() => Value;
}
