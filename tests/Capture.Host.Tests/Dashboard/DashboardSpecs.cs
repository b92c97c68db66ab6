using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using SkiaSharp;

namespace Capture.Host.Tests.Dashboard;

/// <summary>The dashboard in headless Chromium (Debian's), driven by Playwright, as an operator uses it.</summary>
public sealed class DashboardSpecs(ServiceFixture service) : IClassFixture<ServiceFixture>, IAsyncLifetime
{
    private IPlaywright? _playwright;
    private IBrowser? _browser;
    private IPage _page = null!;

    public async Task InitializeAsync()
    {
        if (Chromium.Find() is null)
        {
            return;
        }

        _playwright = await Playwright.CreateAsync();
        _browser = await Chromium.LaunchAsync(_playwright);
        var context = await _browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 800 }, AcceptDownloads = true });
        _page = await context.NewPageAsync();
        await _page.GotoAsync(service.BaseUrl);
        await _page.Locator(".card").Nth(1).WaitForAsync();
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }

        _playwright?.Dispose();
    }

    [SkippableChromiumFact]
    public async Task The_grid_should_show_every_camera_live()
    {
        var cards = _page.Locator(".card");
        await Expect(() => _page.Locator(".card .badge").AllTextContentsAsync(), badges => badges.Count == 2 && badges.All(b => b == "Healthy"));

        var first = await cards.Nth(0).Locator("img").ScreenshotAsync();
        await Task.Delay(700);
        var later = await cards.Nth(0).Locator("img").ScreenshotAsync();

        Assert.Equal(["Front door", "Back yard"], await _page.Locator(".card strong").AllTextContentsAsync());
        Assert.NotEqual(first, later);
        await _page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Path.GetTempPath(), "capture-dashboard.png") });
    }

    [SkippableChromiumFact]
    public async Task Moving_the_zoom_slider_should_change_the_settings_and_the_picture()
    {
        await _page.Locator(".card").Nth(0).ClickAsync();
        var slider = _page.Locator("#control-zoom");
        await slider.WaitForAsync();
        var before = await _page.Locator("#camera-live").ScreenshotAsync();

        await slider.FillAsync("3");
        await Expect(async () => (await service.Client.GetFromJsonAsync<JsonElement>("/api/cameras/front-door/settings")).GetProperty("zoom").GetDouble(), zoom => zoom == 3);
        await Expect(() => _page.Locator("#settings").TextContentAsync(), text => text!.Contains("\"zoom\": 3", StringComparison.Ordinal));
        await Task.Delay(500);
        var after = await _page.Locator("#camera-live").ScreenshotAsync();

        Assert.True(Difference(before, after) > 10, $"the picture changed by {Difference(before, after):0.0}");
    }

    [SkippableChromiumFact]
    public async Task Take_photo_should_download_a_jpeg_of_the_requested_size()
    {
        await _page.Locator(".card").Nth(1).ClickAsync();
        await _page.Locator("#photo-width").FillAsync("640");
        await _page.Locator("#photo-height").FillAsync("480");

        var downloading = _page.WaitForDownloadAsync();
        await _page.Locator("#take-photo").ClickAsync();
        await _page.Locator("#photo-download, #photo-error:not([hidden])").WaitForAsync();
        Assert.False(await _page.Locator("#photo-error").IsVisibleAsync(), await _page.Locator("#photo-error").TextContentAsync());
        var download = await downloading;
        string path = await download.PathAsync();

        Assert.EndsWith(".jpg", download.SuggestedFilename, StringComparison.Ordinal);
        using var bitmap = SKBitmap.Decode(path);
        Assert.Equal((640, 480), (bitmap.Width, bitmap.Height));
    }

    [SkippableChromiumFact]
    public async Task An_OverconstrainedError_should_be_shown_to_the_user()
    {
        await _page.Locator(".card").Nth(0).ClickAsync();
        await _page.Locator("#constraints-json").FillAsync("""{"zoom":{"exact":40}}""");

        await _page.Locator("#apply-json").ClickAsync();
        await _page.Locator("#controls-error").WaitForAsync();

        Assert.StartsWith("OverconstrainedError: zoom", await _page.Locator("#controls-error").TextContentAsync(), StringComparison.Ordinal);
    }

    private static async Task Expect<T>(Func<Task<T>> read, Func<T, bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        T value = await read();
        while (!condition(value))
        {
            Assert.True(DateTime.UtcNow < deadline, $"still {JsonSerializer.Serialize(value)}");
            await Task.Delay(100);
            value = await read();
        }
    }

    private static double Difference(byte[] pngA, byte[] pngB)
    {
        using var a = SKBitmap.Decode(pngA);
        using var b = SKBitmap.Decode(pngB);
        double sum = 0;
        for (int y = a.Height / 5; y < Math.Min(a.Height, b.Height); y += 4)
        {
            for (int x = 0; x < Math.Min(a.Width, b.Width); x += 4)
            {
                var p = a.GetPixel(x, y);
                var q = b.GetPixel(x, y);
                sum += Math.Abs(p.Red - q.Red) + Math.Abs(p.Green - q.Green) + Math.Abs(p.Blue - q.Blue);
            }
        }

        return sum / ((a.Height * 4 / 5 / 4) * (a.Width / 4));
    }
}
