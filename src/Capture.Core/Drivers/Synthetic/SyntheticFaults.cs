namespace Capture.Core.Drivers.Synthetic;

/// <summary>Failures a synthetic camera is told to produce, so supervision and pipelines can be tested.</summary>
public sealed record SyntheticFaults
{
    /// <summary>No faults.</summary>
    public static SyntheticFaults None { get; } = new();

    /// <summary>Signal a device fault (as if unplugged) once an open has delivered this many frames; 0 fails every open at once.</summary>
    public int? DisconnectAfterFrames { get; init; }

    /// <summary>Stop delivering (mute) after this many frames of one open, for <see cref="StallDuration"/>.</summary>
    public int? StallAfterFrames { get; init; }

    /// <summary>How long a stall lasts; <see cref="Timeout.InfiniteTimeSpan"/> stalls for good.</summary>
    public TimeSpan StallDuration { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Deliver every Nth frame truncated to half its length, as a broken sensor or cable would.</summary>
    public int? CorruptEveryNthFrame { get; init; }

    /// <summary>Fail this many photo requests, then succeed again.</summary>
    public int FailPhotos { get; init; }

    /// <summary>Fail opening the device this many times, then succeed.</summary>
    public int FailOpens { get; init; }

    /// <summary>How long each open takes, as a slow network camera's would (it can be cancelled).</summary>
    public TimeSpan OpenDelay { get; init; }

    /// <summary>How long each photo takes, as a network camera's waiting for its next frame would (it can be cancelled).</summary>
    public TimeSpan PhotoDelay { get; init; }
}
