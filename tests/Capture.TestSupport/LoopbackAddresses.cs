using System.Diagnostics;
using System.Net;
using System.Net.NetworkInformation;

namespace Capture.TestSupport;

/// <summary>Extra addresses on the loopback interface (127.0.0.2…), for test servers that must each own an interface address.</summary>
/// <remarks>
/// Added with iproute2 (<c>ip addr add 127.0.0.N/8 dev lo</c>), which needs root, as CI has; they stay until the
/// machine restarts and harm nothing (127.0.0.0/8 is loopback whether listed or not).
/// </remarks>
public static class LoopbackAddresses
{
    private static readonly Lock s_gate = new();

    /// <summary>Adds each address that <c>lo</c> does not have yet (specs that need it are <c>[ToolFact("loopback-addresses")]</c>).</summary>
    public static void Ensure(IEnumerable<string> addresses)
    {
        lock (s_gate)
        {
            var present = Present();
            foreach (string address in addresses.Where(a => !present.Contains(a)))
            {
                var (exit, error) = Run(Tools.Find("ip") ?? "ip", "addr", "add", $"{address}/8", "dev", "lo");
                Assert.True(exit == 0, $"could not add {address} to lo (it needs root, as CI has): {error}");
            }
        }
    }

    private static HashSet<string> Present() => NetworkInterface.GetAllNetworkInterfaces()
        .Where(i => i.NetworkInterfaceType == NetworkInterfaceType.Loopback)
        .SelectMany(i => i.GetIPProperties().UnicastAddresses)
        .Select(a => a.Address)
        .Where(a => a.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork && IPAddress.IsLoopback(a))
        .Select(a => a.ToString())
        .ToHashSet(StringComparer.Ordinal);

    private static (int Exit, string Error) Run(string program, params string[] arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(program, arguments) { RedirectStandardError = true, RedirectStandardOutput = true })!;
        string error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, error.Trim());
    }
}
