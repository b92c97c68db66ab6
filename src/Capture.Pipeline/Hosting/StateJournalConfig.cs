using System.Text.Json;
using Akka.Configuration;
using Capture.Pipeline.Configuration;
using Microsoft.Data.Sqlite;

namespace Capture.Pipeline.Hosting;

/// <summary>The Akka.Persistence settings for <c>capture.state</c>: Akka.Persistence.Sql on a SQLite file, or the in-memory journal.</summary>
public static class StateJournalConfig
{
    /// <summary>
    /// Creates the SQLite file (and its folder) and puts it in WAL mode, which the file keeps: cameras' writes do not
    /// wait on readers. Throws (SqliteException, IOException, UnauthorizedAccessException) when the file cannot be used,
    /// so that start-up fails naming it rather than every camera's first write.
    /// </summary>
    /// <param name="state">The settings; nothing is done for the in-memory journal.</param>
    public static void Prepare(StateSettings state)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (state.Journal != StateJournal.Sqlite)
        {
            return;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(state.Path)!);
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = state.Path, Pooling = false }.ToString());
        connection.Open();
        using var wal = connection.CreateCommand();
        wal.CommandText = "PRAGMA journal_mode = WAL;";
        wal.ExecuteNonQuery();
    }

    internal static Config For(StateSettings state)
    {
        if (state.Journal == StateJournal.Memory)
        {
            return ConfigurationFactory.ParseString("akka.persistence.journal.plugin = \"akka.persistence.journal.inmem\"");
        }

        // HOCON strings are JSON strings: the path is quoted whatever it holds.
        string connection = JsonSerializer.Serialize(new SqliteConnectionStringBuilder { DataSource = state.Path }.ToString());
        return ConfigurationFactory.ParseString($$"""
            akka.persistence.journal {
              plugin = "akka.persistence.journal.sql"
              sql {
                connection-string = {{connection}}
                provider-name = "SQLite.MS"
                auto-initialize = on
              }
            }
            """).WithFallback(Akka.Persistence.Sql.SqlPersistence.DefaultConfiguration); // the plugin's own defaults (its class, table names)
    }
}
