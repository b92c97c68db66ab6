using System.IO.Compression;
using System.Xml.Linq;

namespace Capture.Host.Tests;

/// <summary>The library packages as `dotnet pack` makes them: real metadata, not the SDK's placeholders.</summary>
public sealed class PackageSpecs
{
    [Theory]
    [InlineData("Capture.Core")]
    [InlineData("Capture.Drivers")]
    [InlineData("Capture.Pipeline")]
    public void A_library_package_should_carry_its_id_version_description_licence_and_readme(string project)
    {
        string output = Directory.CreateTempSubdirectory("pack-").FullName;
        try
        {
            Tools.RunIn(Tools.RepositoryRoot(), "dotnet", "pack", $"src/{project}", "--no-build", "-c", "Debug", "-o", output, "--nologo");
            using var package = ZipFile.OpenRead(Directory.GetFiles(output, $"{project}.*.nupkg").Single());
            using var nuspec = package.GetEntry($"{project}.nuspec")!.Open();
            var metadata = XDocument.Load(nuspec).Root!.Elements().Single(e => e.Name.LocalName == "metadata");
            string Value(string name) => metadata.Elements().Single(e => e.Name.LocalName == name).Value;

            Assert.Equal(project, Value("id"));
            Assert.Equal("0.9.0", Value("version"));
            Assert.DoesNotContain("Package Description", Value("description"), StringComparison.Ordinal);
            Assert.Equal("Apache-2.0", Value("license"));
            Assert.Equal("README.md", Value("readme"));
            Assert.NotNull(package.GetEntry("README.md"));
            Assert.Equal("git", metadata.Elements().Single(e => e.Name.LocalName == "repository").Attribute("type")?.Value);
        }
        finally
        {
            Directory.Delete(output, recursive: true);
        }
    }
}
