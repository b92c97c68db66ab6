using System.Text.RegularExpressions;
namespace Capture.Pipeline.Tests.Architecture;

/// <summary>Inside Capture.Pipeline the namespaces import one way: a layer uses only the layers below it.</summary>
/// <remarks>
/// Bottom up: the root (<c>CameraId</c>), Internal and Diagnostics; Stages, the data plane; Configuration, typed
/// settings; Sinks, which write what Configuration describes; Events, which keep and deliver what the stages detect; Cameras, the control plane that builds pipelines and
/// owns devices; Hosting and Testing, for embedding users. Read from the source, so a use inside a method body counts.
/// </remarks>
public sealed partial class NamespaceDirectionSpecs
{
    private static readonly string[][] s_layers =
    [
        ["", "Internal", "Diagnostics"],
        ["Stages"],
        ["Configuration"],
        ["Sinks"],
        ["Events"],
        ["Cameras"],
        ["Hosting", "Testing"],
    ];

    [Fact]
    public void Each_namespace_should_import_only_the_layers_below_it()
    {
        string source = Path.Combine(Tools.RepositoryRoot(), "src", "Capture.Pipeline");
        var files = Directory.GetFiles(source, "*.cs", SearchOption.AllDirectories).Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)).ToArray();

        var offenders = (
            from file in files
            let text = File.ReadAllText(file)
            let own = Namespace().Match(text).Groups[1].Value
            from used in Uses().Matches(text).Select(m => m.Groups[1].Value).Distinct()
            where Layer(used) > Layer(own)
            select $"{Path.GetRelativePath(source, file)} ({Name(own)}) uses {Name(used)}").ToArray();

        Assert.True(files.Length > 50, $"only {files.Length} files found under {source}");
        Assert.Empty(offenders);
    }

    private static int Layer(string ns) => Array.FindIndex(s_layers, layer => layer.Contains(ns)) is var index and >= 0
        ? index
        : throw new InvalidOperationException($"namespace Capture.Pipeline.{ns} has no layer; add it to the table");

    private static string Name(string ns) => ns.Length == 0 ? "Capture.Pipeline" : ns;

    [GeneratedRegex(@"^namespace Capture\.Pipeline\.?(\w*)", RegexOptions.Multiline)]
    private static partial Regex Namespace();

    [GeneratedRegex(@"\bCapture\.Pipeline\.(Cameras|Configuration|Stages|Sinks|Events|Diagnostics|Internal|Hosting|Testing)\b")]
    private static partial Regex Uses();
}
