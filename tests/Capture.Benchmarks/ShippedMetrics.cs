using Capture.Host.Api;
using Capture.Pipeline.Configuration;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;

namespace Capture.Benchmarks;

/// <summary>
/// The service's metrics (OpenTelemetry SDK, its instruments, the Prometheus endpoint) for a benchmark that runs the
/// rig or the stages without the whole web app, with <c>/metrics</c> scraped over HTTP every second as Prometheus would.
/// </summary>
internal sealed class ShippedMetrics : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _scraping;

    private ShippedMetrics(WebApplication app)
    {
        _app = app;
        _scraping = ScrapeAsync(new Uri(new Uri(app.Urls.First()), "/metrics"), _stop.Token);
    }

    /// <summary>Scrapes made so far.</summary>
    public int Scrapes { get; private set; }

    /// <summary>Serves the metrics on a free loopback port and starts scraping them.</summary>
    public static async Task<ShippedMetrics> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Services.AddCaptureMetrics(MetricsSettings.Default);
        var app = builder.Build();
        app.MapMetricsEndpoint();
        await app.StartAsync();
        return new ShippedMetrics(app);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _scraping;
        await _app.StopAsync();
        await _app.DisposeAsync();
        _stop.Dispose();
    }

    /// <summary>GET <paramref name="metrics"/> once a second, as Prometheus would, until <paramref name="stop"/>.</summary>
    internal static async Task ScrapeEverySecondAsync(HttpClient client, Uri metrics, CancellationToken stop, Action<string>? scraped = null)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
        try
        {
            do
            {
                string text = await client.GetStringAsync(metrics, stop);
                scraped?.Invoke(text);
            }
            while (await timer.WaitForNextTickAsync(stop));
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task ScrapeAsync(Uri metrics, CancellationToken stop)
    {
        using var client = new HttpClient();
        await ScrapeEverySecondAsync(client, metrics, stop, _ => Scrapes++);
    }
}
