using System.Text.Json;
using Akka.Configuration;
using Capture.Pipeline.Configuration;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Capture.Pipeline.Hosting;

/// <summary>The Akka.Persistence settings for <c>capture.state</c>: Akka.Persistence.Sql on a SQLite file or PostgreSQL, or the in-memory journal.</summary>
public static class StateJournalConfig
{
    /// <summary>
    /// Creates the SQLite file (and its folder) and puts it in WAL mode, which the file keeps: cameras' writes do not
    /// wait on readers; or connects to PostgreSQL once. Throws (SqliteException, NpgsqlException, IOException,
    /// UnauthorizedAccessException) when the journal cannot be used, so that start-up fails naming it rather than
    /// every camera's first write.
    /// </summary>
    /// <param name="state">The settings; nothing is done for the in-memory journal.</param>
    public static void Prepare(StateSettings state)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (state.Journal == StateJournal.PostgreSql)
        {
            using var database = new NpgsqlConnection(state.ConnectionString);
            database.Open();
            return;
        }

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

    /// <summary>The Akka.Persistence settings for <paramref name="state"/>, for an actor system built without Akka.Hosting.</summary>
    /// <param name="state">The settings.</param>
    /// <returns>The journal's HOCON, with the plugin's own defaults as its fallback.</returns>
    public static Config For(StateSettings state) => (state ?? throw new ArgumentNullException(nameof(state))).Journal switch
    {
        StateJournal.Sqlite => Sql(new SqliteConnectionStringBuilder { DataSource = state.Path }.ToString(), LinqToDB.ProviderName.SQLiteMS),
        StateJournal.PostgreSql => Sql(state.ConnectionString!, LinqToDB.ProviderName.PostgreSQL15),
        _ => ConfigurationFactory.ParseString("akka.persistence.journal.plugin = \"akka.persistence.journal.inmem\""),
    };

    private static Config Sql(string connectionString, string provider) => ConfigurationFactory.ParseString($$"""
        akka.persistence.journal {
          plugin = "akka.persistence.journal.sql"
          sql {
            connection-string = {{JsonSerializer.Serialize(connectionString)}}
            provider-name = "{{provider}}"
            auto-initialize = on
          }
        }
        """).WithFallback(Akka.Persistence.Sql.SqlPersistence.DefaultConfiguration); // the plugin's own defaults (its class, table names)
}
