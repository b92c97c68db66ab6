namespace Capture.Core.Video;

/// <summary>One sample (access unit) of an MP4 fragment: its size, duration, composition offset and whether decoding can start at it.</summary>
/// <param name="Size">Bytes of the sample in the <c>mdat</c>.</param>
/// <param name="Duration">Ticks until the next sample's decode time.</param>
/// <param name="CompositionOffset">Presentation time minus decode time, in ticks.</param>
/// <param name="IsKeyFrame">A sync sample (IDR / IRAP).</param>
public readonly record struct Mp4Sample(int Size, int Duration, int CompositionOffset, bool IsKeyFrame);
