namespace Capture.Core.Drivers;

/// <summary>A camera whose acquisition stops and starts on command while it stays open (GenICam <c>AcquisitionStop</c>/<c>AcquisitionStart</c>), so that several can start at one instant.</summary>
/// <remarks>A camera without it starts together all the same: its first frame after the release is the one it answers.</remarks>
public interface ISynchronisedStart
{
    /// <summary>Stops acquiring; the device and its stream stay ready, so that <see cref="Release"/> takes one command.</summary>
    void Arm();

    /// <summary>Starts acquiring now; the task answers the first frame (its <c>FiredAt</c> is this call).</summary>
    Task<TriggeredFrame> Release(CancellationToken cancellationToken);
}
