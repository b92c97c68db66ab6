namespace Capture.TestSupport;

/// <summary>Several fake GigE cameras at once, each on its own loopback address, stopped together.</summary>
public sealed class FakeGigECameras : IDisposable
{
    private FakeGigECameras(IReadOnlyList<FakeGigECamera> cameras) => Cameras = cameras;

    /// <summary>The cameras: serials GV01, GV02… on 127.0.0.1, 127.0.0.2….</summary>
    public IReadOnlyList<FakeGigECamera> Cameras { get; }

    /// <summary>Starts <paramref name="count"/> cameras (specs that use it are <c>[ToolFact("arv-fake-gv-camera-0.8", "loopback-addresses")]</c>).</summary>
    public static FakeGigECameras Start(int count)
    {
        var addresses = Enumerable.Range(1, count).Select(n => $"127.0.0.{n}").ToList();
        LoopbackAddresses.Ensure(addresses.Skip(1));
        return new FakeGigECameras(addresses.Select((address, i) => FakeGigECamera.Start($"GV{i + 1:00}", address: address)).ToList());
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var camera in Cameras)
        {
            camera.Dispose();
        }
    }
}
