using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using Akka.Actor;
using Akka.TestKit.Xunit2;
using Capture.Pipeline.Configuration;
using Capture.Pipeline.Events;
using Capture.Pipeline.Stages.Motion;
using Capture.Pipeline.Tests.Infrastructure;
using MQTTnet;
using Xunit.Abstractions;

namespace Capture.Pipeline.Tests.Events;

/// <summary>The event journal: from the EventStream to the store, the live feed, a real webhook receiver and Debian's mosquitto.</summary>
public sealed class EventDeliverySpecs(ITestOutputHelper output) : TestKit("akka.loglevel = WARNING", output), IAsyncLifetime
{
    private readonly string _folder = Directory.CreateTempSubdirectory("event-delivery-").FullName;

    [Fact]
    public async Task An_event_should_be_stored_fed_live_and_delivered_to_a_webhook_that_fails_once_on_the_retry()
    {
        await using var receiver = new WebhookReceiver(500);
        var settings = Settings() with { Webhooks = Webhooks(receiver.Url) };
        var (store, feed) = (new EventStore(settings.StorePath), new EventFeed());
        using var live = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var firstLive = feed.SubscribeAsync(live.Token).GetAsyncEnumerator(live.Token);
        var waitingLive = firstLive.MoveNextAsync().AsTask();
        await StartJournalAsync(settings, store, feed);

        var motion = Start("front");
        Sys.EventStream.Publish(motion);

        var body = await Eventually.UntilAsync(_ => Task.FromResult(receiver.Received.TryPeek(out var b) ? b : null), b => b is not null, "the webhook delivery", TimeSpan.FromSeconds(10));
        Assert.Equal(2, receiver.Requests); // refused once (500), taken on the retry
        using var json = JsonDocument.Parse(body!);
        Assert.Equal(motion.Id, json.RootElement.GetProperty("id").GetGuid());
        Assert.Equal(("front", "all", "start"), (json.RootElement.GetProperty("camera").GetString(), json.RootElement.GetProperty("zone").GetString(), json.RootElement.GetProperty("phase").GetString()));
        Assert.Equal(EventJson.SnapshotPath(motion.Id), json.RootElement.GetProperty("snapshot").GetString());
        Assert.True(await waitingLive);
        Assert.Equal(motion.Id, firstLive.Current.Id);
        Assert.Equal(motion.Id, Assert.Single(store.Query(null, null, null, 10)).Id);
        await firstLive.DisposeAsync();
    }

    [Fact]
    public async Task A_webhook_that_never_answers_2xx_should_have_the_event_given_up_after_its_attempts_and_later_events_delivered()
    {
        await using var receiver = new WebhookReceiver(503, 503, 503);
        var settings = Settings() with { Webhooks = Webhooks(receiver.Url) with { Attempts = 3 } };
        var journal = await StartJournalAsync(settings);

        Sys.EventStream.Publish(Start("front"));
        var second = Start("back");
        Sys.EventStream.Publish(second);

        var body = await Eventually.UntilAsync(_ => Task.FromResult(receiver.Received.TryPeek(out var b) ? b : null), b => b is not null, "the second event's delivery", TimeSpan.FromSeconds(10));
        Assert.Contains(second.Id.ToString(), body!, StringComparison.Ordinal);
        Assert.Equal(4, receiver.Requests);
        Assert.Single(receiver.Received);
        Sys.Stop(journal);
    }

    [ToolFact("mosquitto")]
    public async Task Mosquitto_should_receive_every_event_the_cameras_motion_state_and_the_services_availability()
    {
        using var broker = await Mosquitto.StartAsync();
        var settings = Settings() with { Mqtt = new MqttSettings("127.0.0.1", broker.Port, "capture", "capture-spec", null) };
        await using var subscriber = await Subscriber.ConnectAsync(broker.Port, "capture/#");
        var journal = await StartJournalAsync(settings);

        var start = Start("front");
        Sys.EventStream.Publish(start);
        Sys.EventStream.Publish(start with { Phase = MotionEventPhase.Update, Score = 0.2 });
        Sys.EventStream.Publish(start with { Phase = MotionEventPhase.End, EndedUtc = start.StartedUtc.AddSeconds(5) });

        await subscriber.WaitForAsync(m => m.Count(x => x.Topic == "capture/events") == 3, "three events on capture/events");
        Assert.Equal(["start", "update", "end"], subscriber.Payloads("capture/events").Select(p => JsonDocument.Parse(p).RootElement.GetProperty("phase").GetString()));
        Assert.Equal(["ON", "OFF"], subscriber.Payloads("capture/front/motion"));
        Assert.Equal("online", subscriber.Payloads("capture/available").Last());

        await journal.Ask<EventJournal.Flushed>(EventJournal.Flush.Instance, TimeSpan.FromSeconds(10));
        await subscriber.WaitForAsync(m => m.Any(x => x.Topic == "capture/available" && x.Payload == "offline"), "offline on capture/available when the service stops");
    }

    [ToolFact("mosquitto")]
    public async Task Events_published_while_the_broker_is_down_should_arrive_once_it_is_back()
    {
        using var broker = await Mosquitto.StartAsync();
        var settings = Settings() with { Mqtt = new MqttSettings("127.0.0.1", broker.Port, "capture", "capture-spec", null) };
        await StartJournalAsync(settings);
        await using (var first = await Subscriber.ConnectAsync(broker.Port, "capture/events"))
        {
            Sys.EventStream.Publish(Start("front")); // once subscribed: capture/events is not retained
            await first.WaitForAsync(m => m.Count > 0, "the first event");
        }

        broker.Kill();
        var during = Start("back");
        Sys.EventStream.Publish(during);
        await broker.RestartAsync();
        await using var subscriber = await Subscriber.ConnectAsync(broker.Port, "capture/back/motion");

        var retained = await subscriber.WaitForAsync(m => m.Count > 0, "the retained motion state of the camera whose event came during the outage", timeout: TimeSpan.FromSeconds(30));
        Assert.Equal("ON", retained[0].Payload);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
        return Task.CompletedTask;
    }

    /// <summary>Starts the journal and returns once it has subscribed (an actor answers Identify only after its PreStart).</summary>
    private async Task<IActorRef> StartJournalAsync(EventSettings settings, EventStore? store = null, EventFeed? feed = null)
    {
        var journal = Sys.ActorOf(EventJournal.Props(settings, store ?? new EventStore(settings.StorePath), feed ?? new EventFeed()));
        await journal.Ask<ActorIdentity>(new Identify(null), TimeSpan.FromSeconds(5));
        return journal;
    }

    private static MotionEvent Start(string camera) =>
        new(Guid.CreateVersion7(), new CameraId(camera), "all", MotionEventPhase.Start, DateTime.UtcNow, null, 0.1, new byte[] { 0xFF, 0xD8 });

    private static WebhookSettings Webhooks(Uri url) => new([url], 6, TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5));

    private EventSettings Settings() => CaptureSettings.Create(Akka.Configuration.ConfigurationFactory.ParseString($"capture.recording.path = \"{_folder}\"")).Events;

    /// <summary>An MQTT client subscribed to a filter, keeping every message it receives.</summary>
    private sealed class Subscriber : IAsyncDisposable
    {
        private readonly IMqttClient _client;
        private readonly ConcurrentQueue<(string Topic, string Payload)> _messages = new();

        private Subscriber(IMqttClient client)
        {
            _client = client;
            _client.ApplicationMessageReceivedAsync += e =>
            {
                _messages.Enqueue((e.ApplicationMessage.Topic, Encoding.UTF8.GetString(e.ApplicationMessage.Payload)));
                return Task.CompletedTask;
            };
        }

        public static async Task<Subscriber> ConnectAsync(int port, string filter)
        {
            var client = new MqttClientFactory().CreateMqttClient();
            var subscriber = new Subscriber(client);
            await client.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", port).WithClientId($"spec-{Guid.NewGuid():N}").Build());
            await client.SubscribeAsync(new MqttClientSubscribeOptionsBuilder().WithTopicFilter(filter).Build());
            return subscriber;
        }

        public IEnumerable<string> Payloads(string topic) => _messages.Where(m => m.Topic == topic).Select(m => m.Payload);

        public Task<List<(string Topic, string Payload)>> WaitForAsync(Func<List<(string Topic, string Payload)>, bool> done, string what, TimeSpan? timeout = null) =>
            Eventually.UntilAsync(_ => Task.FromResult(_messages.ToList()), done, what, timeout ?? TimeSpan.FromSeconds(10));

        public async ValueTask DisposeAsync()
        {
            await _client.DisconnectAsync();
            _client.Dispose();
        }
    }
}
