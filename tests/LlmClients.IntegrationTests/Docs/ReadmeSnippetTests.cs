using System.Numerics.Tensors;
using System.Reflection;
using System.Text.RegularExpressions;
using LlmClients.Testing;
using Microsoft.Agents.AI;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace LlmClients.IntegrationTests.Docs;

/// <summary>Every <c>```csharp</c> block of the README compiles as pasted, as a console program of its own.</summary>
public sealed partial class ReadmeSnippetTests
{
    private static readonly Lazy<string> Readme = new(() => File.ReadAllText(Path.Combine(RepositoryRoot(), "README.md")));

    public static TheoryData<int> SnippetIndexes => [.. Enumerable.Range(0, Snippets().Count)];

    [Fact]
    public void Readme_HasTheSnippetsItPromises()
    {
        // Use it, tools/agents, images, offline testing: if extraction breaks, this fails rather than testing nothing.
        Assert.True(Snippets().Count >= 4, $"found {Snippets().Count} csharp blocks");
    }

    [Theory]
    [MemberData(nameof(SnippetIndexes))]
    public void Snippet_CompilesAsPasted(int index)
    {
        var code = Snippets()[index];
        var compilation = CSharpCompilation.Create(
            $"ReadmeSnippet{index}",
            [
                CSharpSyntaxTree.ParseText(code, new CSharpParseOptions(LanguageVersion.Latest)),
                CSharpSyntaxTree.ParseText(ImplicitUsings, new CSharpParseOptions(LanguageVersion.Latest)),
            ],
            References.Value,
            new CSharpCompilationOptions(OutputKind.ConsoleApplication, nullableContextOptions: NullableContextOptions.Enable));

        var errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).Select(d => d.ToString()).ToList();

        Assert.True(errors.Count == 0, $"README csharp block {index} does not compile:\n{string.Join('\n', errors)}\n---\n{code}");
    }

    public static TheoryData<string> XmlDocExamples => [.. DocExamples().Keys];

    [Fact]
    public void XmlDocs_HaveTheExamplesTheyPromise()
    {
        // The emulator's class example at least: if extraction breaks, this fails rather than testing nothing.
        Assert.Contains("T:LlmClients.Testing.LlmEmulator", DocExamples().Keys);
    }

    [Theory]
    [MemberData(nameof(XmlDocExamples))]
    public void XmlDocExample_Compiles(string member)
    {
        // An <example><code> block compiles as a program body with the namespaces of the packages imported.
        var code = "using LlmClients; using LlmClients.OpenAI; using LlmClients.Testing; using Microsoft.Extensions.AI;\n" + DocExamples()[member];
        var compilation = CSharpCompilation.Create(
            "XmlDocExample",
            [CSharpSyntaxTree.ParseText(code, new CSharpParseOptions(LanguageVersion.Latest)), CSharpSyntaxTree.ParseText(ImplicitUsings)],
            References.Value,
            new CSharpCompilationOptions(OutputKind.ConsoleApplication, nullableContextOptions: NullableContextOptions.Enable));

        var errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).Select(d => d.ToString()).ToList();

        Assert.True(errors.Count == 0, $"the XML doc example of {member} does not compile:\n{string.Join('\n', errors)}\n---\n{code}");
    }

    [Fact]
    public void ABrokenSnippet_IsReportedAsAnError()
    {
        // The check itself can fail: a snippet using a type that no longer exists does not compile.
        var compilation = CSharpCompilation.Create(
            "Broken",
            [CSharpSyntaxTree.ParseText("using LlmClients; var x = EmbeddingMath.CosineSimilarity(default, default);"), CSharpSyntaxTree.ParseText(ImplicitUsings)],
            References.Value,
            new CSharpCompilationOptions(OutputKind.ConsoleApplication));

        Assert.Contains(compilation.GetDiagnostics(), d => d.Severity == DiagnosticSeverity.Error);
    }

    private const string ImplicitUsings = """
        global using System;
        global using System.Collections.Generic;
        global using System.IO;
        global using System.Linq;
        global using System.Net.Http;
        global using System.Threading;
        global using System.Threading.Tasks;
        """;

    private static readonly Lazy<List<MetadataReference>> References = new(() =>
    {
        // Load what the snippets use, then reference the runtime and every loaded assembly.
        Type[] used = [typeof(LlmEmulator), typeof(ChatClientAgent), typeof(TensorPrimitives), typeof(ConfigurationBuilder), typeof(JsonConfigurationExtensions), typeof(ServiceCollection), typeof(LlmRequestException), typeof(ChatClientBuilder), typeof(LlmProvidersServiceCollectionExtensions)];
        var paths = new HashSet<string>(((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator), StringComparer.Ordinal);
        foreach (var assembly in AppDomain.CurrentDomain.GetAssemblies().Where(a => !a.IsDynamic && !string.IsNullOrEmpty(a.Location)))
        {
            paths.Add(assembly.Location);
        }

        foreach (var type in used)
        {
            paths.Add(type.Assembly.Location);
        }

        var directory = Path.GetDirectoryName(typeof(ReadmeSnippetTests).Assembly.Location)!;
        foreach (var dll in Directory.EnumerateFiles(directory, "*.dll"))
        {
            paths.Add(dll);
        }

        return [.. paths.Where(File.Exists).GroupBy(Path.GetFileName).Select(g => MetadataReference.CreateFromFile(g.First()))];
    });

    /// <summary>The <c>&lt;example&gt;&lt;code&gt;</c> blocks of the packages' XML docs (copied next to the test assembly), by member id.</summary>
    private static Dictionary<string, string> DocExamples()
    {
        var directory = Path.GetDirectoryName(typeof(ReadmeSnippetTests).Assembly.Location)!;
        return Directory.EnumerateFiles(directory, "LlmClients*.xml")
            .SelectMany(file => System.Xml.Linq.XDocument.Load(file).Descendants("member"))
            .Select(member => (Name: (string?)member.Attribute("name"), Code: member.Element("example")?.Element("code")?.Value))
            .Where(e => e.Name is not null && e.Code is not null)
            .ToDictionary(e => e.Name!, e => e.Code!, StringComparer.Ordinal);
    }

    private static List<string> Snippets() => [.. CSharpBlock().Matches(Readme.Value).Select(m => m.Groups[1].Value)];

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "LlmClients.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("LlmClients.sln not found above " + AppContext.BaseDirectory);
    }

    [GeneratedRegex(@"```csharp\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex CSharpBlock();
}
