using Capture.Drivers.Rtsp;

namespace Capture.Drivers.Tests.Rtsp;

/// <summary>What the client reads of the SDPs cameras really send: the video's payload format, its parameter sets and control URLs.</summary>
public sealed class SessionDescriptionSpecs
{
    [Fact]
    public void A_gst_rtsp_server_description_should_give_the_H264_stream_and_its_parameter_sets()
    {
        var sdp = SessionDescription.Parse("""
            v=0
            o=- 1188340656180883 1 IN IP4 127.0.0.1
            s=Session streamed with GStreamer
            t=0 0
            a=tool:GStreamer
            a=type:broadcast
            a=control:*
            a=range:npt=now-
            m=video 0 RTP/AVP 96
            c=IN IP4 0.0.0.0
            a=rtpmap:96 H264/90000
            a=framerate:15
            a=fmtp:96 packetization-mode=1;sprop-parameter-sets=Z0LAH9kAUAW7ARAAAAMAEAAAAwPA8UKZIA==,aMuMsg==;profile-level-id=42c01f
            a=control:stream=0
            a=ts-refclk:local
            """.ReplaceLineEndings("\r\n"));

        Assert.Equal("*", sdp.Control);
        var video = Assert.Single(sdp.Video);
        Assert.Equal(("H264", 96, 90000, "stream=0"), (video.Encoding, video.PayloadType, video.ClockRate, video.Control));
        Assert.Equal("Z0LAH9kAUAW7ARAAAAMAEAAAAwPA8UKZIA==,aMuMsg==", video.Format["sprop-parameter-sets"]);
        Assert.Equal("1", video.Format["packetization-mode"]);
    }

    [Fact]
    public void An_IP_cameras_description_with_audio_first_and_absolute_controls_should_give_its_H265_video()
    {
        var sdp = SessionDescription.Parse("""
            v=0
            o=- 1109162014219182 1109162014219192 IN IP4 10.0.0.9
            s=Media Presentation
            t=0 0
            a=control:rtsp://10.0.0.9:554/Streaming/Channels/101/?transportmode=unicast
            m=audio 0 RTP/AVP 0
            a=rtpmap:0 PCMU/8000
            a=control:rtsp://10.0.0.9:554/Streaming/Channels/101/trackID=2?transportmode=unicast
            m=video 0 RTP/AVP 96
            b=AS:5000
            a=control:rtsp://10.0.0.9:554/Streaming/Channels/101/trackID=1?transportmode=unicast
            a=rtpmap:96 H265/90000
            a=fmtp:96 sprop-vps=QAEMAf//AWAAAAMAAAMAAAMAAAMAlqwJ; sprop-sps=QgEBAWAAAAMAAAMAAAMAAAMAlqABQCAFEWNrkkya5cBAAAADAEAAAAZC; sprop-pps=RAHA8vA8kA==
            """);

        Assert.Equal("rtsp://10.0.0.9:554/Streaming/Channels/101/?transportmode=unicast", sdp.Control);
        var video = Assert.Single(sdp.Video);
        Assert.Equal("H265", video.Encoding);
        Assert.Equal("rtsp://10.0.0.9:554/Streaming/Channels/101/trackID=1?transportmode=unicast", video.Control);
        Assert.Equal("RAHA8vA8kA==", video.Format["sprop-pps"]);
    }

    [Theory]
    [InlineData("m=video 0 RTP/AVP 97 26\na=rtpmap:97 MP4V-ES/90000", "MP4V-ES", 97)]
    [InlineData("m=video 0 RTP/AVP 26", "JPEG", 26)] // a static payload type needs no rtpmap
    public void A_video_format_other_than_H264_or_H265_should_be_named_as_it_is(string media, string encoding, int payloadType)
    {
        var sdp = SessionDescription.Parse($"v=0\n{media}\na=control:track1\n");

        var video = Assert.Single(sdp.Video);
        Assert.Equal((encoding, payloadType), (video.Encoding, video.PayloadType));
    }
}
