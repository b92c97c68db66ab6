using Capture.Core.Frames;

namespace Capture.Pipeline.Configuration;

/// <summary>One stage of a camera's pipeline as configured (<c>pipeline = [ … ]</c>): a closed set of records, one per kind.</summary>
public abstract record StageSettings
{
    private protected StageSettings()
    {
    }

    /// <summary>Whether the stage works on pixels, so that an encoded camera needs a decode stage before it.</summary>
    public virtual bool NeedsPixels => true;
}

/// <summary><c>{ decode { frame-rate = 5 } }</c>: JPEG or H.264/H.265 to raw pixels, at most <paramref name="FrameRate"/> frames a second (every frame when null).</summary>
public sealed record DecodeStageSettings(double? FrameRate) : StageSettings
{
    /// <inheritdoc />
    public override bool NeedsPixels => false;
}

/// <summary><c>overlay</c>: the camera's label and the capture time drawn on each frame.</summary>
public sealed record OverlayStageSettings : StageSettings;

/// <summary><c>{ resize { width, height } }</c>.</summary>
public sealed record ResizeStageSettings(int Width, int Height) : StageSettings;

/// <summary><c>{ crop { x, y, width, height } }</c>.</summary>
public sealed record CropStageSettings(int X, int Y, int Width, int Height) : StageSettings;

/// <summary><c>{ convert = bgra | rgba }</c>.</summary>
public sealed record ConvertStageSettings(VideoPixelFormat Format) : StageSettings;

/// <summary><c>{ encode = jpeg | png, quality = 85 }</c>.</summary>
public sealed record EncodeStageSettings(VideoPixelFormat Format, int Quality) : StageSettings
{
    /// <inheritdoc />
    public override bool NeedsPixels => Format is VideoPixelFormat.Png or VideoPixelFormat.Qoi; // a JPEG camera's frames pass a JPEG encoder as they are
}
