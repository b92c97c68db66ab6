using System.Net.Http.Json;
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
        app.MapGet("/an-endpoint-of-our-own", () => "secret"); // the key is an authentication scheme: endpoints added later are protected too
        await app.StartAsync();
        try
        {
            using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };

            var without = await client.GetAsync("/api/cameras");
            var ownWithout = await client.GetAsync("/an-endpoint-of-our-own");
            using var ownWithHeader = new HttpRequestMessage(HttpMethod.Get, "/an-endpoint-of-our-own") { Headers = { { "Authorization", $"Bearer {Key}" } } };
            var ownWithKey = await client.SendAsync(ownWithHeader);
            var health = await client.GetAsync("/healthz");
            using var withHeader = new HttpRequestMessage(HttpMethod.Get, "/api/cameras") { Headers = { { "X-Api-Key", Key } } };
            var withKey = await client.SendAsync(withHeader);
            var inUrl = await client.GetAsync($"/metrics?key={Key}");
            using var wrongHeader = new HttpRequestMessage(HttpMethod.Get, "/metrics") { Headers = { { "X-Api-Key", "not-the-key-at-all!" } } };
            var wrong = await client.SendAsync(wrongHeader);
            var page = await client.GetAsync("/");
            var badSignIn = await client.PostAsJsonAsync("/api/session", new { key = "not-the-key-at-all!" });
            var signIn = await client.PostAsJsonAsync("/api/session", new { key = Key });
            string cookie = signIn.Headers.GetValues("Set-Cookie").Single();
            using var withCookie = new HttpRequestMessage(HttpMethod.Get, "/api/cameras/front-door/snapshot.jpg") { Headers = { { "Cookie", cookie.Split(';')[0] } } };
            var snapshot = await client.SendAsync(withCookie);

            Assert.Equal(HttpStatusCode.Unauthorized, without.StatusCode);
            Assert.Equal("application/problem+json", without.Content.Headers.ContentType?.MediaType);
            Assert.Equal(HttpStatusCode.Unauthorized, ownWithout.StatusCode);
            Assert.Equal("secret", await ownWithKey.Content.ReadAsStringAsync());
            Assert.Equal(HttpStatusCode.OK, health.StatusCode);
            Assert.Equal(HttpStatusCode.OK, withKey.StatusCode);
            Assert.Equal(HttpStatusCode.Unauthorized, inUrl.StatusCode); // a key in a URL is never accepted
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            Assert.Equal(HttpStatusCode.Unauthorized, badSignIn.StatusCode);
            Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(Key, cookie, StringComparison.Ordinal);
            Assert.NotEqual(HttpStatusCode.Unauthorized, snapshot.StatusCode);
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }
}
