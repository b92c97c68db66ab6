using System.Diagnostics;

namespace Capture.Pipeline.Tests.Infrastructure;

/// <summary>An RTSP H.264 test camera on 127.0.0.1 (gst-rtsp-server), since ffmpeg cannot serve RTSP to a client.</summary>
internal sealed class RtspServer : IDisposable
{
    private readonly Process _process;

    private RtspServer(Process process, int port)
    {
        _process = process;
        Url = $"rtsp://127.0.0.1:{port}/test";
    }

    public string Url { get; }

    /// <summary>Starts the server with Debian's Python, which has python3-gi (the spec's <see cref="ToolFactAttribute"/> makes sure it is there).</summary>
    public static RtspServer Start(string size = "320x240", int rate = 15)
    {
        int port = Tools.FreePort();
        var start = new ProcessStartInfo("/usr/bin/python3", [Path.Combine(AppContext.BaseDirectory, "Infrastructure", "rtsp-server.py"), port.ToString(System.Globalization.CultureInfo.InvariantCulture), size, rate.ToString(System.Globalization.CultureInfo.InvariantCulture)])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        var process = Process.Start(start)!;
        process.BeginErrorReadLine();
        string? ready = process.StandardOutput.ReadLine();
        Assert.True(ready == "ready", "gst-rtsp-server did not start (packages: gir1.2-gst-rtsp-server-1.0, python3-gi, gstreamer1.0-plugins-ugly).");
        return new RtspServer(process, port);
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }

        _process.Dispose();
    }
}
