namespace Capture.Host.Tests;

/// <summary>The real service (Kestrel, rig, live views) in this process on a free loopback port, from a config of the spec's own.</summary>
public sealed class InProcessService : IAsyncDisposable
{
    private readonly WebApplication _app;

    private InProcessService(WebApplication app, string baseUrl)
    {
        _app = app;
        BaseUrl = baseUrl;
        Client = new HttpClient { BaseAddress = new Uri(baseUrl) };
    }

    public string BaseUrl { get; }

    public HttpClient Client { get; }

    /// <summary>Builds and starts the service on <paramref name="configFile"/>, with warnings-only logs.</summary>
    public static async Task<InProcessService> StartAsync(string configFile)
    {
        string baseUrl = $"http://127.0.0.1:{Tools.FreePort()}";
        var app = CaptureWebApp.Build(["--config", configFile, "--urls", baseUrl, "--Logging:LogLevel:Default=Warning"], Console.Error)
            ?? throw new InvalidOperationException("The service did not build.");
        await app.StartAsync();
        return new InProcessService(app, baseUrl);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
