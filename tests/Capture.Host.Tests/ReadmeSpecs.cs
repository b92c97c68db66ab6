using System.Diagnostics;
using System.Net.Http.Json;
using System.Text;
using System.Text.RegularExpressions;
using Xunit.Abstractions;

namespace Capture.Host.Tests;

/// <summary>README.md's commands, run as a newcomer runs them: from the repository root, each must succeed.</summary>
/// <remarks>
/// A block's <c>dotnet run --project src/Capture.Host</c> line is the service ("Ctrl-C stops it; in another
/// terminal: …"): it runs in the background until the block's other lines are done, then gets SIGTERM. The only
/// changes are the port (5080 is the user's: a free one replaces it, through <c>ASPNETCORE_URLS</c> and in the
/// curl lines) and curl failing on an HTTP error instead of printing it. <c>dotnet test</c> is this suite.
/// </remarks>
public sealed partial class ReadmeSpecs(ITestOutputHelper output)
{
    private static readonly string s_root = Tools.RepositoryRoot();

    public static TheoryData<int> Blocks() => [.. Enumerable.Range(0, ShellBlocks().Count)];

    public static TheoryData<string> Rigs() => [.. Directory.GetFiles(Path.Combine(s_root, "config"), "*.conf").Select(f => Path.GetRelativePath(s_root, f)).Order(StringComparer.Ordinal)];

    [ToolTheory("ffmpeg", "ffprobe", "curl", "python3")]
    [MemberData(nameof(Blocks))]
    public async Task A_command_block_should_run_as_written(int block)
    {
        var lines = ShellBlocks()[block].Where(l => !l.StartsWith("dotnet test", StringComparison.Ordinal)).ToList();
        int port = Tools.FreePort();
        int service = lines.FindIndex(IsServiceLine);
        await RunAsync(lines.Take(Math.Max(service, 0)), port);
        await using var running = await Service.StartAsync(service >= 0 ? lines[service] : "dotnet run --project src/Capture.Host", port, output);
        var after = lines.Skip(service + 1).ToList();
        if (after.Any(l => l.Contains("/recordings", StringComparison.Ordinal)))
        {
            // What "in another terminal" means for recordings: a first segment must have been finished.
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            string camera = RecordingCamera().Match(string.Join('\n', after)).Groups[1].Value;
            await Eventually.UntilAsync(ct => http.GetFromJsonAsync<List<object>>($"/api/cameras/{camera}/recordings", ct), r => r is { Count: > 0 }, "a finished segment", TimeSpan.FromSeconds(60), 500);
        }

        string printed = await RunAsync(after, port);

        Assert.True(after.Count == 0 || printed.Length > 0 || after.All(l => l.Contains(" -o ", StringComparison.Ordinal)), "the commands printed nothing");
    }

    [Theory]
    [MemberData(nameof(Rigs))]
    public async Task Each_example_rig_should_start_with_the_README_run_command(string rig)
    {
        await using var running = await Service.StartAsync($"dotnet run --project src/Capture.Host -- --config {rig}", Tools.FreePort(), output);

        var cameras = await running.Http.GetFromJsonAsync<List<Dictionary<string, object>>>("/api/cameras");

        Assert.NotEmpty(cameras!);
        Assert.Contains($"from {Path.Combine(s_root, rig)}", running.Output, StringComparison.Ordinal);
    }

    private static bool IsServiceLine(string line) =>
        line.StartsWith("dotnet run --project src/Capture.Host", StringComparison.Ordinal) && !ServiceCommand().IsMatch(line);

    private async Task<string> RunAsync(IEnumerable<string> lines, int port)
    {
        string script = string.Join('\n', lines.Select(l => l.Replace("5080", port.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)));
        if (script.Length == 0)
        {
            return string.Empty;
        }

        var start = new ProcessStartInfo("bash", ["-e", "-o", "pipefail", "-c", "curl() { command curl --fail-with-body \"$@\"; }\n" + script])
        {
            WorkingDirectory = s_root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        output.WriteLine($"$ {script}\n{await stdout}{await stderr}");
        Assert.True(process.ExitCode == 0, $"exit {process.ExitCode}: {await stderr}");
        DeleteLeftovers();
        return await stdout;
    }

    private static void DeleteLeftovers()
    {
        File.Delete(Path.Combine(s_root, "photo.jpg")); // the API example's photo, written where the command ran
    }

    private static List<List<string>> ShellBlocks()
    {
        var blocks = new List<List<string>>();
        List<string>? current = null;
        foreach (string raw in File.ReadAllLines(Path.Combine(s_root, "README.md")))
        {
            string line = raw.Trim();
            if (current is null && line == "```sh")
            {
                current = [];
            }
            else if (current is not null && line.StartsWith("```", StringComparison.Ordinal))
            {
                blocks.Add(current);
                current = null;
            }
            else if (current is not null && line.Length > 0)
            {
                current.Add(line);
            }
        }

        return blocks;
    }


    [GeneratedRegex(@" -- (cameras|photo)\b")]
    private static partial Regex ServiceCommand();

    [GeneratedRegex(@"/api/cameras/([\w-]+)/recordings")]
    private static partial Regex RecordingCamera();

    /// <summary>The README's run command in its own process group, on a free port, until SIGTERM.</summary>
    private sealed class Service : IAsyncDisposable
    {
        private readonly Process _process;
        private readonly StringBuilder _output = new();

        private Service(Process process, int port)
        {
            _process = process;
            Http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            _process.OutputDataReceived += (_, e) => Append(e.Data);
            _process.ErrorDataReceived += (_, e) => Append(e.Data);
            _process.BeginOutputReadLine();
            _process.BeginErrorReadLine();
        }

        public HttpClient Http { get; }

        public string Output
        {
            get
            {
                lock (_output)
                {
                    return _output.ToString();
                }
            }
        }

        public static async Task<Service> StartAsync(string line, int port, ITestOutputHelper output)
        {
            var start = new ProcessStartInfo("setsid", ["bash", "-c", line])
            {
                WorkingDirectory = s_root,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
            var service = new Service(Process.Start(start)!, port);
            try
            {
                await Eventually.UntilAsync(
                    async ct =>
                    {
                        Assert.False(service._process.HasExited, $"`{line}` exited:\n{service.Output}");
                        try
                        {
                            return (await service.Http.GetAsync("/healthz", ct)).IsSuccessStatusCode;
                        }
                        catch (HttpRequestException)
                        {
                            return false;
                        }
                    },
                    up => up,
                    $"`{line}` answering /healthz",
                    TimeSpan.FromSeconds(90),
                    200);
            }
            catch
            {
                output.WriteLine(service.Output);
                await service.DisposeAsync();
                throw;
            }

            return service;
        }

        public async ValueTask DisposeAsync()
        {
            // SIGTERM to the whole group: bash, dotnet run and the service it started.
            using (var kill = Process.Start("kill", ["-TERM", "--", $"-{_process.Id}"]))
            {
                await kill.WaitForExitAsync();
            }

            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            await _process.WaitForExitAsync(timeout.Token);
            Http.Dispose();
            _process.Dispose();
        }

        private void Append(string? line)
        {
            lock (_output)
            {
                _output.AppendLine(line);
            }
        }
    }
}
