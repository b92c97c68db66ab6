using System.Diagnostics;

namespace Capture.TestSupport;

/// <summary>External tools the specs use: present, or a failure on CI (CI=true) and absent elsewhere.</summary>
public static class Tools
{
    /// <summary>The tool's path; null outside CI when it is not installed; a failure on CI when it is not.</summary>
    public static string? Find(string tool)
    {
        string? path = Directories().Select(directory => Path.Combine(directory, tool)).FirstOrDefault(File.Exists);
        if (path is null && Environment.GetEnvironmentVariable("CI") == "true")
        {
            Assert.Fail($"{tool} is required on CI; .ci/run installs it.");
        }

        return path;
    }

    /// <summary>
    /// Whether a tool is installed: an executable on PATH, "gst-rtsp-server" for the RTSP test camera, "postgresql" for
    /// Debian's server, "loopback-addresses" for adding 127.0.0.2… to <c>lo</c> (iproute2, as root).
    /// </summary>
    public static bool IsInstalled(string tool) => tool switch
    {
        "loopback-addresses" => Environment.UserName == "root" && IsInstalled("ip"),
        "gst-rtsp-server" => File.Exists("/usr/lib/x86_64-linux-gnu/girepository-1.0/GstRtspServer-1.0.typelib") && File.Exists("/usr/bin/python3"),
        "postgresql" => PostgresBinaries() is not null,
        _ => Directories().Any(directory => File.Exists(Path.Combine(directory, tool))),
    };

    /// <summary>Debian's PostgreSQL programs (initdb, postgres), newest version first; they are not on PATH.</summary>
    public static string? PostgresBinaries() => Directory.Exists("/usr/lib/postgresql")
        ? Directory.GetDirectories("/usr/lib/postgresql").Select(v => Path.Combine(v, "bin")).Where(b => File.Exists(Path.Combine(b, "initdb"))).OrderDescending().FirstOrDefault()
        : null;

    /// <summary>PATH, then /usr/sbin, where daemons such as mosquitto live (not on every user's PATH).</summary>
    private static IEnumerable<string> Directories() => (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':').Append("/usr/sbin");

    /// <summary>The repository's root (where Capture.Pipeline.sln is), found above the test's output folder.</summary>
    public static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Capture.Pipeline.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("Capture.Pipeline.sln not found above the test output.");
    }

    /// <summary>A TCP port free on 127.0.0.1 right now, for a test server.</summary>
    public static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Runs a tool and returns its standard output; fails the spec with its standard error when it fails.</summary>
    public static string Run(string path, params string[] arguments) => RunIn(Directory.GetCurrentDirectory(), path, arguments);

    /// <summary>Runs a tool in <paramref name="folder"/> and returns its standard output.</summary>
    public static string RunIn(string folder, string path, params string[] arguments)
    {
        var start = new ProcessStartInfo(path) { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        string output = process.StandardOutput.ReadToEnd();
        string error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"{Path.GetFileName(path)} {string.Join(' ', arguments)} failed: {error}");
        return output;
    }
}
