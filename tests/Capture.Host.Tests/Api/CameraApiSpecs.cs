using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using SkiaSharp;

namespace Capture.Host.Tests.Api;

/// <summary>The REST API through the real Kestrel server: every endpoint, the W3C errors, limits.</summary>
public sealed class CameraApiSpecs(ServiceFixture service) : IClassFixture<ServiceFixture>
{
    private HttpClient Client => service.Client;

    [Fact]
    public async Task Cameras_should_be_listed_with_their_health()
    {
        var cameras = await Client.GetFromJsonAsync<JsonElement>("/api/cameras");

        Assert.Equal(["front-door", "back-yard"], cameras.EnumerateArray().Select(c => c.GetProperty("cameraId").GetString()));
        Assert.All(cameras.EnumerateArray(), c => Assert.Equal("Healthy", c.GetProperty("health").GetString()));
    }

    [Theory]
    [InlineData("/api/cameras/front-door", "health")]
    [InlineData("/api/cameras/front-door/capabilities", "zoom")]
    [InlineData("/api/cameras/front-door/settings", "zoom")]
    [InlineData("/api/cameras/front-door/photo-capabilities", "imageWidth")]
    [InlineData("/api/cameras/front-door/photo-settings", "imageWidth")]
    [InlineData("/openapi/v1.json", "paths")]
    public async Task Reads_should_answer_in_the_W3C_shape(string path, string member)
    {
        var body = await Client.GetFromJsonAsync<JsonElement>(path);

        Assert.True(body.TryGetProperty(member, out _), $"{path} lacks {member}: {body}");
    }

    [Fact]
    public async Task A_browser_shaped_payload_should_be_accepted_unchanged()
    {
        // What fetch() sends for body: JSON.stringify({advanced: [{zoom: 2}], focusMode: "manual"}) with no content type.
        using var content = new StringContent("""{"advanced":[{"zoom":2}],"focusMode":"manual"}""", Encoding.UTF8, "text/plain");

        var response = await Client.PostAsync("/api/cameras/back-yard/constraints", content);
        var settings = await response.Content.ReadFromJsonAsync<JsonElement>();
        var constraints = await Client.GetFromJsonAsync<JsonElement>("/api/cameras/back-yard/constraints");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal((2.0, "manual"), (settings.GetProperty("zoom").GetDouble(), settings.GetProperty("focusMode").GetString()));
        Assert.Equal("""{"focusMode":"manual","advanced":[{"zoom":2}]}""", constraints.GetRawText());
    }

    [Fact]
    public async Task An_OverconstrainedError_should_be_a_problem_naming_the_constraint()
    {
        var response = await Client.PostAsJsonAsync("/api/cameras/front-door/constraints", new { zoom = new { exact = 40 } });
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(("OverconstrainedError", "zoom"), (problem.GetProperty("name").GetString(), problem.GetProperty("constraint").GetString()));
    }

    [Theory]
    [InlineData("/api/cameras/front-door/constraints", """{"zoom":""", HttpStatusCode.BadRequest, "TypeError")]
    [InlineData("/api/cameras/front-door/constraints", """{"zoom":"two"}""", HttpStatusCode.BadRequest, "TypeError")]
    [InlineData("/api/cameras/front-door/photo", """{"fillLightMode":"strobe"}""", HttpStatusCode.BadRequest, "TypeError")]
    [InlineData("/api/cameras/front-door/photo", """{"imageWidth":99999}""", HttpStatusCode.BadRequest, "NotSupportedError")]
    [InlineData("/api/cameras/no-such-camera/constraints", "{}", HttpStatusCode.NotFound, "NotFoundError")]
    [InlineData("/api/cameras/..%2Fetc/constraints", "{}", HttpStatusCode.BadRequest, "TypeError")]
    public async Task Bad_requests_should_get_the_W3C_error(string path, string body, HttpStatusCode status, string name)
    {
        using var content = new StringContent(body, Encoding.UTF8, "application/json");

        var response = await Client.PostAsync(path, content);

        Assert.Equal(status, response.StatusCode);
        Assert.Equal(name, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("name").GetString());
    }

    [Fact]
    public async Task An_oversized_body_should_be_refused_with_413()
    {
        string huge = $$"""{"deviceId":"{{new string('x', 100_000)}}"}""";
        using var content = new StringContent(huge, Encoding.UTF8, "application/json");

        var response = await Client.PostAsync("/api/cameras/front-door/constraints", content);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task A_photo_should_come_back_as_a_jpeg_of_the_requested_size()
    {
        var response = await Client.PostAsJsonAsync("/api/cameras/front-door/photo", new { imageWidth = 800, imageHeight = 450 });
        var bytes = await response.Content.ReadAsByteArrayAsync();

        Assert.Equal("image/jpeg", response.Content.Headers.ContentType?.MediaType);
        using var bitmap = SKBitmap.Decode(bytes);
        Assert.Equal((800, 450), (bitmap.Width, bitmap.Height));
    }

    [Fact]
    public async Task A_grabbed_frame_should_come_back_as_png()
    {
        var bytes = await Client.GetByteArrayAsync("/api/cameras/back-yard/frame");

        using var bitmap = SKBitmap.Decode(bytes);
        Assert.Equal(0x89, bytes[0]);
        Assert.Equal(320, bitmap.Width);
    }

    [Fact]
    public async Task Live_view_should_stream_jpeg_parts_and_snapshot_the_latest()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/cameras/front-door/live");
        using var response = await Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        await using var stream = await response.Content.ReadAsStreamAsync();
        var buffer = new byte[256 * 1024];
        int read = 0;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (CountOf(Encoding.ASCII.GetString(buffer, 0, read), "--capture-frame") < 3)
        {
            read += await stream.ReadAsync(buffer.AsMemory(read), timeout.Token);
        }

        var snapshot = await Client.GetByteArrayAsync("/api/cameras/front-door/snapshot.jpg");

        Assert.StartsWith("multipart/x-mixed-replace", response.Content.Headers.ContentType?.ToString(), StringComparison.Ordinal);
        Assert.Contains("Content-Type: image/jpeg", Encoding.ASCII.GetString(buffer, 0, read), StringComparison.Ordinal);
        using var bitmap = SKBitmap.Decode(snapshot);
        Assert.Equal(640, bitmap.Width);
    }

    [Fact]
    public async Task Health_and_metrics_should_answer()
    {
        Assert.Equal("ok", await Client.GetStringAsync("/healthz"));
        Assert.Equal(HttpStatusCode.OK, (await Client.GetAsync("/readyz")).StatusCode);
        await Client.GetByteArrayAsync("/api/cameras/front-door/snapshot.jpg");
        string metrics = await Client.GetStringAsync("/metrics");

        Assert.Contains("# TYPE capture_frames_in_total counter", metrics, StringComparison.Ordinal);
        Assert.Contains("# TYPE capture_frame_latency_seconds histogram", metrics, StringComparison.Ordinal); // durations in seconds
        Assert.Contains("# TYPE capture_cameras gauge", metrics, StringComparison.Ordinal);
        Assert.Contains(Lines(metrics), line => line.StartsWith("capture_cameras{", StringComparison.Ordinal) && line.Contains("camera=\"front-door\",health=\"Healthy\"} 1", StringComparison.Ordinal));
        Assert.DoesNotContain("_milliseconds", metrics, StringComparison.Ordinal);
        foreach (string family in new[] { "dotnet_gc_collections_total", "dotnet_process_cpu_time_seconds_total", "kestrel_active_connections" })
        {
            Assert.Contains($"# TYPE {family} ", metrics, StringComparison.Ordinal); // runtime, process and ASP.NET Core instrumentation
        }

        // The frame counters are read from the stages at each scrape: they grow while the camera runs.
        long first = FramesIn(metrics);
        var clock = Stopwatch.StartNew();
        while (FramesIn(await Client.GetStringAsync("/metrics")) <= first)
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), "capture_frames_in_total did not grow");
            await Task.Delay(100);
        }
    }

    private static string[] Lines(string metrics) => metrics.Split('\n');

    private static long FramesIn(string metrics) => long.Parse(
        Lines(metrics).Single(line => line.StartsWith("capture_frames_in_total{", StringComparison.Ordinal) && line.Contains("camera=\"front-door\",stage=\"source\"}", StringComparison.Ordinal)).Split(' ')[^1],
        CultureInfo.InvariantCulture);

    [Fact]
    public async Task Stop_and_start_should_work_over_HTTP()
    {
        Assert.Equal(HttpStatusCode.OK, (await Client.PostAsync("/api/cameras/back-yard/stop", null)).StatusCode);
        var stopped = await Client.GetAsync("/api/cameras/back-yard/settings");
        Assert.Equal(HttpStatusCode.OK, (await Client.PostAsync("/api/cameras/back-yard/start", null)).StatusCode);

        Assert.Equal(HttpStatusCode.Conflict, stopped.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Client.GetAsync("/api/cameras/back-yard/settings")).StatusCode);
    }

    private static int CountOf(string text, string value) => (text.Length - text.Replace(value, string.Empty, StringComparison.Ordinal).Length) / value.Length;

    [Theory]
    [InlineData("/api/cameras/back-yard/photo", """{"fillLightMode":1}""", "$.fillLightMode")]
    [InlineData("/api/cameras/back-yard/constraints", """{"zoom":""", "$.zoom")]
    [InlineData("/api/cameras/back-yard/constraints", """{"width":{"min":"wide"}}""", "$.width")]
    public async Task A_malformed_body_should_get_a_TypeError_naming_where_without_dotnet_type_names(string path, string json, string where)
    {
        using var content = new StringContent(json, Encoding.UTF8, "application/json");

        var response = await Client.PostAsync(path, content);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("TypeError", problem.GetProperty("name").GetString());
        Assert.Contains(where, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain("System.", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain("Capture.", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }
}
