using System.Text.Json.Serialization;

namespace LlmClients.Benchmarks;

/// <summary>Source-generated JSON for writing the raw embeddings request once, at startup.</summary>
[JsonSerializable(typeof(string[]))]
internal sealed partial class EmbeddingJsonContext : JsonSerializerContext;
