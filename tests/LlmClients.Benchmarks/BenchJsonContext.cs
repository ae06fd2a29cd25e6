using System.Text.Json.Serialization;

namespace LlmClients.Benchmarks;

/// <summary>JSON for the canned bodies (string escaping).</summary>
[JsonSerializable(typeof(string))]
internal sealed partial class BenchJsonContext : JsonSerializerContext;
