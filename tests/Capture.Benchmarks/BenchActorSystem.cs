using Akka.Actor;
using Akka.Configuration;
using Capture.Pipeline.Hosting;

namespace Capture.Benchmarks;

/// <summary>An actor system configured as the service's is (<see cref="CaptureHostingExtensions.ActorSystemDefaults"/> under the given settings), so the benchmarks measure what ships.</summary>
internal static class BenchActorSystem
{
    public static ActorSystem Create(string name, string hocon = "akka.loglevel = ERROR") =>
        ActorSystem.Create(name, ConfigurationFactory.ParseString(hocon).WithFallback(CaptureHostingExtensions.ActorSystemDefaults));
}
