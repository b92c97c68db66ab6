using System.Diagnostics;
using Npgsql;

namespace Capture.Pipeline.Tests.Infrastructure;

/// <summary>
/// Debian's PostgreSQL server as a cluster of its own: a fresh data folder, a free loopback port, trust authentication,
/// for the length of a spec. Run as the <c>postgres</c> user when the spec runs as root (initdb refuses root).
/// </summary>
internal sealed class Postgres : IAsyncDisposable
{
    private readonly string _folder;
    private readonly Process _server;

    private Postgres(string folder, Process server, int port)
    {
        (_folder, _server) = (folder, server);
        ConnectionString = $"Host=127.0.0.1;Port={port};Username=capture;Database=postgres;Pooling=false";
    }

    public string ConnectionString { get; }

    public static async Task<Postgres> StartAsync()
    {
        string bin = Tools.PostgresBinaries() ?? throw new InvalidOperationException("postgresql is not installed (.ci/run installs it).");
        string folder = Directory.CreateTempSubdirectory("postgres-").FullName;
        string data = Path.Combine(folder, "data");
        bool root = Environment.UserName == "root";
        if (root)
        {
            Tools.Run("/usr/bin/chown", "postgres", folder);
        }

        var initdb = As(root, Path.Combine(bin, "initdb"));
        Tools.Run(initdb.File, [.. initdb.Arguments, "-D", data, "-U", "capture", "-A", "trust", "--no-sync"]);
        int port = Tools.FreePort();
        var (file, arguments) = As(root, Path.Combine(bin, "postgres"));
        var start = new ProcessStartInfo(file) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in arguments.Concat(["-D", data, "-p", $"{port}", "-k", folder, "-c", "listen_addresses=127.0.0.1", "-c", "fsync=off"]))
        {
            start.ArgumentList.Add(argument);
        }

        var server = Process.Start(start)!;
        var postgres = new Postgres(folder, server, port);
        await Eventually.UntilAsync(postgres.AcceptsAsync, accepts => accepts || server.HasExited, "postgres accepting connections", TimeSpan.FromSeconds(30), 100);
        if (server.HasExited)
        {
            Assert.Fail($"postgres exited: {await server.StandardError.ReadToEndAsync()}");
        }

        return postgres;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_server.HasExited)
        {
            _server.Kill(entireProcessTree: true);
            await _server.WaitForExitAsync();
        }

        _server.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    private static (string File, string[] Arguments) As(bool root, string program) => root ? ("/usr/sbin/runuser", ["-u", "postgres", "--", program]) : (program, []);

    private async Task<bool> AcceptsAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = new NpgsqlConnection(ConnectionString);
            await connection.OpenAsync(cancellationToken);
            return true;
        }
        catch (NpgsqlException)
        {
            return false;
        }
    }
}
