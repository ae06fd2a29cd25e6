namespace LlmClients.Tests.TestSupport;

/// <summary>Reads fixture files written from the wire-format reference (tests/LlmClients.Tests/Fixtures).</summary>
internal static class Fixture
{
    public static string Read(string relativePath) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", relativePath));
}
