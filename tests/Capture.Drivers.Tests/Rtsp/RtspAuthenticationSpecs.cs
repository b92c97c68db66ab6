using System.Net;
using Capture.Drivers.Rtsp;

namespace Capture.Drivers.Tests.Rtsp;

/// <summary>The Authorization an RTSP camera's challenge gets: Digest as RFC 2617/7616 compute it (their own example included), Basic otherwise.</summary>
public sealed class RtspAuthenticationSpecs
{
    [Fact]
    public void Digest_with_qop_should_answer_RFC_2617s_own_example()
    {
        var authentication = new RtspAuthentication(new NetworkCredential("Mufasa", "Circle Of Life"), () => "0a4f113b");
        Assert.True(authentication.Challenge(["Digest realm=\"testrealm@host.com\", qop=\"auth,auth-int\", nonce=\"dcd98b7102dd2f0e8b11d0f600bfb0c093\", opaque=\"5ccc069c403ebaf9f0171e9517f40e41\""]));

        string header = authentication.Header("GET", "/dir/index.html")!;

        Assert.Contains("response=\"6629fae49393a05397450978507c4ef1\"", header, StringComparison.Ordinal);
        Assert.Contains("qop=auth, nc=00000001, cnonce=\"0a4f113b\"", header, StringComparison.Ordinal);
        Assert.Contains("opaque=\"5ccc069c403ebaf9f0171e9517f40e41\"", header, StringComparison.Ordinal);
        Assert.Contains("nc=00000002", authentication.Header("GET", "/dir/index.html"), StringComparison.Ordinal); // each request counts the nonce's use
    }

    [Fact]
    public void Digest_without_qop_should_hash_user_realm_password_nonce_method_and_uri_as_cameras_expect()
    {
        var authentication = new RtspAuthentication(new NetworkCredential("admin", "12345"));
        Assert.True(authentication.Challenge(["Basic realm=\"IP Camera(21388)\"", "Digest realm=\"IP Camera(21388)\", nonce=\"4e4a6b5c\", stale=\"FALSE\""]));

        string header = authentication.Header("DESCRIBE", "rtsp://10.0.0.9:554/Streaming/Channels/101")!;

        Assert.StartsWith("Digest username=\"admin\", realm=\"IP Camera(21388)\", nonce=\"4e4a6b5c\", uri=\"rtsp://10.0.0.9:554/Streaming/Channels/101\"", header, StringComparison.Ordinal);
        Assert.Contains("response=\"6bee4b71e9c29be0467a32de9bfa2b6a\"", header, StringComparison.Ordinal);
        Assert.DoesNotContain("12345", header, StringComparison.Ordinal);
    }

    [Fact]
    public void Digest_with_SHA_256_should_use_it_throughout()
    {
        var authentication = new RtspAuthentication(new NetworkCredential("admin", "pw"), () => "0a4f113b");
        Assert.True(authentication.Challenge(["Digest realm=\"cam\", nonce=\"n1\", qop=\"auth\", algorithm=SHA-256"]));

        string header = authentication.Header("SETUP", "rtsp://cam/track1")!;

        Assert.Contains("response=\"d10077342ce688d6badf1a1eea5dbd22383dbe4640db0c172acaf68a4c92c69a\"", header, StringComparison.Ordinal);
        Assert.Contains("algorithm=SHA-256", header, StringComparison.Ordinal);
    }

    [Fact]
    public void Basic_should_be_answered_when_it_is_all_the_camera_offers_and_an_unknown_scheme_should_not()
    {
        var authentication = new RtspAuthentication(new NetworkCredential("admin", "p@ss:word"));
        Assert.Null(authentication.Header("OPTIONS", "rtsp://cam/"));
        Assert.False(authentication.Challenge(["Negotiate", "Digest realm=\"x\", nonce=\"y\", algorithm=MD4"]));
        Assert.True(authentication.Challenge(["Basic realm=\"cam\""]));

        Assert.Equal("Basic YWRtaW46cEBzczp3b3Jk", authentication.Header("OPTIONS", "rtsp://cam/"));
    }
}
