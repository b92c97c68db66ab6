using System.Buffers;
using System.Globalization;
using System.Text.Json;
using Capture.Pipeline.Stages.Motion;

namespace Capture.Pipeline.Events;

/// <summary>The one JSON shape of an event, for webhooks, MQTT and the live stream alike.</summary>
/// <remarks>
/// <c>{"id","camera","zone","phase":"start|update|end","startedUtc","endedUtc","score","snapshot","clips"}</c>;
/// <c>snapshot</c> is the path of the event's JPEG on this service (<c>/api/events/{id}/snapshot.jpg</c>), not the
/// image itself, and <c>clips</c> the query that lists the recordings overlapping the event.
/// </remarks>
public static class EventJson
{
    /// <summary>The recordings of the event's camera that overlap it (its clips, for a camera recording in event mode), as an API query.</summary>
    public static string ClipsPath(CameraId camera, DateTime started, DateTime? ended) =>
        string.Create(CultureInfo.InvariantCulture, $"/api/cameras/{camera}/recordings?from={DateTime.SpecifyKind(started, DateTimeKind.Utc):yyyy-MM-ddTHH:mm:ss.fffZ}{(ended is { } end ? $"&to={DateTime.SpecifyKind(end, DateTimeKind.Utc):yyyy-MM-ddTHH:mm:ss.fffZ}" : string.Empty)}");

    /// <summary>The path of an event's snapshot on the service.</summary>
    public static string SnapshotPath(Guid id) => $"/api/events/{id}/snapshot.jpg";

    /// <summary><paramref name="motion"/> as UTF-8 JSON.</summary>
    public static byte[] Serialize(MotionEvent motion)
    {
        ArgumentNullException.ThrowIfNull(motion);
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("id", motion.Id);
            json.WriteString("camera", motion.Camera.Value);
            json.WriteString("zone", motion.Zone);
            json.WriteString("phase", motion.Phase switch { MotionEventPhase.Start => "start", MotionEventPhase.Update => "update", _ => "end" });
            json.WriteString("startedUtc", DateTime.SpecifyKind(motion.StartedUtc, DateTimeKind.Utc));
            if (motion.EndedUtc is { } ended)
            {
                json.WriteString("endedUtc", DateTime.SpecifyKind(ended, DateTimeKind.Utc));
            }
            else
            {
                json.WriteNull("endedUtc");
            }

            json.WriteNumber("score", Math.Round(motion.Score, 4));
            json.WriteString("snapshot", SnapshotPath(motion.Id));
            json.WriteString("clips", ClipsPath(motion.Camera, motion.StartedUtc, motion.EndedUtc));
            json.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }
}
