using System.Runtime.InteropServices;
using Capture.Drivers.GenICam.Internal;

namespace Capture.Drivers.GenICam;

/// <summary>Reads one buffer: its bytes, the device's frame id and timestamp (ns), its image size, and whether it arrived whole.</summary>
internal delegate void BufferConsumer(ReadOnlySpan<byte> data, ulong frameId, ulong timestampNanoseconds, int width, int height, bool complete);

/// <summary>
/// One GenICam camera through Aravis: its features by name (each call under one lock, so the capture thread's probe
/// and the actor's settings never interleave on the control channel), and its stream of buffers.
/// </summary>
internal sealed unsafe class AravisCamera : IGenICamFeatures, IDisposable
{
    // Aravis finds a camera through its process-wide interface list, which is not safe to update from two threads.
    private static readonly Lock s_discovery = new();
    private readonly Lock _control = new();
    private IntPtr _camera;
    private IntPtr _stream;

    private AravisCamera(IntPtr camera, string device) => (_camera, Device) = (camera, device);

    /// <summary>The name it was opened by.</summary>
    public string Device { get; }

    /// <summary>Opens the camera named <paramref name="device"/> (its id, such as <c>Aravis-Fake-GV01</c>, serial or address).</summary>
    /// <exception cref="IOException">No such camera answers.</exception>
    public static AravisCamera Open(string device)
    {
        AravisNative.GError* error = null;
        IntPtr camera;
        lock (s_discovery)
        {
            camera = AravisNative.CameraNew(device, &error);
        }

        AravisNative.Check(error, $"GenICam camera '{device}'");
        return camera == IntPtr.Zero ? throw new IOException($"GenICam camera '{device}': not found") : new AravisCamera(camera, device);
    }

    /// <summary>The cameras Aravis finds on this machine's interfaces.</summary>
    public static IReadOnlyList<string> Enumerate()
    {
        lock (s_discovery)
        {
            AravisNative.UpdateDeviceList();
            return [.. Enumerable.Range(0, (int)AravisNative.DeviceCount()).Select(i => Marshal.PtrToStringUTF8(AravisNative.DeviceId((uint)i)) ?? string.Empty)];
        }
    }

    /// <inheritdoc />
    public bool Has(string feature) => Call(feature, "read", (camera, name, error) => AravisNative.IsFeatureAvailable(camera, name, error) != 0);

    /// <inheritdoc />
    public long GetInteger(string feature) => Call(feature, "read", AravisNative.GetInteger);

    /// <inheritdoc />
    public void SetInteger(string feature, long value) => Call(feature, $"set to {value}", (camera, name, error) => { AravisNative.SetInteger(camera, name, value, error); return 0; });

    /// <inheritdoc />
    public (long Min, long Max, long Step) IntegerRange(string feature) => Call(feature, "read the range of", (camera, name, error) =>
    {
        long min = 0, max = 0;
        AravisNative.GetIntegerBounds(camera, name, &min, &max, error);
        long step = *error is null ? AravisNative.GetIntegerIncrement(camera, name, error) : 1;
        return (min, max, Math.Max(1, step));
    });

    /// <inheritdoc />
    public double GetFloat(string feature) => Call(feature, "read", AravisNative.GetFloat);

    /// <inheritdoc />
    public void SetFloat(string feature, double value) => Call(feature, $"set to {value}", (camera, name, error) => { AravisNative.SetFloat(camera, name, value, error); return 0; });

    /// <inheritdoc />
    public (double Min, double Max) FloatRange(string feature) => Call(feature, "read the range of", (camera, name, error) =>
    {
        double min = 0, max = 0;
        AravisNative.GetFloatBounds(camera, name, &min, &max, error);
        return (min, max);
    });

    /// <inheritdoc />
    public string GetString(string feature) => Call(feature, "read", (camera, name, error) => Marshal.PtrToStringUTF8(AravisNative.GetString(camera, name, error)) ?? string.Empty);

    /// <inheritdoc />
    public void SetString(string feature, string value) => Call(feature, $"set to '{value}'", (camera, name, error) => { AravisNative.SetString(camera, name, value, error); return 0; });

    /// <inheritdoc />
    public IReadOnlyList<string> Choices(string feature) => Call(feature, "list the values of", (camera, name, error) =>
    {
        uint count = 0;
        var values = AravisNative.AvailableEnumerations(camera, name, &count, error);
        if (values is null)
        {
            return (IReadOnlyList<string>)[];
        }

        var names = Enumerable.Range(0, (int)count).Select(i => Marshal.PtrToStringUTF8(values[i]) ?? string.Empty).ToArray();
        AravisNative.Free(values); // the array only: its strings belong to the camera
        return names;
    });

    /// <inheritdoc />
    public void Execute(string feature) => Call(feature, "execute", (camera, name, error) => { AravisNative.ExecuteCommand(camera, name, error); return 0; });

    /// <summary>Any feature's value as text (its node's own conversion), or null when the camera has no such feature.</summary>
    public string? ReadFeature(string feature) => Call(feature, "read", (camera, name, error) =>
        Node(camera, name) is var node && node == IntPtr.Zero ? null : Marshal.PtrToStringUTF8(AravisNative.FeatureValue(node, error)) ?? string.Empty);

    /// <summary>Writes any feature from text; false when the camera has no such feature.</summary>
    public bool WriteFeature(string feature, string value) => Call(feature, $"set to '{value}'", (camera, name, error) =>
    {
        var node = Node(camera, name);
        if (node != IntPtr.Zero)
        {
            AravisNative.SetFeatureValue(node, value, error);
        }

        return node != IntPtr.Zero;
    });

    /// <summary>Allocates <paramref name="buffers"/> buffers of the current payload and starts continuous acquisition.</summary>
    public void StartStream(int buffers)
    {
        lock (_control)
        {
            AravisNative.GError* error = null;
            uint payload = AravisNative.GetPayload(_camera, &error);
            AravisNative.Check(error, $"GenICam camera '{Device}': payload");
            var stream = AravisNative.CreateStream(_camera, IntPtr.Zero, IntPtr.Zero, &error);
            AravisNative.Check(error, $"GenICam camera '{Device}': stream");
            for (int i = 0; i < buffers; i++)
            {
                AravisNative.PushBuffer(stream, AravisNative.BufferNew(payload));
            }

            _stream = stream;
            AravisNative.SetAcquisitionMode(_camera, AravisNative.AcquisitionModeContinuous, &error);
            AravisNative.Check(error, $"GenICam camera '{Device}': acquisition mode");
            AravisNative.StartAcquisition(_camera, &error);
            AravisNative.Check(error, $"GenICam camera '{Device}': start");
        }
    }

    /// <summary>Stops acquisition; the stream and its buffers stay, so that <see cref="ResumeAcquisition"/> is one command.</summary>
    public void PauseAcquisition() => Acquisition(start: false);

    /// <summary>Starts acquisition again on the same stream.</summary>
    public void ResumeAcquisition() => Acquisition(start: true);

    private void Acquisition(bool start)
    {
        lock (_control)
        {
            AravisNative.GError* error = null;
            if (start)
            {
                AravisNative.StartAcquisition(_camera, &error);
            }
            else
            {
                AravisNative.StopAcquisition(_camera, &error);
            }

            AravisNative.Check(error, $"GenICam camera '{Device}': {(start ? "start" : "stop")}");
        }
    }

    /// <summary>Waits up to <paramref name="timeoutMilliseconds"/> for a buffer, hands it to <paramref name="consume"/>, and gives it back to the stream.</summary>
    /// <returns>False when none came in time.</returns>
    public bool Dequeue(int timeoutMilliseconds, BufferConsumer consume)
    {
        var buffer = AravisNative.PopBuffer(_stream, (ulong)timeoutMilliseconds * 1000);
        if (buffer == IntPtr.Zero)
        {
            return false;
        }

        try
        {
            int status = AravisNative.BufferStatus(buffer);
            if (status == AravisNative.BufferStatusAborted)
            {
                return true; // cut short by our own acquisition stop: no frame was lost
            }

            nuint size = 0;
            byte* data = AravisNative.BufferData(buffer, &size);
            bool complete = status == AravisNative.BufferStatusSuccess;
            consume(
                complete ? new ReadOnlySpan<byte>(data, checked((int)size)) : default,
                AravisNative.BufferFrameId(buffer),
                AravisNative.BufferTimestamp(buffer),
                complete ? AravisNative.BufferWidth(buffer) : 0, // an incomplete buffer has no image part to ask (Aravis warns)
                complete ? AravisNative.BufferHeight(buffer) : 0,
                complete);
        }
        finally
        {
            AravisNative.PushBuffer(_stream, buffer);
        }

        return true;
    }

    /// <summary>Buffers the stream completed, and those it gave up on (missing packets and the like).</summary>
    public (ulong Completed, ulong Failed) StreamStatistics()
    {
        ulong completed = 0, failures = 0, underruns = 0;
        if (_stream != IntPtr.Zero)
        {
            AravisNative.StreamStatistics(_stream, &completed, &failures, &underruns);
        }

        return (completed, failures);
    }

    /// <summary>Stops acquisition and frees the stream with its buffers; the camera stays open.</summary>
    public void StopStream()
    {
        lock (_control)
        {
            if (_stream == IntPtr.Zero)
            {
                return;
            }

            AravisNative.GError* error = null;
            AravisNative.StopAcquisition(_camera, &error);
            AravisNative.Unref(_stream);
            _stream = IntPtr.Zero;
            AravisNative.Check(error, $"GenICam camera '{Device}': stop"); // after freeing: a camera that died is stopped all the same
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        try
        {
            StopStream();
        }
        catch (IOException)
        {
            // A camera that no longer answers is closed all the same.
        }

        lock (_control)
        {
            if (_camera != IntPtr.Zero)
            {
                AravisNative.Unref(_camera);
                _camera = IntPtr.Zero;
            }
        }
    }

    private static IntPtr Node(IntPtr camera, string feature) => AravisNative.DeviceFeature(AravisNative.CameraDevice(camera), feature);

    private T Call<T>(string feature, string doing, FeatureCall<T> call)
    {
        lock (_control)
        {
            ObjectDisposedException.ThrowIf(_camera == IntPtr.Zero, this);
            AravisNative.GError* error = null;
            var result = call(_camera, feature, &error);
            AravisNative.Check(error, $"GenICam camera '{Device}': {doing} {feature}");
            return result;
        }
    }

    private delegate T FeatureCall<out T>(IntPtr camera, string feature, AravisNative.GError** error);
}
