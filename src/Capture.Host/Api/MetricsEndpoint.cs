using Capture.Pipeline.Configuration;
using Capture.Pipeline.Diagnostics;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;

namespace Capture.Host.Api;

/// <summary>Metrics on the OpenTelemetry SDK: the rig's meters, the .NET runtime's (process CPU and memory among them) and ASP.NET Core's; Prometheus text at <c>/metrics</c>, OTLP when configured.</summary>
internal static class MetricsEndpoint
{
    // Prometheus reserves a _count suffix for histograms and summaries (promtool check metrics): these gauges of the
    // runtime's semantic conventions are exported under plural names instead.
    private static readonly (string Instrument, string Name)[] s_prometheusNames =
    [
        ("dotnet.assembly.count", "dotnet.assemblies"),
        ("dotnet.process.cpu.count", "dotnet.process.cpus"),
        ("dotnet.thread_pool.thread.count", "dotnet.thread_pool.threads"),
        ("dotnet.timer.count", "dotnet.timers"),
    ];

    public static IServiceCollection AddCaptureMetrics(this IServiceCollection services, MetricsSettings settings)
    {
        services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("capture-pipeline"))
            .WithMetrics(metrics =>
            {
                metrics.AddMeter([.. CaptureMeters.Names])
                    .AddRuntimeInstrumentation()
                    .AddAspNetCoreInstrumentation()
                    .AddPrometheusExporter();
                foreach (var (instrument, name) in s_prometheusNames)
                {
                    metrics.AddView(instrument, name);
                }

                if (settings.OtlpEndpoint is { } endpoint)
                {
                    metrics.AddOtlpExporter((exporter, reader) =>
                    {
                        exporter.Endpoint = endpoint;
                        exporter.Protocol = settings.OtlpOverHttp ? OtlpExportProtocol.HttpProtobuf : OtlpExportProtocol.Grpc;
                        reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = (int)settings.OtlpInterval.TotalMilliseconds;
                    });
                }
            });
        return services;
    }

    public static void MapMetricsEndpoint(this IEndpointRouteBuilder app) =>
        app.MapPrometheusScrapingEndpoint("/metrics")
            .DisableHttpMetrics() // a scrape a second would otherwise dominate the request metrics
            .WithTags("Health").WithSummary("Prometheus metrics: frames in, out and dropped by reason, latency, health per camera; .NET runtime, process, HTTP.");
}
