using System.Net;
using System.Text;

namespace Capture.Host.Tests.Api;

/// <summary>The OTLP exporter switched on by config pushes the rig's metrics to a collector.</summary>
public sealed class OtlpExportSpecs
{
    [Fact]
    public async Task Metrics_should_be_pushed_to_the_configured_OTLP_collector()
    {
        string collector = $"http://127.0.0.1:{Tools.FreePort()}/";
        using var listener = new HttpListener { Prefixes = { collector } };
        listener.Start();
        string config = Path.Combine(Directory.CreateTempSubdirectory("otlp-").FullName, "rig.conf"); // its own folder: recordings and state beside it are its own
        await File.WriteAllTextAsync(config, $$"""
            capture.hot-reload = off
            capture.metrics.otlp { endpoint = "{{collector}}v1/metrics", protocol = http, interval = 1s }
            capture.cameras.cam { width = 160, height = 120, sinks = [ null ] }
            """);
        await using var service = await InProcessService.StartAsync(config);

        var (path, contentType, body) = await ReceiveFramesInAsync(listener).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal("/v1/metrics", path);
        Assert.Equal("application/x-protobuf", contentType);
        Assert.Contains("capture-pipeline", body, StringComparison.Ordinal); // service.name of the resource
    }

    /// <summary>Answers every export and returns the first that carries the frame counters (protobuf keeps strings as UTF-8).</summary>
    private static async Task<(string? Path, string? ContentType, string Body)> ReceiveFramesInAsync(HttpListener listener)
    {
        while (true)
        {
            var context = await listener.GetContextAsync();
            using var reader = new StreamReader(context.Request.InputStream, Encoding.Latin1);
            string body = await reader.ReadToEndAsync();
            context.Response.StatusCode = 200;
            context.Response.Close();
            if (body.Contains("capture.frames.in", StringComparison.Ordinal))
            {
                return (context.Request.Url?.AbsolutePath, context.Request.ContentType, body);
            }
        }
    }
}
