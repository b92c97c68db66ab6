using Capture.Host.Api;
using Capture.Pipeline.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;

namespace Capture.Benchmarks;

/// <summary>The service's metrics (OpenTelemetry SDK, its instruments and exporters) for a benchmark that runs the rig without the web app.</summary>
internal static class ShippedMetrics
{
    /// <summary>Listens to every meter the service exports until disposed.</summary>
    public static ServiceProvider Start()
    {
        var services = new ServiceCollection().AddLogging().AddCaptureMetrics(MetricsSettings.Default);
        var provider = services.BuildServiceProvider();
        provider.GetRequiredService<MeterProvider>();
        return provider;
    }
}
