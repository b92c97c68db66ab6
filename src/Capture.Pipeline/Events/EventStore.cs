using Capture.Pipeline.Stages.Motion;
using Microsoft.Data.Sqlite;

namespace Capture.Pipeline.Events;

/// <summary>Motion events and their snapshots in one SQLite file: one row per event, updated at each phase.</summary>
/// <remarks>
/// SQLite is embedded (nothing to install) and survives a crash: WAL journal, one short transaction per phase. Each
/// call opens a pooled connection, so the events actor writes while API requests read. An event a crash left without
/// an end is ended at its last stored update when the store opens, never shown as running forever.
/// </remarks>
public sealed class EventStore
{
    private readonly string _connection;

    /// <summary>Opens (creating if needed) the store at <paramref name="path"/>.</summary>
    public EventStore(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        _connection = new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadWriteCreate, Pooling = true }.ToString();
        Execute(
            """
            PRAGMA journal_mode = WAL;
            CREATE TABLE IF NOT EXISTS events (
              id TEXT PRIMARY KEY, camera TEXT NOT NULL, zone TEXT NOT NULL,
              started INTEGER NOT NULL, ended INTEGER, updated INTEGER NOT NULL, score REAL NOT NULL, snapshot BLOB);
            CREATE INDEX IF NOT EXISTS events_started ON events (started);
            CREATE INDEX IF NOT EXISTS events_camera_started ON events (camera, started);
            UPDATE events SET ended = updated WHERE ended IS NULL;
            """);
    }

    /// <summary>Records one phase of an event: a start adds it with its snapshot, an update raises its score, an end closes it.</summary>
    public void Save(MotionEvent motion)
    {
        ArgumentNullException.ThrowIfNull(motion);
        Execute(
            """
            INSERT INTO events (id, camera, zone, started, ended, updated, score, snapshot)
            VALUES ($id, $camera, $zone, $started, $ended, $updated, $score, $snapshot)
            ON CONFLICT (id) DO UPDATE SET ended = coalesce(excluded.ended, ended), updated = excluded.updated,
              score = max(score, excluded.score), snapshot = coalesce(snapshot, excluded.snapshot)
            """,
            ("$id", motion.Id.ToString()),
            ("$camera", motion.Camera.Value),
            ("$zone", motion.Zone),
            ("$started", Milliseconds(motion.StartedUtc)),
            ("$ended", motion.EndedUtc is { } ended ? Milliseconds(ended) : DBNull.Value),
            ("$updated", Milliseconds(motion.EndedUtc ?? DateTime.UtcNow)),
            ("$score", motion.Score),
            ("$snapshot", motion.Snapshot.IsEmpty ? DBNull.Value : motion.Snapshot.ToArray()));
    }

    /// <summary>Events that overlap [<paramref name="from"/>, <paramref name="to"/>] (either open), newest first, at most <paramref name="limit"/>.</summary>
    public IReadOnlyList<StoredEvent> Query(CameraId? camera, DateTime? from, DateTime? to, int limit)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText =
            """
            SELECT id, camera, zone, started, ended, score, snapshot IS NOT NULL FROM events
            WHERE ($camera IS NULL OR camera = $camera) AND ($to IS NULL OR started <= $to) AND ($from IS NULL OR ended IS NULL OR ended >= $from)
            ORDER BY started DESC LIMIT $limit
            """;
        command.Parameters.AddWithValue("$camera", camera is { } c ? c.Value : DBNull.Value);
        command.Parameters.AddWithValue("$from", from is { } f ? Milliseconds(f) : DBNull.Value);
        command.Parameters.AddWithValue("$to", to is { } t ? Milliseconds(t) : DBNull.Value);
        command.Parameters.AddWithValue("$limit", limit);
        using var reader = command.ExecuteReader();
        var events = new List<StoredEvent>();
        while (reader.Read())
        {
            events.Add(new StoredEvent(
                Guid.Parse(reader.GetString(0)),
                new CameraId(reader.GetString(1)),
                reader.GetString(2),
                Time(reader.GetInt64(3)),
                reader.IsDBNull(4) ? null : Time(reader.GetInt64(4)),
                reader.GetDouble(5),
                reader.GetBoolean(6)));
        }

        return events;
    }

    /// <summary>The JPEG that started event <paramref name="id"/>, or null.</summary>
    public byte[]? Snapshot(Guid id)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT snapshot FROM events WHERE id = $id";
        command.Parameters.AddWithValue("$id", id.ToString());
        return command.ExecuteScalar() as byte[];
    }

    /// <summary>Deletes events that ended before <paramref name="before"/>; returns how many.</summary>
    public int Purge(DateTime before) => Execute("DELETE FROM events WHERE ended IS NOT NULL AND ended < $before", ("$before", Milliseconds(before)));

    private static long Milliseconds(DateTime utc) => new DateTimeOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc)).ToUnixTimeMilliseconds();

    private static DateTime Time(long milliseconds) => DateTimeOffset.FromUnixTimeMilliseconds(milliseconds).UtcDateTime;

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection(_connection);
        connection.Open();
        return connection;
    }

    private int Execute(string sql, params (string Name, object Value)[] parameters)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return command.ExecuteNonQuery();
    }
}

/// <summary>A motion event as stored: its latest phase folded in.</summary>
/// <param name="Id">The event's id.</param>
/// <param name="Camera">The camera.</param>
/// <param name="Zone">The zone.</param>
/// <param name="StartedUtc">When the motion began.</param>
/// <param name="EndedUtc">When it ended; null while it lasts.</param>
/// <param name="Score">The peak share of the zone that changed.</param>
/// <param name="HasSnapshot">Whether a snapshot is stored.</param>
public sealed record StoredEvent(Guid Id, CameraId Camera, string Zone, DateTime StartedUtc, DateTime? EndedUtc, double Score, bool HasSnapshot);
