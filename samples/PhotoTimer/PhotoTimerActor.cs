using Akka.Actor;
using Akka.Event;
using Capture.Pipeline.Cameras;
using Capture.Pipeline;

namespace PhotoTimer;

/// <summary>Subscribes to <see cref="CameraStateChanged"/> and photographs every healthy camera on a timer.</summary>
internal sealed class PhotoTimerActor : ReceiveActor, IWithTimers
{
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly HashSet<CameraId> _healthy = [];

    public PhotoTimerActor(ICaptureRig rig, TimeSpan interval, string folder)
    {
        Receive<CameraStateChanged>(changed =>
        {
            _log.Info("{0}: {1} -> {2}", changed.CameraId, changed.Previous, changed.Current);
            _ = changed.Current == CameraHealth.Healthy ? _healthy.Add(changed.CameraId) : _healthy.Remove(changed.CameraId);
        });
        Receive<Tick>(_ =>
        {
            foreach (var id in _healthy)
            {
                string file = Path.Combine(folder, $"{id}-{DateTime.UtcNow:yyyyMMdd-HHmmss}.jpg");
                rig.Camera(id.Value).TakePhotoAsync()
                    .ContinueWith(t => t.IsCompletedSuccessfully ? $"{id}: {file} ({Save(file, t.Result.Bytes)} bytes)" : $"{id}: no photo ({t.Exception?.InnerException?.Message})", TaskScheduler.Default)
                    .PipeTo(Self);
            }
        });
        Receive<string>(line => _log.Info(line));
        Interval = interval;
    }

    public ITimerScheduler Timers { get; set; } = null!;

    private TimeSpan Interval { get; }

    public static Props Props(ICaptureRig rig, TimeSpan interval, string folder) =>
        Akka.Actor.Props.Create(() => new PhotoTimerActor(rig, interval, folder));

    protected override void PreStart()
    {
        Context.System.EventStream.Subscribe(Self, typeof(CameraStateChanged));
        Timers.StartPeriodicTimer(nameof(Tick), Tick.Instance, Interval);
    }

    private static int Save(string file, ReadOnlyMemory<byte> bytes)
    {
        File.WriteAllBytes(file, bytes.ToArray());
        return bytes.Length;
    }

    private sealed class Tick
    {
        public static readonly Tick Instance = new();

        private Tick()
        {
        }
    }
}
