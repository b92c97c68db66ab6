namespace Capture.Pipeline.Configuration;

/// <summary>One processing stage of a camera's pipeline, as configured in <c>pipeline = [ … ]</c>.</summary>
/// <param name="Kind">"overlay", "resize", "crop", "convert" or "encode".</param>
/// <param name="Quality">JPEG quality for "encode".</param>
/// <param name="Width">Target width for "resize" and "crop".</param>
/// <param name="Height">Target height for "resize" and "crop".</param>
/// <param name="X">Left edge for "crop".</param>
/// <param name="Y">Top edge for "crop".</param>
/// <param name="Format">"jpeg" or "png" for "encode"; "bgra" or "rgba" for "convert".</param>
/// <param name="FrameRate">For "decode": at most this many frames a second; every frame when null.</param>
public sealed record ProcessorSettings(string Kind, int Quality = 85, int Width = 0, int Height = 0, int X = 0, int Y = 0, string Format = "jpeg", double? FrameRate = null)
{
    /// <summary>The kinds a pipeline accepts.</summary>
    public static IReadOnlyList<string> Kinds { get; } = ["decode", "overlay", "resize", "crop", "convert", "encode"];

    /// <summary>Whether the stage works on pixels, so encoded frames must be decoded before it (JPEG reaching a JPEG encoder passes as it is).</summary>
    public bool NeedsPixels => Kind is "overlay" or "resize" or "crop" or "convert" || (Kind == "encode" && Format == "png");
}
