using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;

namespace Capture.Host.Tests.Dashboard;

/// <summary>H.264 cameras end to end through the service: the dashboard plays them through Media Source Extensions in headless Chromium (a file read by ffmpeg, and an RTSP camera played by our own client, whose MP4 description we write), and recordings are listed and served with range requests.</summary>
public sealed class CompressedVideoSpecs : IAsyncLifetime
{
    private readonly string _root = Directory.CreateTempSubdirectory("h264-service-").FullName;
    private RtspServer? _camera;
    private InProcessService? _service;
    private string _baseUrl = string.Empty;

    public async Task InitializeAsync()
    {
        if (Tools.Find("ffmpeg") is not { } ffmpeg)
        {
            return;
        }

        string clip = Path.Combine(_root, "clip.mp4");
        using (var encode = Process.Start(new ProcessStartInfo(ffmpeg, ["-v", "error", "-f", "lavfi", "-i", "testsrc2=size=640x360:rate=15", "-t", "4", "-c:v", "libx264", "-profile:v", "baseline", "-g", "15", "-pix_fmt", "yuv420p", clip]))!)
        {
            await encode.WaitForExitAsync();
        }

        string rtsp = string.Empty;
        if (Tools.IsInstalled("gst-rtsp-server"))
        {
            _camera = RtspServer.Start("640x360", 15);
            rtsp = $$"""capture.cameras.door { label = "Door", source = rtsp, url = "{{_camera.Url}}", frame-rate = 15 }""";
        }

        string config = Path.Combine(_root, "rig.conf");
        await File.WriteAllTextAsync(config, $$"""
            akka.loglevel = WARNING
            capture.hot-reload = off
            capture.recording.path = "{{_root}}/recordings"
            capture.cameras.gate { label = "Gate", source = ffmpeg, url = "{{clip}}", loop = on, frame-rate = 15, sinks = [ { video { segment = 2s } } ] }
            {{rtsp}}
            """);
        _service = await InProcessService.StartAsync(config);
        _baseUrl = _service.BaseUrl;
    }

    public async Task DisposeAsync()
    {
        if (_service is not null)
        {
            await _service.DisposeAsync();
        }

        _camera?.Dispose();
        Directory.Delete(_root, recursive: true);
    }

    [ToolFact("ffmpeg", "chromium", "gst-rtsp-server")]
    public async Task The_dashboard_should_play_H264_cameras_through_MSE_without_asking_for_MJPEG()
    {
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Chromium.LaunchAsync(playwright);
        var page = await browser.NewPageAsync();
        var requests = new List<string>();
        page.Request += (_, request) => { lock (requests) { requests.Add(new Uri(request.Url).AbsolutePath); } };

        await page.GotoAsync(_baseUrl);
        foreach (string camera in new[] { "gate", "door" })
        {
            double first = await WaitForPlaybackAsync(page, camera, 0.5);
            double later = await WaitForPlaybackAsync(page, camera, first + 1);

            Assert.True(later > first, $"{camera}: currentTime {first} -> {later}");
            lock (requests)
            {
                Assert.Contains($"/api/cameras/{camera}/live.mp4", requests);
                Assert.DoesNotContain($"/api/cameras/{camera}/live", requests);
            }
        }
    }

    [ToolFact("ffmpeg")]
    public async Task Recordings_should_be_listed_by_time_and_served_with_range_requests()
    {
        using var client = new HttpClient { BaseAddress = new Uri(_baseUrl) };
        JsonElement[] recordings = [];
        var clock = Stopwatch.StartNew();
        while (recordings.Length < 2 && clock.Elapsed < TimeSpan.FromSeconds(40))
        {
            await Task.Delay(250);
            recordings = await client.GetFromJsonAsync<JsonElement[]>("/api/cameras/gate/recordings") ?? [];
        }

        Assert.True(recordings.Length >= 2, $"{recordings.Length} recordings");
        var first = recordings[0];
        Assert.StartsWith("avc1.", first.GetProperty("codec").GetString(), StringComparison.Ordinal);
        Assert.Equal("video/mp4", first.GetProperty("mimeType").GetString());
        var start = first.GetProperty("start").GetDateTime();
        Assert.Single(await client.GetFromJsonAsync<JsonElement[]>($"/api/cameras/gate/recordings?from={start.AddMilliseconds(1):O}&to={start.AddMilliseconds(2):O}") ?? []);

        string name = first.GetProperty("name").GetString()!;
        using var range = new HttpRequestMessage(HttpMethod.Get, $"/api/cameras/gate/recordings/{name}");
        range.Headers.Range = new System.Net.Http.Headers.RangeHeaderValue(8, 15);
        using var partial = await client.SendAsync(range);
        Assert.Equal(HttpStatusCode.PartialContent, partial.StatusCode);
        Assert.Equal(8, (await partial.Content.ReadAsByteArrayAsync()).Length);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/cameras/gate/recordings/..%2F..%2Frig.conf")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/cameras/gate/recordings/nothing.mp4")).StatusCode);
    }

    /// <summary>Waits until the video of <paramref name="camera"/>'s card has played past <paramref name="past"/> seconds.</summary>
    private static async Task<double> WaitForPlaybackAsync(IPage page, string camera, double past)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            double time = await page.EvaluateAsync<double>("id => document.querySelector(`.card[data-camera='${id}'] video`)?.currentTime ?? -1", camera);
            if (time > past)
            {
                return time;
            }

            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"{camera}: the video stayed at {time} s");
            await Task.Delay(100);
        }
    }
}
