using System.Buffers;
using System.IO.Pipelines;
using System.Text;
using System.Threading.Channels;
using Capture.Core.Drivers;
using Capture.Core.Frames;
using Capture.Core.Imaging;
using Capture.Core.Media;
using Capture.Drivers;
using Capture.Pipeline.Tests.Infrastructure;

namespace Capture.Pipeline.Tests.Drivers;

/// <summary>A stream camera fed part by part through a pipe: what a corrupt part may and may not do.</summary>
public sealed class StreamCameraDriverSpecs
{
    private static readonly byte[] s_corrupt = new byte[2048];

    [Fact]
    public async Task The_size_should_come_from_the_first_valid_part_when_the_first_part_is_corrupt()
    {
        await using var camera = new PipedCamera();
        await camera.SendAsync(s_corrupt);
        await camera.SendAsync(Jpeg(64, 48));

        var settings = await camera.OpenAsync(new MediaTrackSettings(), camera.Observer, CancellationToken.None);

        Assert.Equal((64, 48), (settings.Width, settings.Height));
        Assert.Equal(64, camera.Profile.PhotoCapabilities!.ImageWidth!.Max);
    }

    [Fact]
    public async Task A_corrupt_part_should_leave_a_waiting_photo_to_the_next_good_part()
    {
        await using var camera = new PipedCamera();
        await camera.SendAsync(Jpeg(64, 48));
        await camera.OpenAsync(new MediaTrackSettings(), camera.Observer, CancellationToken.None);
        (await camera.Observer.Frames.ReadAsync()).Dispose();

        var photo = camera.TakePhotoAsync(new PhotoSettings(), CancellationToken.None);
        await camera.SendAsync(s_corrupt);
        using (var corrupt = await camera.Observer.Frames.ReadAsync())
        {
            Assert.Equal(0, corrupt.Width);
        }

        bool answeredByCorrupt = photo.IsCompleted;
        await camera.SendAsync(Jpeg(64, 48));
        var taken = await photo.WaitAsync(TimeSpan.FromSeconds(5));

        Assert.False(answeredByCorrupt);
        Assert.Equal((64, 48), JpegInfo.Read(taken.Bytes.Span));
    }

    private static byte[] Jpeg(int width, int height)
    {
        using var frame = TestFrames.Raw(new FramePool(), 1, width, height);
        var output = new ArrayBufferWriter<byte>();
        ImageEncoders.Jpeg.Encode(ImageView.Of(frame), 80, output);
        return output.WrittenSpan.ToArray();
    }

    /// <summary>An MJPEG camera whose multipart stream the spec writes.</summary>
    private sealed class PipedCamera() : StreamCameraDriver(new CameraDescriptor("piped", "Piped camera"), TimeSpan.FromSeconds(5), 15)
    {
        private readonly Pipe _pipe = new();

        public RecordingObserver Observer { get; } = new();

        public async Task SendAsync(byte[] part)
        {
            await _pipe.Writer.WriteAsync(Encoding.ASCII.GetBytes($"--frame\r\nContent-Type: image/jpeg\r\nContent-Length: {part.Length}\r\n\r\n"));
            await _pipe.Writer.WriteAsync(part);
            await _pipe.Writer.WriteAsync("\r\n"u8.ToArray());
        }

        protected override Task<(Stream Stream, string? Boundary)> ConnectAsync(CancellationToken cancellationToken) =>
            Task.FromResult<(Stream, string?)>((_pipe.Reader.AsStream(), "frame"));

        protected override async ValueTask DisconnectAsync() => await _pipe.Writer.CompleteAsync();

        protected override string Describe() => "the piped camera";
    }

    /// <summary>Keeps what the driver delivers, for the spec to read in order.</summary>
    private sealed class RecordingObserver : ICameraObserver
    {
        private readonly Channel<VideoFrame> _frames = Channel.CreateUnbounded<VideoFrame>();

        public ChannelReader<VideoFrame> Frames => _frames.Reader;

        public void OnFrame(VideoFrame frame) => _frames.Writer.TryWrite(frame); // the observer owns what it is handed

        public void OnMuted(bool muted)
        {
        }

        public void OnFault(Exception error) => _frames.Writer.TryComplete(error);
    }
}
