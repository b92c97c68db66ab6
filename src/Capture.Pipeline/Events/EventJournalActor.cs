using Akka.Actor;
using Akka.Event;
using Capture.Pipeline.Configuration;
using Capture.Pipeline.Stages.Motion;
using Microsoft.Data.Sqlite;

namespace Capture.Pipeline.Events;

/// <summary>Hands every motion event to the store, the live feed, the webhooks and the MQTT broker; purges by retention.</summary>
/// <remarks>
/// Events reach it on the EventStream, published by the cameras' motion stages, so delivery never runs on a frame
/// path. Storing is a short SQLite transaction here; webhooks and MQTT have queues and loops of their own, so a
/// receiver that is down never holds up the store or the other receivers. A store that fails (a full disk) is logged
/// once per outage and the event still goes out live.
/// </remarks>
internal sealed class EventJournalActor : ReceiveActor, IWithTimers
{
    private static readonly TimeSpan s_purgeEvery = TimeSpan.FromHours(1);
    private readonly EventSettings _settings;
    private readonly EventStore _store;
    private readonly EventFeed _feed;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private WebhookDelivery? _webhooks;
    private MqttPublisher? _mqtt;
    private bool _storeFailing;

    public EventJournalActor(EventSettings settings, EventStore store, EventFeed feed)
    {
        (_settings, _store, _feed) = (settings, store, feed);
        Receive<MotionEvent>(Deliver);
        Receive<Purge>(_ => PurgeExpired());
        ReceiveAsync<EventJournal.Flush>(FlushAsync);
    }

    public ITimerScheduler Timers { get; set; } = null!;

    protected override void PreStart()
    {
        Context.System.EventStream.Subscribe(Self, typeof(MotionEvent));
        _webhooks = _settings.Webhooks.Urls.IsEmpty ? null : new WebhookDelivery(_settings.Webhooks, _log);
        _mqtt = _settings.Mqtt is { } mqtt ? new MqttPublisher(mqtt, _log) : null;
        if (_settings.Retention is not null)
        {
            Self.Tell(Purge.Instance);
            Timers.StartPeriodicTimer(nameof(Purge), Purge.Instance, s_purgeEvery);
        }
    }

    protected override void PostStop()
    {
        Context.System.EventStream.Unsubscribe(Self);
        _ = StopDeliveryAsync(); // normally done by Flush, at shutdown
    }

    private void Deliver(MotionEvent motion)
    {
        try
        {
            _store.Save(motion);
            if (_storeFailing)
            {
                _log.Info("Events: the store at {Path} takes events again", _settings.StorePath);
                _storeFailing = false;
            }
        }
        catch (Exception e) when (e is SqliteException or IOException or UnauthorizedAccessException)
        {
            if (!_storeFailing)
            {
                _log.Error(e, "Events: the store at {Path} failed; events are delivered but not kept until it recovers", _settings.StorePath);
                _storeFailing = true;
            }
        }

        _feed.Publish(motion);
        if (_webhooks is not null || _mqtt is not null)
        {
            byte[] json = EventJson.Serialize(motion);
            _webhooks?.Post(json);
            _mqtt?.Publish(motion, json);
        }
    }

    private void PurgeExpired()
    {
        try
        {
            int purged = _store.Purge(DateTime.UtcNow - _settings.Retention!.Value);
            if (purged > 0)
            {
                _log.Info("Events: {Count} events past their retention deleted", purged);
            }
        }
        catch (SqliteException e)
        {
            _log.Warning("Events: the retention purge failed ({Reason}); it runs again in an hour", e.Message);
        }
    }

    private async Task FlushAsync(EventJournal.Flush flush)
    {
        await StopDeliveryAsync().ConfigureAwait(true);
        Sender.Tell(EventJournal.Flushed.Instance);
    }

    private async Task StopDeliveryAsync()
    {
        var (webhooks, mqtt) = (_webhooks, _mqtt);
        (_webhooks, _mqtt) = (null, null);
        if (webhooks is not null)
        {
            await webhooks.DisposeAsync().ConfigureAwait(false);
        }

        if (mqtt is not null)
        {
            await mqtt.DisposeAsync().ConfigureAwait(false);
        }
    }

    private sealed record Purge
    {
        public static Purge Instance { get; } = new();
    }
}
