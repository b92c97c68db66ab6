namespace Capture.Pipeline.Configuration;

/// <summary>One processing stage of a camera's pipeline, as configured in <c>pipeline = [ … ]</c>.</summary>
/// <param name="Kind">"overlay", "resize", "crop", "convert" or "encode".</param>
/// <param name="Quality">JPEG quality for "encode".</param>
/// <param name="Width">Target width for "resize" and "crop".</param>
/// <param name="Height">Target height for "resize" and "crop".</param>
/// <param name="X">Left edge for "crop".</param>
/// <param name="Y">Top edge for "crop".</param>
/// <param name="Format">"jpeg" or "png" for "encode"; "bgra" or "rgba" for "convert".</param>
public sealed record ProcessorSettings(string Kind, int Quality = 85, int Width = 0, int Height = 0, int X = 0, int Y = 0, string Format = "jpeg")
{
    /// <summary>The kinds a pipeline accepts.</summary>
    public static IReadOnlyList<string> Kinds { get; } = ["overlay", "resize", "crop", "convert", "encode"];
}
