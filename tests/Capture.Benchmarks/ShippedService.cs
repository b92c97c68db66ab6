using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;

namespace Capture.Benchmarks;

/// <summary>
/// The service as shipped, in its own process: the Capture.Host executable on a config file and a free loopback
/// port, with <c>/metrics</c> scraped every second from here, as a Prometheus server would from its own process.
/// </summary>
/// <remarks>
/// Its CPU is the kernel's account of that process and its descendants (the ffmpeg children), so neither the
/// scraping nor the benchmark's own polling is charged to it. Read through the HTTP API, as an operator would.
/// </remarks>
internal sealed class ShippedService : IAsyncDisposable
{
    private static readonly JsonSerializerOptions s_json = new(JsonSerializerDefaults.Web);
    private readonly Process _process;
    private readonly HttpClient _client;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _scraping;
    private readonly Stopwatch _started = Stopwatch.StartNew();
    private long _jitCompiled = -1;

    private ShippedService(Process process, string url)
    {
        _process = process;
        _client = new HttpClient { BaseAddress = new Uri(url) };
        _scraping = ShippedMetrics.ScrapeEverySecondAsync(_client, new Uri(_client.BaseAddress, "/metrics"), _stop.Token, ReadJit);
    }

    /// <summary>User + system CPU seconds of the service and its descendants so far.</summary>
    public double CpuSeconds => ChildProcesses.TreeCpuSeconds(_process.Id);

    /// <summary>User + system CPU seconds of the service process alone so far.</summary>
    public double ProcessCpuSeconds => ChildProcesses.CpuSeconds(_process.Id);

    /// <summary>Of <see cref="CpuSeconds"/>, what its descendants (the ffmpeg children) used.</summary>
    public double ChildCpuSeconds => CpuSeconds - ProcessCpuSeconds;

    /// <summary>Of <see cref="ChildCpuSeconds"/>, what its decoders used (the ffmpeg children that read their stdin).</summary>
    public double DecoderCpuSeconds => ChildProcesses.TreeCpuSeconds(_process.Id, command => command.Contains("pipe:0", StringComparison.Ordinal));

    /// <summary>Writes <paramref name="hocon"/> (recordings under <paramref name="root"/>) and starts the service on it; returns once it answers.</summary>
    public static async Task<ShippedService> StartAsync(string root, string hocon)
    {
        string config = Path.Combine(root, "rig.conf");
        await File.WriteAllTextAsync(config, $"akka.loglevel = WARNING\ncapture.hot-reload = off\ncapture.recording.path = \"{root}/recordings\"\n{hocon}");
        string url = $"http://127.0.0.1:{Loopback.FreePort()}";
        var start = new ProcessStartInfo(Path.Combine(AppContext.BaseDirectory, "Capture.Host")) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "--config", config, "--urls", url, "--Logging:LogLevel:Default=Warning" })
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) => { if (e.Data is { } line) Console.Error.WriteLine($"  service: {line}"); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var probe = new HttpClient { BaseAddress = new Uri(url) };
        var clock = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                using var health = await probe.GetAsync("/healthz");
                break;
            }
            catch (HttpRequestException) when (clock.Elapsed < TimeSpan.FromSeconds(60) && !process.HasExited)
            {
                await Task.Delay(100);
            }
        }

        return new ShippedService(process, url);
    }

    /// <summary>GET <paramref name="path"/>, its body read to the end.</summary>
    public Task<string> GetStringAsync(string path) => _client.GetStringAsync(path);

    /// <summary>GET /api/cameras/{id}.</summary>
    public async Task<CameraCounts> StatusAsync(string camera) =>
        (await _client.GetFromJsonAsync<CameraCounts>($"/api/cameras/{camera}", s_json))!;

    /// <summary>GET /api/cameras/{id}/pipeline: every stage's counters.</summary>
    public async Task<IReadOnlyList<StageCounts>> PipelineAsync(string camera) =>
        (await _client.GetFromJsonAsync<List<StageCounts>>($"/api/cameras/{camera}/pipeline", s_json))!;

    /// <summary>Waits (at most 180 s) until <paramref name="condition"/> holds for <paramref name="camera"/>.</summary>
    public async Task WaitForAsync(string camera, Func<CameraCounts, bool> condition)
    {
        var clock = Stopwatch.StartNew();
        CameraCounts status;
        while (!condition(status = await StatusAsync(camera)))
        {
            if (clock.Elapsed > TimeSpan.FromSeconds(180))
            {
                throw new TimeoutException($"camera {camera} never got ready: {status}");
            }

            await Task.Delay(50);
        }
    }

    /// <summary>Returns once the service has been scraped for a minute and compiled no method for ten seconds (at most two minutes more), read from its own runtime metrics.</summary>
    /// <remarks>
    /// A method called once a second (the scrape's) reaches the JIT's second tier after 30 calls, so a service
    /// measured in its first minute is charged for compiling its scrape path; a service runs for days.
    /// </remarks>
    public async Task WaitForJitQuietAsync()
    {
        while (_started.Elapsed < TimeSpan.FromSeconds(60))
        {
            await Task.Delay(500);
        }

        await JitQuiet.WaitAsync(() => Interlocked.Read(ref _jitCompiled), TimeSpan.FromSeconds(10));
    }

    /// <summary>Stops scraping, then stops the service with SIGTERM, which closes every recording under its final name.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _scraping;
        using (var term = Process.Start("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)]))
        {
            await term.WaitForExitAsync();
        }

        using (var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30)))
        {
            try
            {
                await _process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
            }
        }

        _process.Dispose();
        _client.Dispose();
        _stop.Dispose();
    }

    private void ReadJit(string metrics)
    {
        const string Name = "dotnet_jit_compiled_methods_total{";
        int at = metrics.IndexOf(Name, StringComparison.Ordinal);
        if (at >= 0)
        {
            int value = metrics.IndexOf(' ', metrics.IndexOf('}', at)) + 1;
            int end = metrics.IndexOf('\n', value);
            Interlocked.Exchange(ref _jitCompiled, long.Parse(metrics.AsSpan(value, (end < 0 ? metrics.Length : end) - value), CultureInfo.InvariantCulture));
        }
    }

    /// <summary>What a benchmark reads of a camera's status.</summary>
    internal sealed record CameraCounts(string CameraId, string Health, long FramesDelivered, string? LastError);

    /// <summary>What a benchmark reads of one stage.</summary>
    internal sealed record StageCounts(string Stage, long FramesIn, long FramesOut, Dictionary<string, long> Dropped);
}
