namespace Capture.Drivers.Tests;

/// <summary>Camera URLs as operators write them, credentials taken out whole whatever the password holds.</summary>
public sealed class CameraUrlSpecs
{
    [Theory]
    [InlineData("rtsp://admin:p@ss:w/rd'!@10.0.0.9:554/Streaming/Channels/101", "rtsp://10.0.0.9:554/Streaming/Channels/101", "admin", "p@ss:w/rd'!")]
    [InlineData("rtsp://admin:p%40ss%3Aw%2Frd@10.0.0.9/live", "rtsp://10.0.0.9/live", "admin", "p@ss:w/rd")]
    [InlineData("rtsp://admin@cam.local/live", "rtsp://cam.local/live", "admin", "")]
    [InlineData("rtsp://10.0.0.9/stream@main", "rtsp://10.0.0.9/stream@main", null, null)] // an '@' in a path that parses is the path's
    [InlineData("/recordings/replay.mp4", "/recordings/replay.mp4", null, null)]
    public void A_URL_should_come_apart_into_the_URL_without_credentials_and_the_credentials(string written, string url, string? user, string? password)
    {
        var (plain, credentials) = CameraUrl.Split(written);

        Assert.Equal(url, plain);
        Assert.Equal(user, credentials?.UserName);
        Assert.Equal(password, credentials?.Password);
    }
}
