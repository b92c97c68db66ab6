using System.Diagnostics;
using System.Net.Sockets;

namespace Capture.Pipeline.Tests.Infrastructure;

/// <summary>Debian's mosquitto broker on a free loopback port, anonymous, for the length of a spec; it can be stopped and started again on the same port.</summary>
internal sealed class Mosquitto : IDisposable
{
    private readonly string _config = Path.Combine(Path.GetTempPath(), $"mosquitto-{Guid.NewGuid():N}.conf");
    private Process? _process;

    public Mosquitto()
    {
        Port = Tools.FreePort();
        File.WriteAllText(_config, $"listener {Port} 127.0.0.1\nallow_anonymous true\npersistence false\n");
        Start();
    }

    public int Port { get; }

    /// <summary>Starts the broker and returns once it accepts connections.</summary>
    public void Start()
    {
        string path = Tools.Find("mosquitto") ?? throw new InvalidOperationException("mosquitto is not installed (.ci/run installs it).");
        _process = Process.Start(new ProcessStartInfo(path, ["-c", _config]) { RedirectStandardError = true, RedirectStandardOutput = true })!;
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                using var probe = new TcpClient();
                probe.Connect("127.0.0.1", Port);
                return;
            }
            catch (SocketException) when (deadline.Elapsed < TimeSpan.FromSeconds(10) && !_process.HasExited)
            {
                Thread.Sleep(20);
            }
        }
    }

    /// <summary>Kills the broker (SIGKILL: no goodbye to its clients).</summary>
    public void Kill()
    {
        _process?.Kill();
        _process?.WaitForExit();
        _process?.Dispose();
        _process = null;
    }

    public void Dispose()
    {
        Kill();
        File.Delete(_config);
    }
}
