using System.Net;

namespace Capture.Host.Tests;

/// <summary>The real service (Kestrel, rig, live views) in this process on a free loopback port, with a small rig of its own.</summary>
public sealed class ServiceFixture : IAsyncLifetime
{
    private WebApplication? _app;

    public string BaseUrl { get; private set; } = string.Empty;

    public HttpClient Client { get; private set; } = null!;

    public string ConfigFile { get; } = Path.Combine(Path.GetTempPath(), $"web-rig-{Guid.NewGuid():N}.conf");

    public async Task InitializeAsync()
    {
        await File.WriteAllTextAsync(ConfigFile, """
            akka.loglevel = WARNING
            capture.hot-reload = off
            capture.cameras {
              front-door { label = "Front door", width = 640, height = 360, frame-rate = 15 }
              back-yard { label = "Back yard", width = 320, height = 240, frame-rate = 10 }
            }
            """);
        BaseUrl = $"http://127.0.0.1:{Tools.FreePort()}";
        _app = CaptureWebApp.Build(["--config", ConfigFile, "--urls", BaseUrl, "--Logging:LogLevel:Default=Warning"], Console.Error)
            ?? throw new InvalidOperationException("The service did not build.");
        await _app.StartAsync();
        Client = new HttpClient { BaseAddress = new Uri(BaseUrl) };
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        while ((await Client.GetAsync("/readyz", timeout.Token)).StatusCode != HttpStatusCode.OK)
        {
            await Task.Delay(100, timeout.Token);
        }
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }
}
