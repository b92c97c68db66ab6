namespace Capture.Host.Tests.Api;

/// <summary>What /metrics serves passes Prometheus' own linter, with every family the service exports present.</summary>
public sealed class PrometheusLintSpecs
{
    [ToolFact("promtool")]
    public async Task The_metrics_should_pass_promtool_check_metrics()
    {
        string config = Path.Combine(Directory.CreateTempSubdirectory("lint-").FullName, "rig.conf"); // its own folder: recordings and state beside it are its own
        await File.WriteAllTextAsync(config, """
            capture.hot-reload = off
            capture.cameras {
              up { width = 160, height = 120, sinks = [ null ] }
              down.faults.fail-opens = 1000
            }
            """);
        await using var service = await InProcessService.StartAsync(config);
        await service.Client.GetStringAsync("/api/cameras"); // so that the HTTP server metrics have a request

        string metrics = await Eventually.UntilAsync(
            ct => service.Client.GetStringAsync("/metrics", ct),
            text => text.Contains("capture_frame_latency_seconds_bucket", StringComparison.Ordinal) && text.Contains("capture_camera_restarts_total", StringComparison.Ordinal),
            "the frame latency and a camera restart in /metrics",
            TimeSpan.FromSeconds(20),
            200);
        string file = Path.Combine(Path.GetTempPath(), $"metrics-{Guid.NewGuid():N}.txt");
        await File.WriteAllTextAsync(file, metrics);

        // promtool reads the exposition on stdin; it exits non-zero and names each problem when the lint fails.
        string output = Tools.Run("/bin/sh", "-c", "\"$0\" check metrics < \"$1\" 2>&1", Tools.Find("promtool")!, file);

        Assert.Equal(string.Empty, output.Trim());
        Assert.Contains("dotnet_thread_pool_threads", metrics, StringComparison.Ordinal);
        Assert.Contains("http_server_request_duration_seconds_bucket", metrics, StringComparison.Ordinal);
    }
}
