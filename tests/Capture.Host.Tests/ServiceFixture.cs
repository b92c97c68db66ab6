using System.Net;

namespace Capture.Host.Tests;

/// <summary>The real service in this process, shared by a spec class, with a small rig of two synthetic cameras, ready when the specs start.</summary>
public sealed class ServiceFixture : IAsyncLifetime
{
    private InProcessService? _service;

    public string BaseUrl => _service!.BaseUrl;

    public HttpClient Client => _service!.Client;

    public string ConfigFile { get; } = Path.Combine(Directory.CreateTempSubdirectory("web-rig-").FullName, "rig.conf"); // its own folder: recordings and state beside it are its own

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
        _service = await InProcessService.StartAsync(ConfigFile);
        await Eventually.UntilAsync(ct => Client.GetAsync("/readyz", ct), r => r.StatusCode == HttpStatusCode.OK, "/readyz answering 200", TimeSpan.FromSeconds(20), 100);
    }

    public async Task DisposeAsync()
    {
        if (_service is not null)
        {
            await _service.DisposeAsync();
        }
    }
}
