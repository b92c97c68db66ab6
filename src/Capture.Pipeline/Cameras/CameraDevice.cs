using Akka.Actor;
using Capture.Core.Drivers;
using Capture.Core.Imaging;
using Capture.Core.Media;

namespace Capture.Pipeline.Cameras;

/// <summary>One camera's device as its actor sees it: opened through <see cref="MediaDevices"/>, live as a track and an ImageCapture, closed in any state.</summary>
/// <remarks>
/// The device being opened is owned too, so a stop or a hot reload during an open closes it (an ffmpeg child is never
/// left behind). Every close goes into the camera's <see cref="DeviceGate"/>, which the next open waits for.
/// Called only from the actor's thread.
/// </remarks>
internal sealed class CameraDevice(ICameraDriver driver, MediaDevicesOptions options, DeviceGate gate)
{
    private MediaDevices? _devices;
    private CancellationTokenSource? _opening;

    /// <summary>The live track, or null while opening, reconnecting or stopped.</summary>
    public MediaStreamTrack? Track { get; private set; }

    /// <summary>The ImageCapture of the live track.</summary>
    public ImageCapture? Capture { get; private set; }

    /// <summary>Opens the device once the previous close is done and applies <paramref name="desired"/>; a constraint it cannot take is reported, not thrown.</summary>
    public Task<Opened> OpenAsync(MediaTrackConstraints desired)
    {
        Close();
        var devices = new MediaDevices([driver], options);
        var opening = new CancellationTokenSource();
        (_devices, _opening) = (devices, opening);
        return OpenAsync(devices, desired, gate.Closed, opening.Token);
    }

    /// <summary>Takes the track of a finished open; false when the open is stale (closed meanwhile), whose devices are then closed.</summary>
    public bool Accept(Opened opened)
    {
        if (opened.Devices != _devices)
        {
            gate.Add(opened.Devices.DisposeAsync().AsTask());
            return false;
        }

        (Track, Capture) = (opened.Track, new ImageCapture(opened.Track));
        DisposeOpening();
        return true;
    }

    /// <summary>Applies constraints to the live track; returns its settings after.</summary>
    public async Task<MediaTrackSettings> ApplyAsync(MediaTrackConstraints constraints)
    {
        var track = Track ?? throw new InvalidOperationException("The camera is not live.");
        await track.ApplyConstraintsAsync(constraints).ConfigureAwait(false);
        return track.GetSettings();
    }

    /// <summary>Reads a feature by its own name, off the actor's thread (a GigE control call takes a round trip).</summary>
    public Task<string> ReadFeatureAsync(string name) => Task.Run(() => Named().ReadFeature(name));

    /// <summary>Writes a feature by its own name and reads it back, off the actor's thread.</summary>
    public Task<string> WriteFeatureAsync(string name, string value) => Task.Run(() => Named().WriteFeature(name, value));

    /// <summary>Features the user wrote by name before, written whenever the camera opens (a camera without features by name has none).</summary>
    public void KeepFeatures(IEnumerable<KeyValuePair<string, string>> features) => (driver as INamedFeatures)?.Keep(features);

    /// <summary>Fires the camera's software trigger and waits for the frame it exposed.</summary>
    /// <exception cref="MediaException">NotSupportedError: the camera is not in software trigger mode.</exception>
    public Task<TriggeredFrame> TriggerAsync() => driver is ISoftwareTrigger { IsArmed: true } trigger
        ? trigger.TriggerAsync(CancellationToken.None)
        : Task.FromException<TriggeredFrame>(new MediaException(MediaErrorNames.NotSupportedError, "The camera has no software trigger: give it trigger { mode = software } (a genicam camera)."));

    /// <summary>
    /// Arms for a synchronised start, arrives at <paramref name="barrier"/>, and once it releases starts the camera;
    /// answers the first frame after the release. A camera that cannot stop acquiring answers its next frame.
    /// </summary>
    /// <exception cref="MediaException">NotSupportedError: the camera is in trigger mode (it starts on its trigger).</exception>
    public async Task<TriggeredFrame> StartTogetherAsync(CameraId id, StartBarrier barrier)
    {
        var track = Track ?? throw new InvalidOperationException("The camera is not live.");
        try
        {
            if (driver is ISoftwareTrigger { IsArmed: true })
            {
                throw new MediaException(MediaErrorNames.NotSupportedError, "A camera in trigger mode exposes on its trigger: it is not started with the rig.");
            }

            if (driver is ISynchronisedStart armable)
            {
                await Task.Run(armable.Arm).ConfigureAwait(false); // a GigE control round trip: off the actor's thread
            }
        }
        catch
        {
            barrier.Withdraw(id);
            throw;
        }

        barrier.Arrive(id);
        long released = await barrier.Released.ConfigureAwait(false);
        if (driver is ISynchronisedStart started)
        {
            return await started.Release(CancellationToken.None).ConfigureAwait(false);
        }

        using var next = new MediaStreamTrackProcessor(track, maxBufferSize: 1);
        using var timeout = new CancellationTokenSource(options.GrabFrameTimeout);
        try
        {
            using var frame = await next.Readable.ReadAsync(timeout.Token).ConfigureAwait(false);
            return new TriggeredFrame(frame.Info.Sequence, frame.Info.DeviceTimestamp, released, frame.Info.HostTimestamp);
        }
        catch (Exception e) when (e is OperationCanceledException or System.Threading.Channels.ChannelClosedException)
        {
            throw new MediaException(MediaErrorNames.OperationError, "No frame came after the start (the track ended or the camera stalled).", e);
        }
    }

    private INamedFeatures Named() => driver as INamedFeatures
        ?? throw new MediaException(MediaErrorNames.NotSupportedError, "The camera has no features by name: only a genicam camera has.");

    /// <summary>Closes whatever is open or opening; the returned task (also in the gate) ends when it is closed.</summary>
    public Task Close()
    {
        _opening?.Cancel();
        DisposeOpening();
        var devices = _devices;
        (_devices, Track, Capture) = (null, null, null);
        var closing = devices is null ? Task.CompletedTask : devices.DisposeAsync().AsTask();
        gate.Add(closing);
        return closing;
    }

    /// <summary>Closes the device and, once <paramref name="before"/> has ended too, disposes the driver; the next incarnation's open waits for both.</summary>
    public void Dispose(Task before)
    {
        gate.Add(DisposeDriverAsync(Task.WhenAll(before, Close())));
    }

    private async Task DisposeDriverAsync(Task before)
    {
        await before.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        await driver.DisposeAsync().ConfigureAwait(false);
    }

    private void DisposeOpening()
    {
        _opening?.Dispose();
        _opening = null;
    }

    private static async Task<Opened> OpenAsync(MediaDevices devices, MediaTrackConstraints desired, Task previousClose, CancellationToken cancellationToken)
    {
        await previousClose.ConfigureAwait(false);
        var stream = await devices.GetUserMediaAsync(new MediaStreamConstraints { Video = true }, cancellationToken).ConfigureAwait(false);
        var track = stream.GetVideoTracks()[0];
        try
        {
            await track.ApplyConstraintsAsync(desired, cancellationToken).ConfigureAwait(false);
            return new Opened(devices, track, null);
        }
        catch (Exception e) when (e is OverconstrainedException or ArgumentException)
        {
            // The camera works; what it was asked for no longer fits it. Keep it running and say so.
            return new Opened(devices, track, e.Message);
        }
    }

    /// <summary>A finished open: the devices it used, the track, and what of the desired constraints could not be applied.</summary>
    public sealed record Opened(MediaDevices Devices, MediaStreamTrack Track, string? Problem) : INoSerializationVerificationNeeded;
}
