namespace Capture.Core.Imaging;

/// <summary>An encoded still image, the result of <c>TakePhotoAsync</c> (the W3C <c>Blob</c>'s role).</summary>
/// <param name="Bytes">The encoded image.</param>
/// <param name="Type">Its MIME type, e.g. "image/jpeg".</param>
/// <param name="CapturedAt">When the pictured frame was captured (UTC wall clock), where the camera knows: photos of several cameras compare by it.</param>
public sealed record Photo(ReadOnlyMemory<byte> Bytes, string Type, DateTime? CapturedAt = null)
{
    /// <summary>The size in bytes.</summary>
    public long Size => Bytes.Length;
}
