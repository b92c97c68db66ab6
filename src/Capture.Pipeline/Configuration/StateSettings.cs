namespace Capture.Pipeline.Configuration;

/// <summary>Where each camera's desired state (what the API applied: constraints, photo settings, started or stopped) is kept (<c>capture.state</c>).</summary>
/// <param name="Journal">Which journal keeps it.</param>
/// <param name="Path">The SQLite file, for <see cref="StateJournal.Sqlite"/>.</param>
/// <param name="Timeout">
/// The longest a camera waits for the journal: to read its state when it starts, to write a change before it answers.
/// Then it goes on with the state in memory (from the configuration, at start) and logs it: a failing journal never
/// holds up a camera.
/// </param>
/// <param name="ConnectionString">The PostgreSQL connection string, for <see cref="StateJournal.PostgreSql"/>; it may hold a password.</param>
public sealed record StateSettings(StateJournal Journal, string Path, TimeSpan Timeout, string? ConnectionString = null)
{
    /// <summary>The settings without the connection string, which may hold a password, and settings get logged.</summary>
    public override string ToString() =>
        $"StateSettings {{ Journal = {Journal}, Path = {Path}, Timeout = {Timeout}, ConnectionString = {(ConnectionString is null ? "none" : "(set)")} }}";

    internal static StateSettings Read(ConfigReader reader, string recordingPath)
    {
        const string Root = "capture.state";
        var journal = reader.Text($"{Root}.journal") switch
        {
            "sqlite" => StateJournal.Sqlite,
            "memory" => StateJournal.Memory,
            "postgresql" => StateJournal.PostgreSql,
            var other => throw reader.Error($"{Root}.journal", $"must be sqlite, memory or postgresql, got '{other}'"),
        };
        return new StateSettings(
            journal,
            System.IO.Path.GetFullPath(reader.Text($"{Root}.path") ?? "state.db", recordingPath),
            reader.Duration($"{Root}.timeout"),
            journal == StateJournal.PostgreSql ? ConnectionStringOf(reader, Root) : null);
    }

    /// <summary>From the environment variable <c>connection-string-env</c> names (so a password stays out of the file), or <c>connection-string</c>.</summary>
    private static string ConnectionStringOf(ConfigReader reader, string root)
    {
        if (reader.Text($"{root}.connection-string") is { Length: > 0 } written)
        {
            return written;
        }

        string variable = reader.Text($"{root}.connection-string-env") ?? string.Empty;
        return variable.Length == 0
            ? throw reader.Error($"{root}.connection-string-env", "journal = postgresql needs a connection string: name the environment variable that holds it (or set connection-string)")
            : Environment.GetEnvironmentVariable(variable) is { Length: > 0 } value
                ? value
                : throw reader.Error($"{root}.connection-string-env", $"the environment variable '{variable}' is not set");
    }
}

/// <summary>The journals a desired state can be kept in.</summary>
public enum StateJournal
{
    /// <summary>A SQLite file: the state survives restarts, with nothing to install.</summary>
    Sqlite,

    /// <summary>The process's memory: the state survives a camera actor's restart, not the service's.</summary>
    Memory,

    /// <summary>A PostgreSQL database: one journal several services (or, later, cluster nodes) can share.</summary>
    PostgreSql,
}
