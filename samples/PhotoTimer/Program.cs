// A user's own actor on the rig: it watches camera state and takes a photo of each healthy camera every N seconds.
//   dotnet run --project samples/PhotoTimer -- [seconds] [output-folder]
using Akka.Hosting;
using Capture.Pipeline.Cameras;
using Capture.Pipeline.Configuration;
using Capture.Pipeline.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using PhotoTimer;

var interval = TimeSpan.FromSeconds(args.Length > 0 ? double.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 5);
string folder = Directory.CreateDirectory(args.Length > 1 ? args[1] : "photos").FullName;
string config = Path.Combine(AppContext.BaseDirectory, "photo-timer.conf");

var builder = Host.CreateApplicationBuilder();
builder.Services.AddAkka("photo-timer", (akka, provider) => akka
    .WithCaptureRig(CaptureSettings.Load(config))
    .WithActors((system, registry, resolver) =>
        system.ActorOf(PhotoTimerActor.Props(provider.GetRequiredService<ICaptureRig>(), interval, folder), "photo-timer")));
builder.Services.AddCaptureRig();
Console.WriteLine($"Taking a photo of each healthy camera every {interval.TotalSeconds} s into {folder}; Ctrl-C stops.");
await builder.Build().RunAsync();
