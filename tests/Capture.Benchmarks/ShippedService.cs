using Capture.Host;
using Capture.Pipeline.Cameras;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Capture.Benchmarks;

/// <summary>The service as shipped (Kestrel, API, live views, health checks, metrics) on a free loopback port, with <c>/metrics</c> scraped every second.</summary>
internal sealed class ShippedService : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly HttpClient _client;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _scraping;

    private ShippedService(WebApplication app, string url)
    {
        _app = app;
        _client = new HttpClient { BaseAddress = new Uri(url) };
        Rig = app.Services.GetRequiredService<ICaptureRig>();
        _scraping = ShippedMetrics.ScrapeEverySecondAsync(_client, new Uri(_client.BaseAddress, "/metrics"), _stop.Token); // from the start, so that its code is compiled before any window
    }

    public ICaptureRig Rig { get; }

    /// <summary>Writes <paramref name="hocon"/> (recordings under <paramref name="root"/>) and starts the service on it.</summary>
    public static async Task<ShippedService> StartAsync(string root, string hocon)
    {
        string config = Path.Combine(root, "rig.conf");
        await File.WriteAllTextAsync(config, $"akka.loglevel = WARNING\ncapture.hot-reload = off\ncapture.recording.path = \"{root}/recordings\"\n{hocon}");
        string url = $"http://127.0.0.1:{Loopback.FreePort()}";
        var app = CaptureWebApp.Build(["--config", config, "--urls", url, "--Logging:LogLevel:Default=Warning", "--Logging:LogLevel:Microsoft.Hosting.Lifetime=Warning"], Console.Error)!;
        await app.StartAsync();
        return new ShippedService(app, url);
    }

    /// <summary>Stops scraping and the service, which closes every recording under its final name.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _scraping;
        await _app.StopAsync();
        await _app.DisposeAsync();
        _client.Dispose();
        _stop.Dispose();
    }
}
