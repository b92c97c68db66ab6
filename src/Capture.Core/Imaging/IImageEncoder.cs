using System.Buffers;

namespace Capture.Core.Imaging;

/// <summary>Encodes raw pixels into an image format; the one seam through which the media model encodes.</summary>
/// <remarks>Implementations are thread-safe, and write into the caller's buffer so encoding need not allocate.</remarks>
public interface IImageEncoder
{
    /// <summary>The MIME type produced, e.g. "image/jpeg".</summary>
    string MimeType { get; }

    /// <summary>Encodes <paramref name="image"/> into <paramref name="output"/>.</summary>
    /// <param name="image">The pixels.</param>
    /// <param name="quality">1–100 for lossy formats; ignored by lossless ones.</param>
    /// <param name="output">Receives the encoded bytes.</param>
    void Encode(in ImageView image, int quality, IBufferWriter<byte> output);
}
