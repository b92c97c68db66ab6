using System.Text;
using System.Threading.Channels;
using Akka.Event;
using Capture.Pipeline.Configuration;
using Capture.Pipeline.Stages.Motion;
using MQTTnet;
using MQTTnet.Exceptions;
using MQTTnet.Protocol;

namespace Capture.Pipeline.Events;

/// <summary>Publishes events to an MQTT broker (MQTTnet), with the service's availability as a retained topic.</summary>
/// <remarks>
/// Topics, as Frigate and Home Assistant read them: <c>{prefix}/available</c> retained <c>online</c>, set to
/// <c>offline</c> by the broker if the service vanishes (the connection's last will) and by the service when it stops;
/// <c>{prefix}/events</c> every event as JSON (QoS 1); <c>{prefix}/{camera}/motion</c> retained <c>ON</c> / <c>OFF</c>.
/// One loop owns the connection: it connects with back-off (1 s doubling to 30 s), and a message that fails to go out
/// is sent again after reconnecting, so a broker restart loses nothing queued (up to 1,000 messages, then the oldest).
/// </remarks>
public sealed class MqttPublisher : IAsyncDisposable
{
    private const int QueueLength = 1000;
    private static readonly TimeSpan s_maxBackoff = TimeSpan.FromSeconds(30);
    private readonly MqttSettings _settings;
    private readonly ILoggingAdapter _log;
    private readonly IMqttClient _client = new MqttClientFactory().CreateMqttClient();
    private readonly Channel<MqttApplicationMessage> _queue;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _loop;

    /// <summary>Starts connecting to the broker of <paramref name="settings"/>.</summary>
    public MqttPublisher(MqttSettings settings, ILoggingAdapter log)
    {
        ArgumentNullException.ThrowIfNull(settings);
        (_settings, _log) = (settings, log);
        _queue = Channel.CreateBounded<MqttApplicationMessage>(
            new BoundedChannelOptions(QueueLength) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true },
            _ => log.Warning("MQTT {Broker}: {Length} messages waiting; the oldest was dropped", Broker, QueueLength));
        _loop = Task.Run(RunAsync);
    }

    private string Broker => $"{_settings.Host}:{_settings.Port}";

    private string AvailableTopic => $"{_settings.TopicPrefix}/available";

    /// <summary>Queues <paramref name="motion"/> (as <paramref name="json"/>) and its camera's motion state.</summary>
    public void Publish(MotionEvent motion, byte[] json)
    {
        ArgumentNullException.ThrowIfNull(motion);
        _queue.Writer.TryWrite(Message($"{_settings.TopicPrefix}/events", json, retain: false));
        if (motion.Phase != MotionEventPhase.Update)
        {
            _queue.Writer.TryWrite(Message($"{_settings.TopicPrefix}/{motion.Camera}/motion", Encoding.ASCII.GetBytes(motion.Phase == MotionEventPhase.Start ? "ON" : "OFF"), retain: true));
        }
    }

    /// <summary>Sends what is queued (for up to a few seconds), marks the service offline and disconnects.</summary>
    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        if (await Task.WhenAny(_loop, Task.Delay(TimeSpan.FromSeconds(5))).ConfigureAwait(false) != _loop)
        {
            await _stopping.CancelAsync().ConfigureAwait(false);
            await _loop.ConfigureAwait(false);
        }

        if (_client.IsConnected)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            try
            {
                await _client.PublishAsync(Message(AvailableTopic, "offline"u8.ToArray(), retain: true), timeout.Token).ConfigureAwait(false);
                await _client.DisconnectAsync(new MqttClientDisconnectOptions(), timeout.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is MqttCommunicationException or OperationCanceledException)
            {
                // The broker went first: its copy of the last will says offline.
            }
        }

        _client.Dispose();
        _stopping.Dispose();
    }

    private static MqttApplicationMessage Message(string topic, byte[] payload, bool retain) => new MqttApplicationMessageBuilder()
        .WithTopic(topic).WithPayload(payload).WithRetainFlag(retain).WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build();

    private async Task RunAsync()
    {
        var token = _stopping.Token;
        try
        {
            await foreach (var message in _queue.Reader.ReadAllAsync(token).ConfigureAwait(false))
            {
                while (true)
                {
                    await ConnectAsync(token).ConfigureAwait(false);
                    try
                    {
                        await _client.PublishAsync(message, token).ConfigureAwait(false);
                        break;
                    }
                    catch (Exception e) when (e is MqttCommunicationException or InvalidOperationException)
                    {
                        _log.Warning("MQTT {Broker}: a publish failed ({Reason}); reconnecting", Broker, e.Message);
                    }
                }
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    /// <summary>Returns once connected (and online is published), trying with back-off; logs the first failure of an outage only.</summary>
    private async Task ConnectAsync(CancellationToken token)
    {
        var backoff = TimeSpan.FromSeconds(1);
        bool logged = false;
        while (!_client.IsConnected)
        {
            var options = new MqttClientOptionsBuilder()
                .WithTcpServer(_settings.Host, _settings.Port)
                .WithClientId(_settings.ClientId)
                .WithCleanSession()
                .WithTimeout(TimeSpan.FromSeconds(10))
                .WithWillTopic(AvailableTopic).WithWillPayload("offline"u8.ToArray()).WithWillRetain().WithWillQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce);
            if (_settings.Credentials?.ToNetworkCredential() is { } credential)
            {
                options = options.WithCredentials(credential.UserName, credential.Password);
            }

            try
            {
                await _client.ConnectAsync(options.Build(), token).ConfigureAwait(false);
                await _client.PublishAsync(Message(AvailableTopic, "online"u8.ToArray(), retain: true), token).ConfigureAwait(false);
                _log.Info("MQTT {Broker}: connected; events go to {Prefix}/events", Broker, _settings.TopicPrefix);
                return;
            }
            catch (Exception e) when (e is MqttCommunicationException or InvalidOperationException)
            {
                if (!logged)
                {
                    _log.Warning("MQTT {Broker}: cannot connect ({Reason}); retrying with back-off up to {Max}", Broker, e.Message, s_maxBackoff);
                    logged = true;
                }
            }

            await Task.Delay(backoff, token).ConfigureAwait(false);
            backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, s_maxBackoff.Ticks));
        }
    }
}
