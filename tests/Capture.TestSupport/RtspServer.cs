using System.Diagnostics;

namespace Capture.TestSupport;

/// <summary>An RTSP H.264 or H.265 test camera on 127.0.0.1 (gst-rtsp-server), since ffmpeg cannot serve RTSP to a client.</summary>
public sealed class RtspServer : IDisposable
{
    private readonly int _port;
    private readonly string _size;
    private readonly int _rate;
    private readonly string _codec;
    private readonly string? _auth;
    private readonly bool _digest;
    private Process _process;

    private RtspServer(int port, string size, int rate, string codec, string? auth, bool digest)
    {
        (_port, _size, _rate, _codec, _auth, _digest) = (port, size, rate, codec, auth, digest);
        Url = $"rtsp://127.0.0.1:{port}/test";
        _process = Launch();
    }

    public string Url { get; }

    /// <summary>Starts the server with Debian's Python, which has python3-gi (the spec's <see cref="ToolFactAttribute"/> makes sure it is there).</summary>
    /// <param name="size">Frame size.</param>
    /// <param name="rate">Frames a second (one keyframe a second).</param>
    /// <param name="codec">h264 (x264enc), h265 (x265enc) or vp8 (vp8enc: a codec that is copied nowhere).</param>
    /// <param name="auth">"user:password" the server requires, or null for none.</param>
    /// <param name="digest">Ask for Digest authentication instead of Basic.</param>
    public static RtspServer Start(string size = "320x240", int rate = 15, string codec = "h264", string? auth = null, bool digest = false) => new(Tools.FreePort(), size, rate, codec, auth, digest);

    /// <summary>Stops serving (an outage); <see cref="Restart"/> serves again on the same URL.</summary>
    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }
    }

    /// <summary>Freezes the server (SIGSTOP): its connections stay open and send nothing, as a hung camera's do, until <see cref="Resume"/>.</summary>
    public void Pause() => Signal("STOP");

    /// <summary>Lets a paused server go on (SIGCONT).</summary>
    public void Resume() => Signal("CONT");

    /// <summary>Serves again on the same port after <see cref="Kill"/>.</summary>
    public void Restart()
    {
        Kill();
        _process.Dispose();
        _process = Launch();
    }

    public void Dispose()
    {
        Kill();
        _process.Dispose();
    }

    private void Signal(string signal)
    {
        using var kill = Process.Start("kill", [$"-{signal}", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
    }

    private Process Launch()
    {
        var invariant = System.Globalization.CultureInfo.InvariantCulture;
        var start = new ProcessStartInfo("/usr/bin/python3", [Path.Combine(AppContext.BaseDirectory, "rtsp-server.py"), _port.ToString(invariant), _size, _rate.ToString(invariant), _codec])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        if (_auth is not null)
        {
            start.Environment["RTSP_AUTH"] = _auth;
            start.Environment["RTSP_AUTH_METHOD"] = _digest ? "digest" : "basic";
        }

        var process = Process.Start(start)!;
        process.BeginErrorReadLine();
        string? ready = process.StandardOutput.ReadLine();
        Assert.True(ready == "ready", "gst-rtsp-server did not start (packages: gir1.2-gst-rtsp-server-1.0, python3-gi, gstreamer1.0-plugins-ugly, gstreamer1.0-plugins-bad for H.265).");
        return process;
    }
}
