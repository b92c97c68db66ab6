// Capture.Host: runs the rig as a generic-host background service (systemd-aware; Ctrl-C/SIGTERM stop cameras in order).
//   dotnet run --project src/Capture.Host [-- --config path/to/rig.conf]
using Akka.Hosting;
using Capture.Core.Imaging;
using Capture.Host;
using Capture.Pipeline.Cameras;
using Capture.Pipeline.Configuration;
using Capture.Pipeline.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

var builder = Host.CreateApplicationBuilder(args);
string configPath = ConfigFile.Locate(builder.Configuration["config"]);
CaptureSettings settings;
try
{
    settings = CaptureSettings.Load(configPath);
}
catch (CaptureConfigurationException e)
{
    Console.Error.WriteLine($"Invalid configuration: {e.Message}");
    return 2;
}

builder.Services.AddSystemd();
builder.Services.AddAkka("capture", (akka, _) => akka
    .AddHoconFile(configPath, HoconAddMode.Prepend)
    .ConfigureLoggers(loggers =>
    {
        loggers.ClearLoggers();
        loggers.AddLoggerFactory();
    })
    .WithCaptureRig(settings));
builder.Services.AddCaptureRig();
if (settings.HotReload)
{
    builder.Services.AddHostedService(provider => new CaptureConfigWatcher(configPath, provider.GetRequiredService<ICaptureRig>(), provider.GetRequiredService<ILogger<CaptureConfigWatcher>>()));
}

var host = builder.Build();
var log = host.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Capture.Host");
HostLog.Starting(log, configPath, settings.Cameras.Length);
if (ImageEncoders.JpegFallbackReason is { } reason)
{
    HostLog.SlowJpeg(log, reason);
}

await host.RunAsync();
return 0;
