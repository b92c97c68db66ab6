using System.Diagnostics;

namespace Capture.TestSupport;

/// <summary>
/// A GigE Vision camera speaking the real protocol on 127.0.0.1 (Debian <c>aravis-tools</c>: <c>arv-fake-gv-camera-0.8</c>).
/// One at a time in a test process: the protocol's control port is fixed and the fake camera serves only on an
/// interface's own address; specs that use it share the <see cref="Collection"/>.
/// </summary>
public sealed class FakeGigECamera : IDisposable
{
    /// <summary>The xunit collection of the specs that use a fake camera: they run one after another.</summary>
    public const string Collection = "GigE camera on 127.0.0.1";

    private static readonly SemaphoreSlim s_one = new(1, 1);
    private readonly string _serial;
    private readonly int _lossPerThousand;
    private Process _process;

    private FakeGigECamera(string serial, int lossPerThousand)
    {
        (_serial, _lossPerThousand) = (serial, lossPerThousand);
        if (!s_one.Wait(TimeSpan.FromMinutes(2)))
        {
            throw new TimeoutException("another fake GigE camera is still running in this test process");
        }

        _process = Launch();
    }

    /// <summary>The address it serves on: the device name to open it by.</summary>
    public const string Address = "127.0.0.1";

    /// <summary>Its GenICam id (<c>Aravis-Fake-{serial}</c>).</summary>
    public string Id => $"Aravis-Fake-{_serial}";

    /// <summary>Starts a camera with <paramref name="serial"/>, losing <paramref name="lossPerThousand"/> of its stream packets.</summary>
    public static FakeGigECamera Start(string serial = "GV01", int lossPerThousand = 0) => new(serial, lossPerThousand);

    /// <summary>Stops it (a camera that died or was unplugged).</summary>
    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }
    }

    /// <summary>Serves again on the same address after <see cref="Kill"/>.</summary>
    public void Restart()
    {
        Kill();
        _process.Dispose();
        _process = Launch();
    }

    /// <inheritdoc />
    public void Dispose()
    {
        Kill();
        _process.Dispose();
        s_one.Release();
    }

    private Process Launch()
    {
        var start = new ProcessStartInfo(Tools.Find("arv-fake-gv-camera-0.8") ?? "arv-fake-gv-camera-0.8") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string argument in (string[])["-i", Address, "-s", _serial, .. _lossPerThousand > 0 ? ["-r", $"{_lossPerThousand}"] : (string[])[]])
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("arv-fake-gv-camera-0.8 did not start");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }
}
