// Capture.Pipeline benchmarks. Prints one JSON document; compare ratios within one run (the machine is noisy).
//   dotnet run -c Release --project tests/Capture.Benchmarks -- --bench [scenario ...] [--seconds N]
using System.Text.Json;
using Capture.Benchmarks;

var arguments = args.Where(a => a != "--bench").ToList();
int seconds = 10;
if (arguments.IndexOf("--seconds") is >= 0 and var at)
{
    seconds = int.Parse(arguments[at + 1], System.Globalization.CultureInfo.InvariantCulture);
    arguments.RemoveRange(at, 2);
}

var scenarios = new Dictionary<string, Func<int, Task<object>>>
{
    ["synthetic-capture"] = SyntheticCaptureBenchmark.RunAsync,
    ["jpeg-encoders"] = EncoderBenchmark.RunAsync,
    ["rig-round-trips"] = RigRoundTripBenchmark.RunAsync,
    ["pipeline-throughput"] = PipelineBenchmark.ThroughputAsync,
    ["pipeline-latency"] = PipelineBenchmark.LatencyAsync,
    ["mjpeg-pass-through"] = PipelineBenchmark.PassThroughAsync,
    ["live-viewers"] = LiveViewBenchmark.RunAsync,
    ["mjpeg-ingest"] = NetworkCameraBenchmark.MjpegIngestAsync,
    ["mjpeg-recording"] = MjpegRecordingBenchmark.RunAsync,
    ["rtsp-overhead"] = NetworkCameraBenchmark.RtspOverheadAsync,
    ["reconnect"] = NetworkCameraBenchmark.ReconnectAsync,
    ["h264-recording"] = CompressedRecordingBenchmark.RecordingAsync,
    ["h264-cameras"] = CompressedRecordingBenchmark.CamerasAsync,
    ["h264-decode"] = CompressedRecordingBenchmark.DecodeAsync,
    ["h264-on-demand"] = CompressedRecordingBenchmark.OnDemandDecodeAsync,
    ["lossless"] = LosslessBenchmark.RunAsync,
    ["scrape-cost"] = ScrapeCostBenchmark.RunAsync,
    ["synthetic-rig"] = SyntheticRigBenchmark.RunAsync,
    ["motion"] = MotionBenchmark.RunAsync,
    ["cluster-failover"] = ClusterBenchmark.FailoverAsync,
    ["cluster-round-trips"] = ClusterBenchmark.RoundTripsAsync,
    ["genicam-ingest"] = GenICamBenchmark.IngestAsync,
    ["genicam-lossless"] = GenICamBenchmark.LosslessAsync,
};

var selected = arguments.Count > 0 ? arguments : [.. scenarios.Keys];
var results = new Dictionary<string, object>();
foreach (var name in selected)
{
    if (!scenarios.TryGetValue(name, out var run))
    {
        Console.Error.WriteLine($"Unknown scenario '{name}'. Known: {string.Join(", ", scenarios.Keys)}");
        return 2;
    }

    results[name] = await run(seconds);
}

Console.WriteLine(JsonSerializer.Serialize(new
{
    machine = new { Environment.ProcessorCount, os = System.Runtime.InteropServices.RuntimeInformation.OSDescription, runtime = Environment.Version.ToString() },
    results,
}, new JsonSerializerOptions { WriteIndented = true }));
return 0;
