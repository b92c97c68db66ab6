using System.Net;
using System.Net.Sockets;

namespace Capture.Benchmarks;

/// <summary>Ports for the servers benchmarks start on 127.0.0.1.</summary>
internal static class Loopback
{
    /// <summary>A TCP port free on 127.0.0.1 right now.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
