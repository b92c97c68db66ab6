using Capture.Pipeline.Events;
using Capture.Pipeline.Stages.Motion;

namespace Capture.Pipeline.Tests.Events;

/// <summary>The SQLite store: one row per event through its phases, queries by camera and time, retention, and a crash's open events.</summary>
public sealed class EventStoreSpecs : IDisposable
{
    private static readonly DateTime s_noon = new(2026, 12, 6, 12, 0, 0, DateTimeKind.Utc);
    private readonly string _folder = Directory.CreateTempSubdirectory("event-store-").FullName;

    private string StorePath => Path.Combine(_folder, "events.db");

    [Fact]
    public void An_events_phases_should_fold_into_one_row_with_its_peak_score_end_and_snapshot()
    {
        var store = new EventStore(StorePath);
        var start = Event("front", s_noon, MotionEventPhase.Start, 0.02, snapshot: [0xFF, 0xD8, 1, 2]);

        store.Save(start);
        store.Save(start with { Phase = MotionEventPhase.Update, Score = 0.09, Snapshot = ReadOnlyMemory<byte>.Empty });
        store.Save(start with { Phase = MotionEventPhase.End, Score = 0.05, EndedUtc = s_noon.AddSeconds(8), Snapshot = ReadOnlyMemory<byte>.Empty });

        var stored = Assert.Single(store.Query(null, null, null, 10));
        Assert.Equal(new StoredEvent(start.Id, new CameraId("front"), "all", s_noon, s_noon.AddSeconds(8), 0.09, HasSnapshot: true), stored);
        Assert.Equal(new byte[] { 0xFF, 0xD8, 1, 2 }, store.Snapshot(start.Id));
    }

    [Fact]
    public void A_query_should_return_the_events_of_its_camera_that_overlap_its_window_newest_first()
    {
        var store = new EventStore(StorePath);
        var early = Ended("front", s_noon, seconds: 10);
        var late = Ended("front", s_noon.AddMinutes(5), seconds: 10);
        var other = Ended("back", s_noon.AddMinutes(1), seconds: 10);
        var running = Event("front", s_noon.AddMinutes(9), MotionEventPhase.Start, 0.1);
        foreach (var motion in new[] { early, late, other, running })
        {
            store.Save(motion);
        }

        Assert.Equal([running.Id, late.Id, early.Id], store.Query(new CameraId("front"), null, null, 10).Select(e => e.Id));
        Assert.Equal([late.Id, other.Id], store.Query(null, s_noon.AddSeconds(30), s_noon.AddMinutes(6), 10).Select(e => e.Id));
        Assert.Equal([early.Id], store.Query(null, s_noon.AddSeconds(5), s_noon.AddSeconds(5), 10).Select(e => e.Id));
        Assert.Equal([running.Id], store.Query(null, s_noon.AddHours(1), null, 10).Select(e => e.Id));
        Assert.Equal([running.Id, late.Id], store.Query(null, null, null, 2).Select(e => e.Id));
    }

    [Fact]
    public void A_purge_should_delete_only_events_that_ended_before_the_cut()
    {
        var store = new EventStore(StorePath);
        var old = Ended("front", s_noon, seconds: 10);
        var recent = Ended("front", s_noon.AddDays(2), seconds: 10);
        store.Save(old);
        store.Save(recent);

        Assert.Equal(1, store.Purge(s_noon.AddDays(1)));

        Assert.Equal([recent.Id], store.Query(null, null, null, 10).Select(e => e.Id));
        Assert.Null(store.Snapshot(old.Id));
    }

    [Fact]
    public void An_event_a_crash_left_open_should_be_ended_at_its_last_update_when_the_store_reopens()
    {
        var first = new EventStore(StorePath);
        var open = Event("front", s_noon, MotionEventPhase.Start, 0.1);
        first.Save(open);
        first.Save(open with { Phase = MotionEventPhase.Update });

        var reopened = new EventStore(StorePath);

        var stored = Assert.Single(reopened.Query(null, null, null, 10));
        Assert.NotNull(stored.EndedUtc);
        Assert.True(stored.EndedUtc >= s_noon);
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    private static MotionEvent Event(string camera, DateTime started, MotionEventPhase phase, double score, byte[]? snapshot = null) =>
        new(Guid.CreateVersion7(new DateTimeOffset(started)), new CameraId(camera), "all", phase, started, null, score, snapshot ?? ReadOnlyMemory<byte>.Empty);

    private static MotionEvent Ended(string camera, DateTime started, int seconds) =>
        Event(camera, started, MotionEventPhase.End, 0.1) with { EndedUtc = started.AddSeconds(seconds) };
}
