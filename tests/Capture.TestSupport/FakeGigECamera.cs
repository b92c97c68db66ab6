using System.Diagnostics;

namespace Capture.TestSupport;

/// <summary>
/// A GigE Vision camera speaking the real protocol on a loopback address (Debian <c>aravis-tools</c>: <c>arv-fake-gv-camera-0.8</c>).
/// The protocol's control port is fixed and the fake camera serves only on an interface's own address, so each camera
/// has its own address (127.0.0.1, or 127.0.0.2… added to <c>lo</c> by <see cref="LoopbackAddresses"/>) and is opened
/// by it; one camera per address at a time on the machine (a <see cref="MachineLock"/>: the test projects run side by side). Specs
/// that use them share the <see cref="Collection"/>.
/// </summary>
public sealed class FakeGigECamera : IDisposable
{
    /// <summary>The xunit collection of the specs that use fake cameras: they run one after another.</summary>
    public const string Collection = "GigE camera on 127.0.0.x";

    /// <summary>The address of the first camera, which needs no extra loopback address.</summary>
    public const string FirstAddress = "127.0.0.1";

    private static readonly TimeSpan s_wait = TimeSpan.FromMinutes(3);
    private readonly MachineLock _address;
    private readonly string _serial;
    private readonly int _lossPerThousand;
    private Process _process;

    private FakeGigECamera(string serial, int lossPerThousand, string address)
    {
        (_serial, _lossPerThousand, Address) = (serial, lossPerThousand, address);
        _address = MachineLock.Acquire($"capture-fake-gige-{address}", s_wait); // another camera on this address: its spec takes seconds
        _process = Launch();
    }

    /// <summary>The address it serves on: the device name to open it by.</summary>
    public string Address { get; }

    /// <summary>Its GenICam id (<c>Aravis-Fake-{serial}</c>).</summary>
    public string Id => $"Aravis-Fake-{_serial}";

    /// <summary>Starts a camera with <paramref name="serial"/> on <paramref name="address"/>, losing <paramref name="lossPerThousand"/> of its stream packets.</summary>
    public static FakeGigECamera Start(string serial = "GV01", int lossPerThousand = 0, string address = FirstAddress) => new(serial, lossPerThousand, address);

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
        _address.Dispose();
    }

    private Process Launch()
    {
        KillStrays();
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

    /// <summary>
    /// A camera left serving on this address by a test process that was killed (an orphan: its parent is gone) would
    /// answer in place of the new one.
    /// </summary>
    private void KillStrays()
    {
        foreach (var stray in Process.GetProcesses().Where(p => p.ProcessName.StartsWith("arv-fake-gv", StringComparison.Ordinal)))
        {
            using (stray)
            {
                string proc = $"/proc/{stray.Id}";
                bool orphan = File.Exists($"{proc}/status") && File.ReadAllLines($"{proc}/status").Contains("PPid:\t1");
                string[] arguments = orphan ? File.ReadAllText($"{proc}/cmdline").Split('\0') : [];
                if (arguments.SkipWhile(a => a != "-i").Skip(1).FirstOrDefault() == Address)
                {
                    stray.Kill();
                    stray.WaitForExit();
                }
            }
        }
    }
}
