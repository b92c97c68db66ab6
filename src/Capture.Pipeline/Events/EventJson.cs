using System.Buffers;
using System.Text.Json;
using Capture.Pipeline.Stages.Motion;

namespace Capture.Pipeline.Events;

/// <summary>The one JSON shape of an event, for webhooks, MQTT and the live stream alike.</summary>
/// <remarks>
/// <c>{"id","camera","zone","phase":"start|update|end","startedUtc","endedUtc","score","snapshot"}</c>; <c>snapshot</c>
/// is the path of the event's JPEG on this service (<c>/api/events/{id}/snapshot.jpg</c>), not the image itself.
/// </remarks>
public static class EventJson
{
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
            json.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }
}
