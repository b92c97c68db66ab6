namespace Capture.Pipeline.Configuration;

/// <summary>Where each camera's desired state (what the API applied: constraints, photo settings, started or stopped) is kept (<c>capture.state</c>).</summary>
/// <param name="Journal">Which journal keeps it.</param>
/// <param name="Path">The SQLite file, for <see cref="StateJournal.Sqlite"/>.</param>
/// <param name="Timeout">
/// The longest a camera waits for the journal: to read its state when it starts, to write a change before it answers.
/// Then it goes on with the state in memory (from the configuration, at start) and logs it: a failing journal never
/// holds up a camera.
/// </param>
public sealed record StateSettings(StateJournal Journal, string Path, TimeSpan Timeout)
{
    internal static StateSettings Read(ConfigReader reader, string recordingPath)
    {
        const string Root = "capture.state";
        var journal = reader.Text($"{Root}.journal") switch
        {
            "sqlite" => StateJournal.Sqlite,
            "memory" => StateJournal.Memory,
            var other => throw reader.Error($"{Root}.journal", $"must be sqlite or memory, got '{other}'"),
        };
        return new StateSettings(journal, System.IO.Path.GetFullPath(reader.Text($"{Root}.path") ?? "state.db", recordingPath), reader.Duration($"{Root}.timeout"));
    }
}

/// <summary>The journals a desired state can be kept in.</summary>
public enum StateJournal
{
    /// <summary>A SQLite file: the state survives restarts, with nothing to install.</summary>
    Sqlite,

    /// <summary>The process's memory: the state survives a camera actor's restart, not the service's.</summary>
    Memory,
}
