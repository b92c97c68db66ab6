using Akka;
using Akka.Actor;
using Akka.Configuration;
using Akka.Event;
using Akka.Hosting;
using Capture.Pipeline.Cameras;
using Capture.Pipeline.Configuration;
using Capture.Pipeline.Events;
using Capture.Pipeline.Sinks;
using Microsoft.Extensions.DependencyInjection;

namespace Capture.Pipeline.Hosting;

/// <summary>Wires a capture rig into Akka.Hosting.</summary>
public static class CaptureHostingExtensions
{
    /// <summary>
    /// The actor-system settings a rig runs best with, as a fallback under the application's own: the
    /// <see cref="TimerQueueScheduler"/>, which wakes only when a timer is due, where Akka's wheel ticks ten to a hundred
    /// times a second for the life of the system (docs/decisions.md); and the serializers of the desired-state journal's events and of the camera protocol.
    /// </summary>
    public static Config ActorSystemDefaults { get; } = ConfigurationFactory.ParseString($$"""
        akka.scheduler.implementation = "{{typeof(TimerQueueScheduler).FullName}}, {{typeof(TimerQueueScheduler).Assembly.GetName().Name}}"
        akka.actor {
          serializers.capture-desired-state = "{{typeof(DesiredStateSerializer).FullName}}, {{typeof(DesiredStateSerializer).Assembly.GetName().Name}}"
          serializers.capture-camera-protocol = "{{typeof(CameraProtocolSerializer).FullName}}, {{typeof(CameraProtocolSerializer).Assembly.GetName().Name}}"
          serialization-bindings."{{typeof(DesiredStates.DesiredStateRecorded).FullName}}, {{typeof(DesiredStateSerializer).Assembly.GetName().Name}}" = capture-desired-state
          serialization-bindings."{{typeof(ICameraMessage).FullName}}, {{typeof(ICameraMessage).Assembly.GetName().Name}}" = capture-camera-protocol
          {{string.Join("\n", CameraProtocolSerializer.CrossNodeRigMessages.Select(t => $"serialization-bindings.\"{t.FullName}, {t.Assembly.GetName().Name}\" = capture-camera-protocol"))}}
        }
        """);

    /// <summary>Starts the rig actor (<c>/user/rig</c>), registers it in the <see cref="ActorRegistry"/> under <see cref="Rig"/>,
    /// and stops every camera, closing its device, during the actor system's coordinated shutdown.</summary>
    /// <param name="builder">The Akka configuration builder.</param>
    /// <param name="settings">The rig's settings; read from the actor system's <c>capture</c> section when null.</param>
    /// <param name="drivers">Creates each camera's driver; <see cref="CameraDrivers.Create"/> when null.</param>
    /// <returns>The same builder instance, for chaining.</returns>
    /// <param name="liveViews">When given, every camera gets a live-view sink registered there (for HTTP live view).</param>
    public static AkkaConfigurationBuilder WithCaptureRig(this AkkaConfigurationBuilder builder, CaptureSettings? settings = null, CameraDriverFactory? drivers = null, LiveViews? liveViews = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (settings is not null)
        {
            // Under the application's own akka.persistence settings: an application that configures a journal keeps it.
            builder.AddHocon(StateJournalConfig.For(settings.State), HoconAddMode.Append);
            builder.AddHocon(ClusterConfig.For(settings.Cluster), HoconAddMode.Append);
        }

        return builder.AddHocon(ActorSystemDefaults, HoconAddMode.Append).WithActors((system, registry) =>
        {
            var rigSettings = settings ?? CaptureSettings.Create(system);
            var rig = system.ActorOf(
                rigSettings.Cluster.Enabled
                    ? Rig.ShardedProps(rigSettings, CameraShards.StartRegion(system, rigSettings, drivers, liveViews))
                    : Rig.Props(rigSettings, drivers, liveViews: liveViews),
                "rig");
            registry.Register<Rig>(rig);
            CoordinatedShutdown.Get(system).AddTask(CoordinatedShutdown.PhaseServiceUnbind, "stop-cameras", async () =>
            {
                var done = await rig.Ask<Rig.ShutdownComplete>(Rig.Shutdown.Instance, rigSettings.Commands.AskTimeout).ConfigureAwait(false);
                system.Log.Info("Cameras stopped: [{Stopped}]{TimedOut}", string.Join(", ", done.Stopped), done.TimedOut.IsEmpty ? string.Empty : $"; did not stop in time: [{string.Join(", ", done.TimedOut)}]");
                return Done.Instance;
            });
        });
    }

    /// <summary>
    /// Starts the event journal (<c>/user/events</c>): every motion event on the EventStream goes into
    /// <paramref name="store"/> and <paramref name="feed"/>, and to the webhooks and MQTT broker of
    /// <paramref name="settings"/>. Registered under <see cref="EventJournal"/>; during coordinated shutdown, after the
    /// cameras stopped (so their last events end), what is queued is delivered and MQTT is told the service is offline.
    /// </summary>
    /// <param name="builder">The Akka configuration builder.</param>
    /// <param name="settings">Retention, webhooks and MQTT.</param>
    /// <param name="store">Where events are kept.</param>
    /// <param name="feed">Where live subscribers read them.</param>
    /// <returns>The same builder instance, for chaining.</returns>
    public static AkkaConfigurationBuilder WithCaptureEvents(this AkkaConfigurationBuilder builder, EventSettings settings, EventStore store, EventFeed feed)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.WithActors((system, registry) =>
        {
            var journal = system.ActorOf(EventJournal.Props(settings, store, feed), "events");
            registry.Register<EventJournal>(journal);
            CoordinatedShutdown.Get(system).AddTask(CoordinatedShutdown.PhaseServiceStop, "flush-events", async () =>
            {
                await journal.Ask<EventJournal.Flushed>(EventJournal.Flush.Instance, TimeSpan.FromSeconds(15)).ConfigureAwait(false);
                return Done.Instance;
            });
        });
    }

    /// <summary>Registers <see cref="ICaptureRig"/>, the typed client of the rig that <see cref="WithCaptureRig"/> starts.</summary>
    /// <param name="services">The service collection.</param>
    /// <returns>The same service collection, for chaining.</returns>
    public static IServiceCollection AddCaptureRig(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        return services.AddSingleton<ICaptureRig>(provider =>
        {
            var system = provider.GetRequiredService<ActorSystem>();
            var rig = provider.GetRequiredService<IRequiredActor<Rig>>();
            var askTimeout = system.Settings.Config.WithFallback(CaptureSettings.DefaultConfig).GetTimeSpan("capture.commands.ask-timeout");
            return new CaptureRig(cancellationToken => new ValueTask<IActorRef>(rig.GetAsync(cancellationToken)), askTimeout);
        });
    }
}
