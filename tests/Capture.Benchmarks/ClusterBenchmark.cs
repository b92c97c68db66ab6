using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;

namespace Capture.Benchmarks;

/// <summary>
/// The README's three-node rig (config/cluster/node-N.conf) as three service processes on 127.0.0.1 with free ports:
/// how long a SIGKILLed node's cameras take to be healthy on the others, and the control plane's round trip through
/// one node when most cameras run on the others.
/// </summary>
internal static class ClusterBenchmark
{
    private static readonly JsonSerializerOptions s_json = new(JsonSerializerDefaults.Web);

    /// <summary>Ten kills (or <paramref name="seconds"/>, if more): each a node that hosts cameras, SIGKILLed and started again.</summary>
    public static async Task<object> FailoverAsync(int seconds)
    {
        int kills = Math.Max(10, seconds);
        await using var rig = await Rig.StartAsync(cameras: null);
        var runs = new List<object>();
        var times = new List<double>();
        for (int kill = 0; kill < kills; kill++)
        {
            int victim = kill % 3, observer = (victim + 1) % 3;
            // Every node up and hosting cameras (the one started after the last kill has rejoined and taken its share):
            // a kill while a node is still joining leaves two members, and keep-majority then downs one side of a tie.
            var before = await rig.WaitAsync(observer, list => list.Select(c => c.Node).Distinct().Count() == 3, TimeSpan.FromSeconds(180));
            int moved = before.Count(c => c.Node == rig.Address(victim));
            var clock = Stopwatch.StartNew();
            rig.Kill(victim);
            await rig.WaitAsync(observer, list => list.All(c => c.Node != rig.Address(victim)), TimeSpan.FromSeconds(120));
            double elapsed = Math.Round(clock.Elapsed.TotalSeconds, 2);
            times.Add(elapsed);
            runs.Add(new { kill = kill + 1, node = victim + 1, camerasMoved = moved, secondsUntilHealthyElsewhere = elapsed });
            Console.Error.WriteLine($"  kill {kill + 1}: node {victim + 1}, {moved} cameras healthy elsewhere after {elapsed} s");
            rig.Start(victim);
        }

        times.Sort();
        return new
        {
            cameras = rig.CameraCount,
            nodes = 3,
            measuredFrom = "SIGKILL until every camera is Healthy on the other two nodes, polled through one of them every 200 ms",
            kills = runs,
            medianSeconds = times[times.Count / 2],
            maxSeconds = times[^1],
        };
    }

    /// <summary>300 cameras over three nodes; 10 clients read settings through node 1 for <paramref name="seconds"/> s (two thirds of the cameras are elsewhere).</summary>
    public static async Task<object> RoundTripsAsync(int seconds)
    {
        await using var rig = await Rig.StartAsync(cameras: 300);
        // Rebalanced: each node hosts at least a quarter of the cameras (two thirds of the calls then go to another node).
        var statuses = await rig.WaitAsync(0, list => list.GroupBy(c => c.Node).Count() == 3 && list.GroupBy(c => c.Node).All(g => g.Count() >= list.Count / 4), TimeSpan.FromSeconds(300));
        string here = rig.Address(0);
        var local = new List<double>();
        var remote = new List<double>();
        using var client = rig.Client(0);
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, 10).Select(async worker =>
        {
            for (int n = worker; clock.Elapsed.TotalSeconds < seconds; n += 10)
            {
                var camera = statuses[n % statuses.Count];
                long start = Stopwatch.GetTimestamp();
                using var reply = await client.GetAsync($"/api/cameras/{camera.CameraId}/settings");
                double ms = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
                if (reply.IsSuccessStatusCode)
                {
                    var into = camera.Node == here ? local : remote;
                    lock (into)
                    {
                        into.Add(ms);
                    }
                }
            }
        }));

        return new
        {
            cameras = statuses.Count,
            camerasPerNode = statuses.GroupBy(c => c.Node).Select(g => g.Count()).Order().ToArray(),
            call = "GET /api/cameras/{id}/settings through node 1, 10 concurrent clients",
            seconds,
            local = Summary(local),
            remote = Summary(remote),
        };
    }

    private static object Summary(List<double> latencies)
    {
        latencies.Sort();
        return new
        {
            calls = latencies.Count,
            p50Ms = Math.Round(latencies[latencies.Count / 2], 2),
            p99Ms = Math.Round(latencies[Math.Min(latencies.Count - 1, (int)(latencies.Count * 0.99))], 2),
            maxMs = Math.Round(latencies[^1], 2),
        };
    }

    private sealed record Status(string CameraId, string Health, string? Node);

    /// <summary>Three nodes from the README's files, with free ports; <c>cameras</c> replaces their 12 cameras when given.</summary>
    private sealed class Rig : IAsyncDisposable
    {
        private readonly string _root = Directory.CreateTempSubdirectory("cluster-bench-").FullName;
        private readonly int[] _clusterPorts = [Loopback.FreePort(), Loopback.FreePort(), Loopback.FreePort()];
        private readonly int[] _httpPorts = [Loopback.FreePort(), Loopback.FreePort(), Loopback.FreePort()];
        private readonly Process?[] _nodes = new Process?[3];
        private bool _keep;

        public int CameraCount { get; private init; }

        public static async Task<Rig> StartAsync(int? cameras)
        {
            var rig = new Rig { CameraCount = cameras ?? 12 };
            for (int n = 0; n < 3; n++)
            {
                rig.Write(n, cameras);
                rig.Start(n);
            }

            // Settled: every node sees every camera healthy, spread over the three.
            for (int n = 0; n < 3; n++)
            {
                await rig.WaitAsync(n, list => list.Select(c => c.Node).Distinct().Count() == 3, TimeSpan.FromSeconds(300));
            }

            return rig;
        }

        public string Address(int n) => $"akka.tcp://capture@127.0.0.1:{_clusterPorts[n]}";

        public HttpClient Client(int n) => new() { BaseAddress = new Uri($"http://127.0.0.1:{_httpPorts[n]}"), Timeout = TimeSpan.FromSeconds(30) };

        public void Start(int n)
        {
            var start = new ProcessStartInfo(Path.Combine(AppContext.BaseDirectory, "Capture.Host")) { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var argument in new[] { "--config", Path.Combine(_root, $"node-{n + 1}.conf"), "--urls", $"http://127.0.0.1:{_httpPorts[n]}", "--Logging:LogLevel:Default=Warning", "--Logging:LogLevel:Akka.Cluster=Information" })
            {
                start.ArgumentList.Add(argument);
            }

            var process = Process.Start(start)!;
            var log = new StreamWriter(Path.Combine(_root, $"node-{n + 1}.log"), append: true) { AutoFlush = true };
            process.OutputDataReceived += (_, e) => { if (e.Data is { } line) lock (log) log.WriteLine(line); };
            process.ErrorDataReceived += (_, e) => { if (e.Data is { } line) lock (log) log.WriteLine(line); };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            _nodes[n] = process;
        }

        public void Kill(int n)
        {
            _nodes[n]!.Kill(entireProcessTree: false);
            _nodes[n]!.WaitForExit();
            _nodes[n]!.Dispose();
            _nodes[n] = null;
        }

        /// <summary>Polls node <paramref name="n"/>'s camera list until every camera is healthy and <paramref name="condition"/> holds.</summary>
        public async Task<List<Status>> WaitAsync(int n, Func<List<Status>, bool> condition, TimeSpan timeout)
        {
            using var client = Client(n);
            var clock = Stopwatch.StartNew();
            while (true)
            {
                try
                {
                    var list = await client.GetFromJsonAsync<List<Status>>("/api/cameras", s_json) ?? [];
                    if (list.Count == CameraCount && list.All(c => c.Health == "Healthy" && c.Node is not null) && condition(list))
                    {
                        return list;
                    }
                }
                catch (HttpRequestException)
                {
                    // Not up yet.
                }

                if (clock.Elapsed > timeout)
                {
                    Console.Error.WriteLine($"  logs kept in {_root}");
                    _keep = true;
                    throw new TimeoutException($"node {n + 1}: the cameras did not get there in {timeout}");
                }

                await Task.Delay(200);
            }
        }

        public async ValueTask DisposeAsync()
        {
            for (int n = 0; n < 3; n++)
            {
                if (_nodes[n] is { } process)
                {
                    process.Kill(entireProcessTree: true);
                    await process.WaitForExitAsync();
                    process.Dispose();
                }
            }

            if (!_keep)
            {
                Directory.Delete(_root, recursive: true);
            }
        }

        private void Write(int n, int? cameras)
        {
            string text = File.ReadAllText(Path.Combine(Directory.GetCurrentDirectory(), "config", "cluster", $"node-{n + 1}.conf"));
            for (int i = 0; i < 3; i++)
            {
                text = text.Replace($"{4051 + i}", $"{_clusterPorts[i]}", StringComparison.Ordinal);
            }

            text = text.Replace("../../recordings/cluster", Path.Combine(_root, "recordings"), StringComparison.Ordinal);
            if (cameras is { } count)
            {
                // The same file with many small cameras: 160×120 at 1 fps keeps 300 of them within two cores.
                string many = string.Join('\n', Enumerable.Range(1, count).Select(i => $"    cam-{i:D3} {{ width = 160, height = 120, frame-rate = 1 }}"));
                int open = text.IndexOf("  cameras {", StringComparison.Ordinal);
                text = text[..open] + "  cameras {\n" + many + "\n  }\n}\n";
            }

            File.WriteAllText(Path.Combine(_root, $"node-{n + 1}.conf"), text);
        }
    }
}
