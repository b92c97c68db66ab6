using System.Diagnostics;
using System.Globalization;

namespace Capture.Benchmarks;

/// <summary>gst-rtsp-server on 127.0.0.1 (the specs' rtsp-server.py): one shared H.264/H.265 mount for every client.</summary>
internal sealed class RtspTestServer : IDisposable
{
    private readonly Process _process;

    private RtspTestServer(Process process, int port)
    {
        _process = process;
        Url = $"rtsp://127.0.0.1:{port}/test";
    }

    public string Url { get; }

    public static RtspTestServer Start(string size, int rate, string codec = "h264")
    {
        int port = Loopback.FreePort();
        var start = new ProcessStartInfo("/usr/bin/python3", [Path.Combine(AppContext.BaseDirectory, "rtsp-server.py"), port.ToString(CultureInfo.InvariantCulture), size, rate.ToString(CultureInfo.InvariantCulture), codec])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        var process = Process.Start(start)!;
        process.BeginErrorReadLine();
        if (process.StandardOutput.ReadLine() != "ready")
        {
            throw new InvalidOperationException("gst-rtsp-server did not start (gir1.2-gst-rtsp-server-1.0, python3-gi, gstreamer1.0-plugins-ugly).");
        }

        return new RtspTestServer(process, port);
    }

    public void Dispose()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
        _process.Dispose();
    }
}
