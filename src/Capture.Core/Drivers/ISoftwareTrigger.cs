namespace Capture.Core.Drivers;

/// <summary>A camera that exposes one frame on a software command (GenICam <c>TriggerSoftware</c>), when it is in software trigger mode.</summary>
public interface ISoftwareTrigger
{
    /// <summary>Whether the camera is open in software trigger mode.</summary>
    bool IsArmed { get; }

    /// <summary>Fires the trigger and waits for the frame it exposed.</summary>
    /// <exception cref="InvalidOperationException">The camera is not open in software trigger mode.</exception>
    /// <exception cref="TimeoutException">No frame came within five seconds.</exception>
    Task<TriggeredFrame> TriggerAsync(CancellationToken cancellationToken);
}

/// <summary>The frame one trigger exposed.</summary>
/// <param name="Sequence">The frame's sequence number (the device's frame id).</param>
/// <param name="DeviceTimestamp">The device's timestamp of the frame.</param>
/// <param name="FiredAt">Host monotonic time when the trigger command was sent, in <see cref="System.Diagnostics.Stopwatch"/> ticks.</param>
/// <param name="ArrivedAt">Host monotonic time when the frame arrived, in <see cref="System.Diagnostics.Stopwatch"/> ticks.</param>
public sealed record TriggeredFrame(long Sequence, TimeSpan? DeviceTimestamp, long FiredAt, long ArrivedAt);
