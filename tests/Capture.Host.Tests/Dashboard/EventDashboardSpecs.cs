using Microsoft.Playwright;

namespace Capture.Host.Tests.Dashboard;

/// <summary>Motion events on the dashboard, in headless Chromium: the events list with snapshots and clips, the zones drawn over a camera's view.</summary>
public sealed class EventDashboardSpecs : IAsyncLifetime
{
    private readonly string _folder = Directory.CreateTempSubdirectory("event-dashboard-").FullName;
    private InProcessService _service = null!;
    private IPlaywright? _playwright;
    private IBrowser? _browser;
    private IPage _page = null!;

    public async Task InitializeAsync()
    {
        string config = Path.Combine(_folder, "events.conf");
        await File.WriteAllTextAsync(config, $$"""
            capture {
              recording.path = "{{_folder}}/recordings"
              cameras.yard {
                width = 640, height = 360, frame-rate = 15
                scene { still = on, noise = 4, object { every = 4s, crossing = 1500ms, size = 0.3 } }
                sinks = [ { video { mode = events, pre-roll = 1s, post-roll = 500ms } } ]
                motion {
                  end-after = 1s
                  zones { door = [0.0,0.2, 1,0.2, 1,0.9, 0.0,0.9] }
                  masks = [ [0,0, 0.6,0, 0.6,0.1, 0,0.1] ]
                }
              }
            }
            """);
        _service = await InProcessService.StartAsync(config);
        if (Chromium.Find() is null)
        {
            return;
        }

        _playwright = await Playwright.CreateAsync();
        _browser = await Chromium.LaunchAsync(_playwright);
        _page = await (await _browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 800 } })).NewPageAsync();
        await _page.GotoAsync(_service.BaseUrl);
        await _page.Locator(".card").First.WaitForAsync();
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }

        _playwright?.Dispose();
        await _service.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    [SkippableChromiumFact]
    public async Task The_events_list_should_show_each_event_with_its_snapshot_and_clip()
    {
        var clip = _page.Locator("#event-list li a.clip:not([hidden])").First;
        await clip.WaitForAsync(new LocatorWaitForOptions { Timeout = 30_000 });

        var item = _page.Locator("#event-list li").Filter(new LocatorFilterOptions { Has = _page.Locator("a.clip:not([hidden])") }).First;
        Assert.Equal("yard", await item.Locator("strong").TextContentAsync());
        Assert.Equal("door", await item.Locator(".zone").TextContentAsync());
        await Eventually.UntilAsync(_ => item.Locator("img").EvaluateAsync<int>("img => img.complete ? img.naturalWidth : 0"), width => width == 640, "the event's snapshot loaded");
        using var download = await _service.Client.GetAsync(await clip.GetAttributeAsync("href"));
        Assert.True(download.IsSuccessStatusCode, $"the clip link answers {download.StatusCode}");
        Assert.Equal("video/x-msvideo", download.Content.Headers.ContentType!.MediaType);
        Assert.False(await _page.Locator("#events-empty").IsVisibleAsync());
    }

    [SkippableChromiumFact]
    public async Task A_cameras_page_should_draw_its_zones_and_masks_over_the_view_and_list_its_events()
    {
        await _page.Locator(".card").First.ClickAsync();

        await _page.Locator("#camera-zones polygon.zone").WaitForAsync();
        Assert.Equal(["door"], await _page.Locator("#camera-zones polygon.zone").EvaluateAllAsync<string[]>("ps => ps.map(p => p.dataset.name)"));
        Assert.Equal("0,0.2 1,0.2 1,0.9 0,0.9", await _page.Locator("#camera-zones polygon.zone").GetAttributeAsync("points"));
        Assert.Equal(1, await _page.Locator("#camera-zones polygon.mask").CountAsync());
        var view = await _page.Locator("#camera-live").BoundingBoxAsync();
        var overlay = await _page.Locator("#camera-zones").BoundingBoxAsync();
        Assert.Equal((view!.Width, view.Height), (overlay!.Width, overlay.Height));
        Assert.Contains("5 frames/s", await _page.Locator("#camera-motion").TextContentAsync(), StringComparison.Ordinal);
        await _page.Locator("#camera-events li").First.WaitForAsync(new LocatorWaitForOptions { Timeout = 30_000 });
        Assert.All(await _page.Locator("#camera-events li strong").AllTextContentsAsync(), camera => Assert.Equal("yard", camera));
    }
}
