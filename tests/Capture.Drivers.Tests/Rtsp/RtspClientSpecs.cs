using System.Buffers.Binary;
using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using Capture.Core.Frames;
using Capture.Drivers.Rtsp;
using Capture.Drivers.Tests.Infrastructure;

namespace Capture.Drivers.Tests.Rtsp;

/// <summary>The RTSP conversation with a camera, against a scripted server: authentication, interleaved media, keep-alives, reports, teardown, and every refusal or hostile answer a camera can give.</summary>
public sealed class RtspClientSpecs
{
    // A real 64x48 H.264 stream (x264, baseline): its parameter sets, a keyframe and a P-frame.
    private static readonly byte[] s_sps = Convert.FromHexString("6742c00ad9047b0110000003001000000301e0f1226480");
    private static readonly byte[] s_pps = Convert.FromHexString("68cb83cb20");
    private static readonly byte[] s_idr = Convert.FromHexString("6588840df118a0002a9f1c00050a238000846c9c9c9d75d75d75d75e");
    private static readonly byte[] s_slice = Convert.FromHexString("419a3817e360");

    private static readonly string s_sdp = $"v=0\r\ns=cam\r\nt=0 0\r\na=control:*\r\nm=video 0 RTP/AVP 96\r\na=rtpmap:96 H264/90000\r\n" +
        $"a=fmtp:96 packetization-mode=1;sprop-parameter-sets={Convert.ToBase64String(s_sps)},{Convert.ToBase64String(s_pps)}\r\na=control:track1\r\n";

    [Fact]
    public async Task A_camera_asking_for_Digest_should_be_played_with_its_frames_keep_alives_and_reports_then_torn_down()
    {
        await using var server = new ScriptedRtspServer(async (request, stream) =>
        {
            byte[] reply = request.Method switch
            {
                "OPTIONS" => ScriptedRtspServer.Response(request, "200 OK", "Public: OPTIONS, DESCRIBE, SETUP, PLAY, TEARDOWN, GET_PARAMETER\r\n"),
                "DESCRIBE" when request.Header("Authorization") is null => ScriptedRtspServer.Response(request, "401 Unauthorized", "WWW-Authenticate: Digest realm=\"cam\", nonce=\"abc123\"\r\n"),
                "DESCRIBE" => ScriptedRtspServer.Response(request, "200 OK", $"Content-Type: application/sdp\r\nContent-Base: {request.Url}/\r\n", s_sdp),
                "SETUP" => ScriptedRtspServer.Response(request, "200 OK", "Session: 5EC10N;timeout=2\r\nTransport: RTP/AVP/TCP;unicast;interleaved=0-1\r\n"),
                "PLAY" => ScriptedRtspServer.Response(request, "200 OK", "Session: 5EC10N\r\n"),
                _ => ScriptedRtspServer.Response(request, "200 OK", "Session: 5EC10N\r\n"),
            };
            await stream.WriteAsync(reply);
            if (request.Method == "PLAY")
            {
                // A keyframe (parameter sets aggregated, the slice in fragments), then P-frames; an RTCP sender report and an unasked-for reply among them.
                _ = Task.Run(async () =>
                {
                    ushort sequence = 7;
                    await stream.WriteAsync(Rtp(ref sequence, 1000, false, [0x78, 0, (byte)s_sps.Length, .. s_sps, 0, (byte)s_pps.Length, .. s_pps]));
                    await stream.WriteAsync(Rtp(ref sequence, 1000, false, [0x7C, 0x85, .. s_idr[1..10]]));
                    await stream.WriteAsync(Rtp(ref sequence, 1000, true, [0x7C, 0x45, .. s_idr[10..]]));
                    await stream.WriteAsync(ScriptedRtspServer.Interleaved(1, SenderReport()));
                    await stream.WriteAsync(Encoding.ASCII.GetBytes("RTSP/1.0 200 OK\r\nCSeq: 99\r\n\r\n"));
                    for (uint time = 7000; time < 7000 + (40 * 6000); time += 6000)
                    {
                        await stream.WriteAsync(Rtp(ref sequence, time, true, s_slice));
                        await Task.Delay(50);
                    }
                });
            }
        });
        var (url, credentials) = CameraUrl.Split(server.Url.Replace("rtsp://", "rtsp://admin:s3cr%40t@", StringComparison.Ordinal));

        var pool = new FramePool();
        var frames = new List<VideoFrame>();
        using (var source = new RtspFrameSource(RtspClient.Play(new Uri(url), credentials, CancellationToken.None), _ => { }))
        {
            while (frames.Count < 30)
            {
                frames.Add((await source.ReadAsync(pool, new VideoFrameInfo("cam", frames.Count, 0, 0, 0, VideoPixelFormat.H264, null, 0, default), CancellationToken.None))!);
            }
        }

        await Eventually.UntilAsync(() => server.Requests.Any(r => r.Method == "TEARDOWN"), "a TEARDOWN");
        var requests = server.Requests.ToList();
        Assert.Equal(["OPTIONS", "DESCRIBE", "DESCRIBE", "SETUP", "PLAY"], requests.Take(5).Select(r => r.Method));
        Assert.Equal($"{server.Url}/track1", requests[3].Url);
        Assert.Contains("interleaved=0-1", requests[3].Header("Transport"), StringComparison.Ordinal);
        Assert.Equal(Digest("admin", "cam", "s3cr@t", "abc123", "DESCRIBE", server.Url), Response(requests[2].Header("Authorization")!));
        Assert.Contains(requests, r => r.Method == "GET_PARAMETER" && r.Header("Session") == "5EC10N"); // half the 2 s timeout passed
        Assert.Equal("5EC10N", requests.Last().Header("Session"));
        Assert.All(requests, r => Assert.DoesNotContain("s3cr", r.Text, StringComparison.Ordinal));
        var report = Assert.Single(server.Packets, p => p.Channel == 1).Packet;
        Assert.Equal(201, report[1]); // a receiver report
        Assert.Equal(0x51A7u, BinaryPrimitives.ReadUInt32BigEndian(report.AsSpan(8))); // about the camera's source

        var key = frames[0];
        Assert.Equal((VideoPixelFormat.H264, 64, 48, true, 0L), (key.Format, key.Width, key.Height, key.Info.IsKeyFrame, key.Info.DecodeTime));
        Assert.Equal(s_sps, key.Data.Slice(4, s_sps.Length).ToArray());
        Assert.Equal("avc1.42C00A", key.Info.Stream!.Codec);
        Assert.Equal(6000L, frames[1].Info.DecodeTime); // counted from the first frame: 7000 - 1000
        Assert.All(frames.Skip(1), f => Assert.False(f.Info.IsKeyFrame));
        Assert.All(frames.Skip(2), (f, i) => Assert.Equal(6000, f.Info.DecodeTime - frames[i + 1].Info.DecodeTime));
        Assert.Same(key.Info.Stream, frames[^1].Info.Stream);
        frames.ForEach(f => f.Dispose());
        Assert.Equal(0, pool.Outstanding);
    }

    [Fact]
    public async Task A_time_that_goes_back_once_should_be_a_discontinuity_the_decode_times_step_over()
    {
        // 30 fps (3,000 ticks a frame), then the clock goes back 10 s, as a shared server or a restarted encoder does.
        var times = await DecodeTimesAsync([1000, 4000, 7000, 10000, unchecked(1000u - 900_000), unchecked(4000u - 900_000), unchecked(7000u - 900_000)]);

        Assert.Equal([0L, 3000, 6000, 9000, 12000, 15000, 18000], times);
    }

    [Fact]
    public async Task A_camera_that_reorders_pictures_should_be_handed_to_ffmpeg_saying_so()
    {
        string? why = null;
        var error = await Assert.ThrowsAsync<NotSupportedException>(() => DecodeTimesAsync([1000, 10000, 4000, 7000, 19000, 13000, 16000, 28000, 22000, 25000], reason => why = reason));

        Assert.Contains("B-frames", error.Message, StringComparison.Ordinal);
        Assert.Equal(error.Message, why);
    }

    [Theory]
    [InlineData("SETUP", "461 Unsupported Transport", "TCP")]
    [InlineData("DESCRIBE", "401 Unauthorized", "needs a username and password")]
    [InlineData("DESCRIBE", "404 Not Found", "DESCRIBE was answered 404 Not Found")]
    public async Task A_refusal_should_fail_the_open_saying_which_request_and_why(string method, string status, string expected)
    {
        await using var server = new ScriptedRtspServer((request, stream) => stream.WriteAsync(
            request.Method == method ? ScriptedRtspServer.Response(request, status, "WWW-Authenticate: Basic realm=\"cam\"\r\n")
            : request.Method == "DESCRIBE" ? ScriptedRtspServer.Response(request, "200 OK", "Content-Type: application/sdp\r\n", s_sdp)
            : ScriptedRtspServer.Response(request, "200 OK")).AsTask());

        var error = Assert.Throws<IOException>(() => RtspClient.Play(new Uri(server.Url), null, CancellationToken.None));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("m=video 0 RTP/AVP 26", "JPEG")]
    [InlineData("m=video 0 RTP/AVP 96\r\na=rtpmap:96 H264/90000\r\na=fmtp:96 packetization-mode=2", "interleaved")]
    public async Task A_camera_whose_video_this_client_does_not_play_should_be_refused_as_not_supported(string media, string expected)
    {
        await using var server = new ScriptedRtspServer((request, stream) => stream.WriteAsync(request.Method == "DESCRIBE"
            ? ScriptedRtspServer.Response(request, "200 OK", "Content-Type: application/sdp\r\n", $"v=0\r\n{media}\r\n")
            : ScriptedRtspServer.Response(request, "200 OK")).AsTask());

        var error = Assert.Throws<NotSupportedException>(() => RtspClient.Play(new Uri(server.Url), null, CancellationToken.None));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n")]
    [InlineData("RTSP/1.0 200 OK\r\nCSeq: 1\r\nContent-Length: 99999999\r\n\r\n")]
    [InlineData("RTSP/1.0 OK\r\nCSeq: 1\r\n\r\n")]
    public async Task A_hostile_or_broken_answer_should_fail_the_open_as_invalid_data(string answer)
    {
        await using var server = new ScriptedRtspServer((_, stream) => stream.WriteAsync(Encoding.ASCII.GetBytes(answer)).AsTask());

        Assert.Throws<InvalidDataException>(() => RtspClient.Play(new Uri(server.Url), null, CancellationToken.None));
    }

    [Fact]
    public async Task A_read_waiting_on_a_silent_camera_should_end_at_once_when_cancelled()
    {
        await using var server = new ScriptedRtspServer(Answer);
        using var cancel = new CancellationTokenSource();
        using var silent = new RtspFrameSource(RtspClient.Play(new Uri(server.Url), null, cancel.Token), _ => { });

        var reading = Task.Run(async () => await silent.ReadAsync(new FramePool(), default, cancel.Token));
        await Task.Delay(200);
        var clock = Stopwatch.StartNew();
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => reading);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), $"the read ended {clock.Elapsed} after the cancellation");
    }

    [Fact]
    public async Task A_camera_closing_its_connection_should_end_the_stream()
    {
        await using var server = new ScriptedRtspServer(async (request, stream) =>
        {
            await Answer(request, stream);
            if (request.Method == "PLAY")
            {
                stream.Close();
            }
        });
        using var closed = new RtspFrameSource(RtspClient.Play(new Uri(server.Url), null, CancellationToken.None), _ => { });

        Assert.Null(await Task.Run(async () => await closed.ReadAsync(new FramePool(), default, CancellationToken.None)));
    }

    /// <summary>A camera that accepts every request and plays the H.264 description.</summary>
    private static Task Answer(ScriptedRtspServer.Request request, Stream stream) => stream.WriteAsync(request.Method == "DESCRIBE"
        ? ScriptedRtspServer.Response(request, "200 OK", "Content-Type: application/sdp\r\n", s_sdp)
        : ScriptedRtspServer.Response(request, "200 OK", "Session: 1\r\n")).AsTask();

    /// <summary>The decode times of frames sent with these RTP timestamps (a keyframe, then P-frames).</summary>
    private static async Task<List<long>> DecodeTimesAsync(uint[] timestamps, Action<string>? unsupported = null)
    {
        await using var server = new ScriptedRtspServer(async (request, stream) =>
        {
            await Answer(request, stream);
            if (request.Method == "PLAY")
            {
                ushort sequence = 1;
                await stream.WriteAsync(Rtp(ref sequence, timestamps[0], true, [0x78, 0, (byte)s_sps.Length, .. s_sps, 0, (byte)s_pps.Length, .. s_pps, 0, (byte)s_idr.Length, .. s_idr]));
                foreach (uint time in timestamps[1..])
                {
                    await stream.WriteAsync(Rtp(ref sequence, time, true, s_slice));
                }
            }
        });
        var pool = new FramePool();
        using var source = new RtspFrameSource(RtspClient.Play(new Uri(server.Url), null, CancellationToken.None), unsupported ?? (_ => { }));
        var times = new List<long>();
        while (times.Count < timestamps.Length)
        {
            using var frame = (await Task.Run(async () => await source.ReadAsync(pool, new VideoFrameInfo("cam", times.Count, 0, 0, 0, VideoPixelFormat.H264, null, 0, default), CancellationToken.None)))!;
            times.Add(frame.Info.DecodeTime);
        }

        return times;
    }

    private static byte[] Rtp(ref ushort sequence, uint timestamp, bool marker, byte[] payload)
    {
        var packet = new byte[12 + payload.Length];
        packet[0] = 0x80;
        packet[1] = (byte)((marker ? 0x80 : 0) | 96);
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), sequence++);
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(4), timestamp);
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(8), 0x51A7);
        payload.CopyTo(packet, 12);
        return ScriptedRtspServer.Interleaved(0, packet);
    }

    private static byte[] SenderReport()
    {
        var report = new byte[28];
        report[0] = 0x80;
        report[1] = 200;
        BinaryPrimitives.WriteUInt16BigEndian(report.AsSpan(2), 6);
        BinaryPrimitives.WriteUInt32BigEndian(report.AsSpan(4), 0x51A7);
        BinaryPrimitives.WriteUInt64BigEndian(report.AsSpan(8), 0xE8E0_0000_1234_5678);
        return report;
    }

    private static string Response(string authorization) =>
        authorization.Split(", ").Single(p => p.StartsWith("response=", StringComparison.Ordinal))["response=\"".Length..^1];

    private static string Digest(string user, string realm, string password, string nonce, string method, string uri)
    {
#pragma warning disable CA5351 // the algorithm RTSP Digest specifies
        static string Md5(string text) => Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(text)));
#pragma warning restore CA5351
        return Md5($"{Md5($"{user}:{realm}:{password}")}:{nonce}:{Md5($"{method}:{uri}")}");
    }
}
