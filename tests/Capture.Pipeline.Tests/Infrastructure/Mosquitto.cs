using System.Diagnostics;
using System.Net.Sockets;

namespace Capture.Pipeline.Tests.Infrastructure;

/// <summary>Debian's mosquitto broker on a free loopback port, anonymous, for the length of a spec; it can be stopped and started again on the same port.</summary>
internal sealed class Mosquitto : IDisposable
{
    private readonly string _config = Path.Combine(Path.GetTempPath(), $"mosquitto-{Guid.NewGuid():N}.conf");
    private Process? _process;

    private Mosquitto()
    {
        Port = Tools.FreePort();
        File.WriteAllText(_config, $"listener {Port} 127.0.0.1\nallow_anonymous true\npersistence false\n");
    }

    public int Port { get; }

    /// <summary>A broker on a free port, accepting connections.</summary>
    public static async Task<Mosquitto> StartAsync()
    {
        var broker = new Mosquitto();
        await broker.RestartAsync();
        return broker;
    }

    /// <summary>Starts the broker (again, on the same port) and returns once it accepts connections.</summary>
    public async Task RestartAsync()
    {
        string path = Tools.Find("mosquitto") ?? throw new InvalidOperationException("mosquitto is not installed (.ci/run installs it).");
        _process = Process.Start(new ProcessStartInfo(path, ["-c", _config]) { RedirectStandardError = true, RedirectStandardOutput = true })!;
        await Eventually.UntilAsync(Accepts, accepts => accepts || _process.HasExited, "mosquitto accepting connections");
        if (_process.HasExited)
        {
            Assert.Fail($"mosquitto exited: {await _process.StandardError.ReadToEndAsync()}");
        }
    }

    private async Task<bool> Accepts(CancellationToken cancellationToken)
    {
        using var probe = new TcpClient();
        try
        {
            await probe.ConnectAsync("127.0.0.1", Port, cancellationToken);
            return true;
        }
        catch (SocketException)
        {
            return false;
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
