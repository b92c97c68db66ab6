using System.Net;
using System.Text.Json;

namespace Capture.Host.Tests.Api;

/// <summary>/readyz through the standard health checks: one entry per camera; one camera down is Degraded and still 200.</summary>
public sealed class ReadinessSpecs
{
    [Theory]
    [InlineData("up { width = 160, height = 120 }\ndown.faults.fail-opens = 1000", HttpStatusCode.OK, "Degraded")]
    [InlineData("a.faults.fail-opens = 1000\nb.faults.fail-opens = 1000", HttpStatusCode.ServiceUnavailable, "Unhealthy")]
    [InlineData("a { width = 160, height = 120 }\nb { width = 160, height = 120 }", HttpStatusCode.OK, "Healthy")]
    public async Task Readiness_should_name_each_camera_and_stay_200_while_some_work(string cameras, HttpStatusCode code, string status)
    {
        string config = Path.Combine(Directory.CreateTempSubdirectory("ready-").FullName, "rig.conf"); // its own folder: recordings and state beside it are its own
        await File.WriteAllTextAsync(config, $"capture.hot-reload = off\ncapture.supervision.min-backoff = 10s\ncapture.cameras {{\n{cameras}\n}}");
        await using var service = await InProcessService.StartAsync(config);

        var (_, text) = await Eventually.UntilAsync(
            async ct =>
            {
                using var response = await service.Client.GetAsync("/readyz", ct);
                return (response.StatusCode, await response.Content.ReadAsStringAsync(ct));
            },
            r => r.StatusCode == code && r.Item2.Contains($"\"status\":\"{status}\"", StringComparison.Ordinal),
            $"/readyz {code} {status}",
            TimeSpan.FromSeconds(20),
            100);
        using var body = JsonDocument.Parse(text);

        Assert.Equal(status, body.RootElement.GetProperty("status").GetString());
        Assert.Equal(2, body.RootElement.GetProperty("checks").GetProperty("cameras").GetProperty("data").EnumerateObject().Count());
        Assert.Equal("ok", await service.Client.GetStringAsync("/healthz"));
    }
}
