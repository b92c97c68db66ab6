namespace Capture.Pipeline.Configuration;

/// <summary>One processing stage of a camera's pipeline, as configured in <c>pipeline = [ … ]</c>.</summary>
/// <param name="Kind">"overlay", "resize" or "encode".</param>
/// <param name="Quality">JPEG quality for "encode".</param>
/// <param name="Width">Target width for "resize".</param>
/// <param name="Height">Target height for "resize".</param>
public sealed record ProcessorSettings(string Kind, int Quality = 85, int Width = 0, int Height = 0)
{
    /// <summary>The kinds a pipeline accepts.</summary>
    public static IReadOnlyList<string> Kinds { get; } = ["overlay", "resize", "encode"];
}
