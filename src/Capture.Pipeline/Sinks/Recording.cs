namespace Capture.Pipeline.Sinks;

/// <summary>One finished video segment of a camera, as the recordings API lists it.</summary>
/// <param name="Name">The file name, unique per camera (<c>{camera}-{yyyyMMdd-HHmmss-fff}.mp4</c>).</param>
/// <param name="Start">UTC capture time of its first frame (from its name).</param>
/// <param name="End">UTC time its last frame was written.</param>
/// <param name="Size">Bytes.</param>
/// <param name="Codec">The RFC 6381 codec (<c>avc1.42C01F</c>, <c>hvc1.1.6.L93.B0</c>) or <c>mjpeg</c>.</param>
/// <param name="MimeType">What a browser is told it is: <c>video/mp4</c> or <c>video/x-msvideo</c>.</param>
public sealed record Recording(string Name, DateTime Start, DateTime End, long Size, string Codec, string MimeType);
