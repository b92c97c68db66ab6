using System.Diagnostics;
using Xunit.Abstractions;

namespace Capture.Host.Tests;

/// <summary>Malformed configurations the fault tests found: each refused before the service starts, naming the key and the file.</summary>
public sealed class StartupConfigSpecs(ITestOutputHelper output)
{
    [Theory]
    [InlineData("capture.cameras.cam-1.frame-rate = NaN", "capture.cameras.cam-1.frame-rate")]
    [InlineData("capture.supervision.random-factor = NaN", "capture.supervision.random-factor")]
    [InlineData("capture.health.stall-factor = NaN", "capture.health.stall-factor")]
    [InlineData("capture.cameras { \"cam\\n\" { width = 320 } }", "capture.cameras.\"cam\\n\"")]
    [InlineData("capture.cameras {\n  cam-1 { width = 320 }\n  cam-1 { height = 240 }\n}", "capture.cameras")]
    [InlineData("capture.cameras.cam-1.widht = 320", "capture.cameras.cam-1.widht")]
    [InlineData("capture.cameras.cam-1.sinks = [ tape ]", "capture.cameras.cam-1.sinks[0]")]
    [InlineData("capture.state.path = \"/dev/null/state.db\"", "capture.state.path")]
    public void A_malformed_config_should_stop_start_up_naming_the_key_and_the_file(string hocon, string key)
    {
        string file = Path.Combine(Directory.CreateTempSubdirectory("rig-").FullName, "rig.conf"); // its own folder: recordings and state beside it are its own
        File.WriteAllText(file, hocon);
        var errors = new StringWriter();

        var clock = Stopwatch.StartNew();
        var app = CaptureWebApp.Build(["--config", file, "--urls", $"http://127.0.0.1:{Tools.FreePort()}"], errors);
        output.WriteLine($"refused in {clock.Elapsed.TotalMilliseconds:0} ms: {errors}");

        Assert.Null(app);
        Assert.StartsWith($"Invalid configuration: {file}: {key}: ", errors.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void An_unreachable_PostgreSQL_journal_should_stop_start_up_without_repeating_its_password()
    {
        string file = Path.Combine(Directory.CreateTempSubdirectory("rig-").FullName, "rig.conf");
        File.WriteAllText(file, $"capture.state {{ journal = postgresql, connection-string = \"Host=127.0.0.1;Port={Tools.FreePort()};Username=capture;Password=pw-never-shown;Timeout=3\" }}");
        var errors = new StringWriter();

        var app = CaptureWebApp.Build(["--config", file, "--urls", $"http://127.0.0.1:{Tools.FreePort()}"], errors);

        Assert.Null(app);
        Assert.StartsWith($"Invalid configuration: {file}: capture.state.connection-string: cannot open the PostgreSQL journal: ", errors.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("pw-never-shown", errors.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void The_null_sink_should_start_as_written()
    {
        string file = Path.Combine(Directory.CreateTempSubdirectory("rig-").FullName, "rig.conf"); // its own folder: recordings and state beside it are its own
        File.WriteAllText(file, "capture.cameras.cam-1 { width = 320, height = 240, sinks = [ null ] }");

        var app = CaptureWebApp.Build(["--config", file, "--urls", $"http://127.0.0.1:{Tools.FreePort()}"], Console.Error);

        Assert.NotNull(app);
    }
}
