using Akka.Actor;
using Capture.Pipeline.Configuration;

namespace Capture.Pipeline.Events;

/// <summary>The protocol of the event journal actor, which takes every <see cref="Stages.Motion.MotionEvent"/> off the EventStream into the store, the live feed, webhooks and MQTT.</summary>
/// <remarks>Registered in the <c>ActorRegistry</c> under this type by <c>WithCaptureEvents</c>.</remarks>
public sealed class EventJournal
{
    private EventJournal()
    {
    }

    /// <summary>The props of the journal actor.</summary>
    /// <param name="settings">Retention, webhooks and MQTT.</param>
    /// <param name="store">Where events are kept.</param>
    /// <param name="feed">Where live subscribers read them.</param>
    public static Props Props(EventSettings settings, EventStore store, EventFeed feed) =>
        Akka.Actor.Props.Create(() => new EventJournalActor(settings, store, feed));

    /// <summary>Replies <see cref="Flushed"/> once every event published before it has been handed on, and stops delivering; sent at shutdown, after the cameras stopped.</summary>
    public sealed record Flush
    {
        /// <summary>The message.</summary>
        public static Flush Instance { get; } = new();

        private Flush()
        {
        }
    }

    /// <summary>The reply to <see cref="Flush"/>.</summary>
    public sealed record Flushed
    {
        /// <summary>The message.</summary>
        public static Flushed Instance { get; } = new();

        private Flushed()
        {
        }
    }
}
