using System.Diagnostics;
using System.Globalization;

namespace Capture.Benchmarks;

/// <summary>gst-rtsp-server on 127.0.0.1 (the specs' rtsp-server.py): one shared H.264/H.265 mount for every client.</summary>
internal sealed class RtspTestServer : IDisposable
{
    private readonly Process _process;
    private readonly Queue<string> _errors = new(); // its last lines on stderr, to say why it died

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
        if (process.StandardOutput.ReadLine() != "ready")
        {
            throw new InvalidOperationException("gst-rtsp-server did not start (gir1.2-gst-rtsp-server-1.0, python3-gi, gstreamer1.0-plugins-ugly).");
        }

        var server = new RtspTestServer(process, port);
        process.ErrorDataReceived += (_, e) => server.Remember(e.Data);
        process.BeginErrorReadLine();
        return server;
    }

    /// <summary>Whether it still runs, and its last words if not.</summary>
    public string Describe()
    {
        lock (_errors)
        {
            return _process.HasExited ? $"gst-rtsp-server exited ({_process.ExitCode}): {string.Join(" | ", _errors)}" : "gst-rtsp-server running";
        }
    }

    private void Remember(string? line)
    {
        lock (_errors)
        {
            if (line is null)
            {
                return;
            }

            _errors.Enqueue(line);
            if (_errors.Count > 10)
            {
                _errors.Dequeue();
            }
        }
    }

    public void Dispose()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
        _process.Dispose();
    }
}
