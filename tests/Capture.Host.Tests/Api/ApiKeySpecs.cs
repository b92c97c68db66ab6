using System.Net;

namespace Capture.Host.Tests.Api;

/// <summary>Loopback by default; any other bind needs an API key, checked on every endpoint but /healthz.</summary>
public sealed class ApiKeySpecs
{
    [Fact]
    public void Binding_beyond_loopback_without_a_key_should_refuse_to_start()
    {
        var errors = new StringWriter();

        var app = CaptureWebApp.Build(["--urls", $"http://0.0.0.0:{Tools.FreePort()}"], errors);

        Assert.Null(app);
        Assert.Contains("requires an API key", errors.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--Kestrel:Endpoints:Http:Url=http://0.0.0.0:{0}")]
    [InlineData("--Kestrel:Endpoints:Lan:Url=http://[::]:{0}")]
    [InlineData("--http_ports={0}")]
    [InlineData("--urls=http://127.0.0.1:{0};http://0.0.0.0:{0}")]
    public void Binding_beyond_loopback_however_configured_should_need_a_key(string option)
    {
        var errors = new StringWriter();

        var app = CaptureWebApp.Build([string.Format(System.Globalization.CultureInfo.InvariantCulture, option, Tools.FreePort())], errors);

        Assert.Null(app);
        Assert.Contains("requires an API key", errors.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_a_key_every_endpoint_but_healthz_should_require_it()
    {
        const string Key = "a-long-enough-secret-key";
        int port = Tools.FreePort();
        var app = CaptureWebApp.Build(["--urls", $"http://0.0.0.0:{port}", "--Capture:ApiKey", Key, "--Logging:LogLevel:Default=Warning"], Console.Error)!;
        await app.StartAsync();
        try
        {
            using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };

            var without = await client.GetAsync("/api/cameras");
            var health = await client.GetAsync("/healthz");
            using var withHeader = new HttpRequestMessage(HttpMethod.Get, "/api/cameras") { Headers = { { "X-Api-Key", Key } } };
            var withKey = await client.SendAsync(withHeader);
            var withQuery = await client.GetAsync($"/metrics?key={Key}");
            var wrong = await client.GetAsync("/metrics?key=not-the-key-at-all!");

            Assert.Equal(HttpStatusCode.Unauthorized, without.StatusCode);
            Assert.Equal(HttpStatusCode.OK, health.StatusCode);
            Assert.Equal(HttpStatusCode.OK, withKey.StatusCode);
            Assert.Equal(HttpStatusCode.OK, withQuery.StatusCode);
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }
}
