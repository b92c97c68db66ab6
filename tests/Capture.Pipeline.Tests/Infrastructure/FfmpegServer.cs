using System.Diagnostics;

namespace Capture.Pipeline.Tests.Infrastructure;

/// <summary>ffmpeg serving a test pattern as an HTTP MJPEG camera on 127.0.0.1 (<c>-f mpjpeg -listen 1</c>: one client per run).</summary>
internal sealed class FfmpegServer : IDisposable
{
    private Process? _process;

    private FfmpegServer(string ffmpeg, int port, string size, int rate, string[] extra)
    {
        (Ffmpeg, Port, Size, Rate, Extra) = (ffmpeg, port, size, rate, extra);
        Start();
    }

    public int Port { get; }

    public string Url => $"http://127.0.0.1:{Port}/cam";

    private string Ffmpeg { get; }

    private string Size { get; }

    private int Rate { get; }

    private string[] Extra { get; }

    /// <summary>Serves <paramref name="size"/> at <paramref name="rate"/> fps (the spec's <see cref="ToolFactAttribute"/> makes sure ffmpeg is there).</summary>
    public static FfmpegServer Start(string size = "640x360", int rate = 15, params string[] extra) =>
        new(Tools.Find("ffmpeg") ?? throw new InvalidOperationException("ffmpeg is not installed."), Tools.FreePort(), size, rate, extra);

    /// <summary>Starts the server again on the same port (after <see cref="Kill"/>, or after its one client left).</summary>
    public void Start()
    {
        var start = new ProcessStartInfo(Ffmpeg) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in new[] { "-hide_banner", "-loglevel", "error", "-nostdin", "-re", "-f", "lavfi", "-i", $"testsrc2=size={Size}:rate={Rate}" }
            .Concat(Extra).Concat(["-f", "mpjpeg", "-q:v", "5", "-listen", "1", Url]))
        {
            start.ArgumentList.Add(argument);
        }

        _process = Process.Start(start)!;
        _process.BeginErrorReadLine();
        _process.BeginOutputReadLine();
    }

    /// <summary>Freezes the server (SIGSTOP): its connection stays open and sends nothing, as a hung camera's does; <see cref="Kill"/> ends it.</summary>
    public void Pause()
    {
        using var kill = Process.Start("kill", ["-STOP", _process!.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
    }

    public void Kill()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }

        _process?.Dispose();
        _process = null;
    }

    public void Dispose() => Kill();
}
