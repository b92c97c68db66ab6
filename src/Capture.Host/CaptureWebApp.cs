using System.Text.Json.Serialization;
using Akka.Hosting;
using Capture.Core.Imaging;
using Capture.Core.Json;
using Capture.Host.Api;
using Capture.Host.Security;
using Capture.Pipeline.Cameras;
using Capture.Pipeline.Configuration;
using Capture.Pipeline.Events;
using Capture.Pipeline.Hosting;
using Capture.Pipeline.Sinks;

namespace Capture.Host;

/// <summary>Builds the service: the rig on Akka.Hosting, the HTTP API, live view, dashboard, metrics and health.</summary>
internal static class CaptureWebApp
{
    /// <summary>The address used when none is configured: loopback only.</summary>
    public const string DefaultUrl = "http://127.0.0.1:5080";

    /// <summary>Builds and runs the service until Ctrl-C / SIGTERM; 2 when the configuration is invalid.</summary>
    public static async Task<int> RunAsync(string[] args)
    {
        var app = Build(args, Console.Error);
        if (app is null)
        {
            return 2;
        }

        await app.RunAsync();
        return 0;
    }

    /// <summary>Builds the service, or writes why it cannot start to <paramref name="errors"/> and returns null.</summary>
    public static WebApplication? Build(string[] args, TextWriter errors)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory, WebRootPath = Path.Combine(AppContext.BaseDirectory, "wwwroot") });
        string configPath = ConfigFile.Locate(builder.Configuration["config"]);
        CaptureSettings settings;
        try
        {
            settings = CaptureSettings.Load(configPath);
        }
        catch (CaptureConfigurationException e)
        {
            errors.WriteLine($"Invalid configuration: {e.Message}");
            return null;
        }

        string urls = builder.Configuration["urls"] ?? DefaultUrl;
        var access = ApiAccess.Create(BoundAddresses(builder.Configuration, urls), builder.Configuration["Capture:ApiKey"]);
        if (access.Problem is { } problem)
        {
            errors.WriteLine(problem);
            return null;
        }

        builder.WebHost.UseUrls(urls);
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = ApiLimits.MaxBodyBytes);
        builder.Services.AddSystemd();
        builder.Services.ConfigureHttpJsonOptions(json =>
        {
            MediaJson.Configure(json.SerializerOptions);
            json.SerializerOptions.Converters.Add(new JsonStringEnumConverter<CameraHealth>());
        });
        builder.Services.AddOpenApi(ApiDocument.Configure);
        builder.Services.AddRigHealthChecks();
        builder.Services.AddApiKeySecurity(access);
        builder.Services.AddCaptureMetrics(settings.Metrics);
        var liveViews = new LiveViews();
        builder.Services.AddSingleton(liveViews);
        builder.Services.AddSingleton(settings.Recording);
        EventStore events;
        try
        {
            events = new EventStore(settings.Events.StorePath);
        }
        catch (Exception e) when (e is Microsoft.Data.Sqlite.SqliteException or IOException or UnauthorizedAccessException)
        {
            errors.WriteLine($"Invalid configuration: {new CaptureConfigurationException("capture.events.store", $"cannot open '{settings.Events.StorePath}': {e.Message}", configPath).Message}");
            return null;
        }

        try
        {
            StateJournalConfig.Prepare(settings.State);
        }
        catch (Exception e) when (e is Microsoft.Data.Sqlite.SqliteException or Npgsql.NpgsqlException or ArgumentException or IOException or UnauthorizedAccessException)
        {
            // The connection string is never repeated: it may hold a password.
            var (key, what) = settings.State.Journal == StateJournal.PostgreSql ? ("capture.state.connection-string", "the PostgreSQL journal") : ("capture.state.path", $"'{settings.State.Path}'");
            errors.WriteLine($"Invalid configuration: {new CaptureConfigurationException(key, $"cannot open {what}: {e.Message}", configPath).Message}");
            return null;
        }

        var feed = new EventFeed();
        builder.Services.AddSingleton(events);
        builder.Services.AddSingleton(feed);
        builder.Services.AddAkka("capture", (akka, _) => akka
            .AddHoconFile(configPath, HoconAddMode.Prepend)
            .ConfigureLoggers(loggers =>
            {
                loggers.ClearLoggers();
                loggers.AddLogger<LoggerFactoryBridge>();
            })
            .WithCaptureRig(settings, liveViews: liveViews)
            .WithCaptureEvents(settings.Events, events, feed));
        builder.Services.AddCaptureRig();
        if (settings.HotReload)
        {
            builder.Services.AddHostedService(provider => new CaptureConfigWatcher(configPath, provider.GetRequiredService<ICaptureRig>(), provider.GetRequiredService<ILogger<CaptureConfigWatcher>>()));
        }

        var app = builder.Build();
        var log = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Capture.Host");
        HostLog.Starting(log, configPath, settings.Cameras.Length, urls);
        if (ImageEncoders.JpegFallbackReason is { } reason)
        {
            HostLog.SlowJpeg(log, reason);
        }

        app.UseMiddleware<JsonBodyMiddleware>();
        app.UseDefaultFiles();
        app.UseStaticFiles(); // the dashboard's page, script and style carry no data: they load before the sign-in
        app.UseRouting(); // after the body's type is settled: routing matches endpoints by the content types they accept
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapOpenApi();
        app.MapMetricsEndpoint();
        app.MapHealthEndpoints();
        app.MapCameraEndpoints();
        app.MapRigEndpoints();
        app.MapLiveEndpoints();
        app.MapRecordingEndpoints();
        app.MapEventEndpoints();
        app.MapDashboardSession();
        return app;
    }

    /// <summary>Every address the server may bind, however it was configured: <c>--urls</c> / <c>ASPNETCORE_URLS</c>, <c>Kestrel:Endpoints</c>, <c>HTTP_PORTS</c> / <c>HTTPS_PORTS</c>.</summary>
    private static string BoundAddresses(ConfigurationManager configuration, string urls)
    {
        var endpoints = configuration.GetSection("Kestrel:Endpoints").GetChildren().Select(e => e["Url"]).OfType<string>();
        var ports = new[] { ("http", configuration["http_ports"]), ("https", configuration["https_ports"]) }
            .SelectMany(p => (p.Item2 ?? string.Empty).Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(port => $"{p.Item1}://*:{port}"));
        return string.Join(';', endpoints.Concat(ports).Prepend(urls));
    }
}
