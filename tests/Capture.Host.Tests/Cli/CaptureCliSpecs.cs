using Capture.Host.Cli;
using SkiaSharp;

namespace Capture.Host.Tests.Cli;

/// <summary>The CLI against a running service.</summary>
public sealed class CaptureCliSpecs(ServiceFixture service) : IClassFixture<ServiceFixture>
{
    [Fact]
    public async Task Cameras_should_list_the_rig()
    {
        var output = new StringWriter();

        int code = await CaptureCli.RunAsync(["cameras", "--url", service.BaseUrl], output, new StringWriter());

        Assert.Equal(0, code);
        Assert.Contains("front-door", output.ToString(), StringComparison.Ordinal);
        Assert.Contains("Healthy", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Photo_should_write_a_burst_with_progress()
    {
        string file = Path.Combine(Path.GetTempPath(), $"cli-{Guid.NewGuid():N}.jpg");
        var progress = new StringWriter();

        int code = await CaptureCli.RunAsync(["photo", "back-yard", "-o", file, "--count", "3", "--width", "320", "--height", "240", "--url", service.BaseUrl], new StringWriter(), progress);

        Assert.Equal(0, code);
        Assert.Contains("3/3", progress.ToString(), StringComparison.Ordinal);
        using var bitmap = SKBitmap.Decode(Path.ChangeExtension(file, null) + "-3.jpg");
        Assert.Equal(320, bitmap.Width);
    }

    [Fact]
    public async Task Photo_of_an_unknown_camera_should_fail_with_the_W3C_error()
    {
        var errors = new StringWriter();

        int code = await CaptureCli.RunAsync(["photo", "nowhere", "-o", "x.jpg", "--url", service.BaseUrl], new StringWriter(), errors);

        Assert.Equal(1, code);
        Assert.StartsWith("NotFoundError", errors.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new[] { "--help" }, 0, "cameras")]
    [InlineData(new[] { "--version" }, 0, ".")]
    [InlineData(new[] { "cameras", "--url", "nowhere" }, 1, "--url must be an http:// or https:// address, got 'nowhere'.")]
    [InlineData(new[] { "photo", "--help" }, 0, "--output")]
    [InlineData(new[] { "camras" }, 1, "Unknown command 'camras'")]
    [InlineData(new[] { "photo", "front-door", "-o", "x.jpg", "--width", "abc" }, 1, "--width must be a whole number of at least 1, got 'abc'.")]
    [InlineData(new[] { "photo", "front-door", "-o", "x.jpg", "--count", "0" }, 1, "--count must be a whole number of at least 1, got '0'.")]
    [InlineData(new[] { "photo", "front-door" }, 1, "--output")]
    public async Task The_command_line_should_help_refuse_typos_and_never_start_a_second_service(string[] args, int exitCode, string says)
    {
        var output = new StringWriter();
        var errors = new StringWriter();

        int code = await CaptureCli.RunAsync(args, output, errors).WaitAsync(TimeSpan.FromSeconds(10)); // a started service would not return

        Assert.Equal(exitCode, code);
        Assert.Contains(says, output.ToString() + errors.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("System.", errors.ToString(), StringComparison.Ordinal);
    }
}
