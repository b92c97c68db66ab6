using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;

namespace Capture.Host.Tests;

/// <summary>The service as an operator runs it: its own process, the default rig, Ctrl-C (SIGINT) and SIGTERM.</summary>
public sealed class HostProcessSpecs
{
    [Theory]
    [InlineData(PosixSignal.SIGINT)]
    [InlineData(PosixSignal.SIGTERM)]
    public async Task Host_should_start_the_default_rig_and_stop_every_camera_within_5_seconds(PosixSignal signal)
    {
        await using var host = HostProcess.Start();

        await host.WaitForOutputAsync(log => CountOf(log, "-> Healthy") >= 3, TimeSpan.FromSeconds(30));
        var stopwatch = Stopwatch.StartNew();
        host.Signal(signal);
        int exitCode = await host.WaitForExitAsync(TimeSpan.FromSeconds(10));

        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(5), $"stopped in {stopwatch.Elapsed}");
        Assert.Equal(0, exitCode);
        Assert.Contains("Cameras stopped: [front-door, back-yard, lab-bench]", host.Output, StringComparison.Ordinal);
        Assert.Equal(3, CountOf(host.Output, "-> Stopped"));
    }

    [Theory]
    [InlineData(PosixSignal.SIGINT)]
    [InlineData(PosixSignal.SIGTERM)]
    public async Task Host_should_exit_within_3_seconds_with_cameras_live_opening_reconnecting_and_failed(PosixSignal signal)
    {
        string file = Path.Combine(Directory.CreateTempSubdirectory("rig-").FullName, "rig.conf"); // its own folder: recordings and state beside it are its own
        await File.WriteAllTextAsync(file, $$"""
            capture.cameras {
              live { width = 320, height = 240 }
              opening.faults.open-delay = 60s
              reconnecting { source = mjpeg, url = "http://127.0.0.1:{{Tools.FreePort()}}/none", read-timeout = 2s }
              failed.faults.fail-opens = 1000
            }
            capture.supervision { min-backoff = 100ms, max-backoff = 30s, random-factor = 0, failed-after = 2 }
            capture.hot-reload = off
            """);
        await using var host = HostProcess.Start("--config", file);
        await host.WaitForOutputAsync(log => log.Contains("live: Opening -> Healthy", StringComparison.Ordinal) && log.Contains("failed: Reconnecting -> Failed", StringComparison.Ordinal), TimeSpan.FromSeconds(30));

        var stopwatch = Stopwatch.StartNew();
        host.Signal(signal);
        int exitCode = await host.WaitForExitAsync(TimeSpan.FromSeconds(10));

        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(3), $"stopped in {stopwatch.Elapsed}");
        Assert.Equal(0, exitCode);
        Assert.Equal(4, CountOf(host.Output, "-> Stopped"));
        Assert.DoesNotContain("stop-cameras] failed", host.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_API_key_should_never_reach_the_log_and_requests_should_not_flood_it()
    {
        const string Key = "a-key-that-must-not-be-logged-0123";
        int port = Tools.FreePort();
        await using var host = HostProcess.Start("--urls", $"http://0.0.0.0:{port}", "--Capture:ApiKey", Key);
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        await Eventually.UntilAsync(async ct => { try { return (await client.GetAsync("/healthz", ct)).IsSuccessStatusCode; } catch (HttpRequestException) { return false; } }, up => up, "the service answering", TimeSpan.FromSeconds(30), 100);

        for (int i = 0; i < 20; i++)
        {
            Assert.Equal(System.Net.HttpStatusCode.Unauthorized, (await client.GetAsync($"/api/cameras?key={Key}")).StatusCode); // refused, and not logged either
            client.DefaultRequestHeaders.Remove("X-Api-Key");
            client.DefaultRequestHeaders.Add("X-Api-Key", Key);
            Assert.True((await client.GetAsync("/api/cameras/front-door/settings")).IsSuccessStatusCode);
            client.DefaultRequestHeaders.Remove("X-Api-Key");
        }

        Assert.DoesNotContain(Key, host.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("Request starting", host.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task What_the_API_applied_should_survive_a_SIGKILL_and_be_in_effect_after_the_next_start()
    {
        string config = Path.Combine(Directory.CreateTempSubdirectory("state-").FullName, "rig.conf");
        await File.WriteAllTextAsync(config, """
            capture.hot-reload = off
            capture.cameras {
              zoomed { width = 320, height = 240, frame-rate = 10 }
              stopped { width = 320, height = 240, frame-rate = 10 }
            }
            """);
        int port = Tools.FreePort();
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        async Task ReadyAsync() => await Eventually.UntilAsync(async ct => { try { return (await client.GetAsync("/readyz", ct)).IsSuccessStatusCode; } catch (HttpRequestException) { return false; } }, up => up, "the service ready", TimeSpan.FromSeconds(30), 100);

        await using (var host = HostProcess.Start("--config", config, "--urls", $"http://127.0.0.1:{port}"))
        {
            await ReadyAsync();
            Assert.True((await client.PostAsync("/api/cameras/zoomed/constraints", new StringContent("""{"zoom":3}""", Encoding.UTF8, "application/json"))).IsSuccessStatusCode);
            Assert.True((await client.PostAsync("/api/cameras/stopped/stop", null)).IsSuccessStatusCode);
            host.KillHard(); // at once after the replies: a reply means the change is in the journal
        }

        await using (var host = HostProcess.Start("--config", config, "--urls", $"http://127.0.0.1:{port}"))
        {
            await ReadyAsync();
            using var settings = JsonDocument.Parse(await client.GetStringAsync("/api/cameras/zoomed/settings"));
            using var cameras = JsonDocument.Parse(await client.GetStringAsync("/api/cameras"));
            var health = cameras.RootElement.EnumerateArray().ToDictionary(c => c.GetProperty("cameraId").GetString()!, c => c.GetProperty("health").GetString());

            Assert.Equal(3, settings.RootElement.GetProperty("zoom").GetDouble());
            Assert.Equal("Stopped", health["stopped"]);
            Assert.NotEqual("Stopped", health["zoomed"]);
        }
    }

    [Fact]
    public async Task Host_should_refuse_to_start_on_an_invalid_config_naming_the_key_and_file()
    {
        string file = Path.Combine(Directory.CreateTempSubdirectory("rig-").FullName, "rig.conf"); // its own folder: recordings and state beside it are its own
        await File.WriteAllTextAsync(file, "capture.cameras.cam-1.width = wide");
        await using var host = HostProcess.Start("--config", file);

        int exitCode = await host.WaitForExitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(2, exitCode);
        Assert.Contains($"{file}: capture.cameras.cam-1.width: must be a number", host.Output, StringComparison.Ordinal);
    }

    [ToolTheory("ffmpeg", "gst-rtsp-server")]
    [InlineData("ffmpeg")] // a file replayed through ffmpeg
    [InlineData("rtsp")] // an RTSP camera played by our client
    public async Task A_SIGKILL_mid_segment_should_leave_every_finished_segment_playable_and_the_next_start_should_recover_the_cut_one(string source)
    {
        string root = Directory.CreateTempSubdirectory("sigkill-").FullName;
        string clip = Path.Combine(root, "clip.mp4");
        Tools.Run(Tools.Find("ffmpeg")!, "-v", "error", "-f", "lavfi", "-i", "testsrc2=size=320x240:rate=15", "-t", "4", "-c:v", "libx264", "-g", "15", "-pix_fmt", "yuv420p", clip);
        using var camera = source == "rtsp" ? RtspServer.Start("320x240", 15) : null;
        string config = Path.Combine(root, "rig.conf");
        await File.WriteAllTextAsync(config, $$"""
            capture.recording.path = "{{root}}/recordings"
            capture.cameras.replay { source = {{source}}, url = "{{camera?.Url ?? clip}}", loop = {{(camera is null ? "on" : "off")}}, frame-rate = 15, sinks = [ { video { segment = 2s } } ] }
            """);
        string videos = Path.Combine(root, "recordings", "replay", "video");
        string[] Files(string pattern) => Directory.Exists(videos) ? Directory.GetFiles(videos, pattern, SearchOption.AllDirectories) : [];

        string cut;
        await using (var host = HostProcess.Start("--config", config, "--urls", "http://127.0.0.1:0"))
        {
            // Killed once a segment is finished and the next one holds a fragment or more.
            await host.WaitForOutputAsync(_ => Files("*.mp4").Length >= 1 && Files("*.mp4.part").Any(f => new FileInfo(f).Length > 2048), TimeSpan.FromSeconds(60));
            cut = Files("*.mp4.part").Single();
            host.KillHard();
        }

        Assert.True(File.Exists(cut));
        string[] finishedBefore = Files("*.mp4");
        await using (var host = HostProcess.Start("--config", config, "--urls", "http://127.0.0.1:0"))
        {
            await host.WaitForOutputAsync(_ => !File.Exists(cut) && File.Exists(cut[..^".part".Length]), TimeSpan.FromSeconds(60));
            host.Signal(PosixSignal.SIGTERM);
            Assert.Equal(0, await host.WaitForExitAsync(TimeSpan.FromSeconds(10)));
        }

        Assert.Empty(Files("*.part"));
        Assert.All(finishedBefore, file => Assert.True(File.Exists(file), $"{file} was lost"));
        foreach (var segment in Files("*.mp4"))
        {
            Tools.Run(Tools.Find("ffmpeg")!, "-v", "error", "-xerror", "-i", segment, "-f", "null", "-");
        }

        Directory.Delete(root, recursive: true);
    }

    private static int CountOf(string text, string value)
    {
        int count = 0;
        for (int at = text.IndexOf(value, StringComparison.Ordinal); at >= 0; at = text.IndexOf(value, at + 1, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}
