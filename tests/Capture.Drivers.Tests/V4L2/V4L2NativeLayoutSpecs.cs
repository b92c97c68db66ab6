using System.Runtime.InteropServices;
using Capture.Drivers.V4L2.Internal;

namespace Capture.Drivers.Tests.V4L2;

/// <summary>The ioctl layer's structs and request numbers, against the kernel headers (linux-libc-dev) compiled by gcc.</summary>
public sealed class V4L2NativeLayoutSpecs
{
    private const string Probe = """
        #include <stdio.h>
        #include <stddef.h>
        #include <linux/videodev2.h>
        #define S(t) printf(#t " %zu\n", sizeof(struct t))
        #define O(t, f) printf(#t "." #f " %zu\n", offsetof(struct t, f))
        int main(void) {
          S(v4l2_capability); O(v4l2_capability, capabilities); O(v4l2_capability, device_caps);
          S(v4l2_queryctrl); O(v4l2_queryctrl, minimum); O(v4l2_queryctrl, flags);
          S(v4l2_querymenu); S(v4l2_control); S(v4l2_fmtdesc); O(v4l2_fmtdesc, pixelformat);
          S(v4l2_format); O(v4l2_format, fmt.pix.width); O(v4l2_format, fmt.pix.pixelformat); O(v4l2_format, fmt.pix.sizeimage);
          S(v4l2_requestbuffers); S(v4l2_buffer); O(v4l2_buffer, timestamp); O(v4l2_buffer, sequence); O(v4l2_buffer, memory); O(v4l2_buffer, m); O(v4l2_buffer, length);
          printf("VIDIOC_QUERYCAP %lu\nVIDIOC_DQBUF %lu\nVIDIOC_S_FMT %lu\nVIDIOC_QUERYCTRL %lu\nVIDIOC_QUERYMENU %lu\nVIDIOC_STREAMON %lu\nVIDIOC_S_CTRL %lu\n",
            (unsigned long)VIDIOC_QUERYCAP, (unsigned long)VIDIOC_DQBUF, (unsigned long)VIDIOC_S_FMT, (unsigned long)VIDIOC_QUERYCTRL,
            (unsigned long)VIDIOC_QUERYMENU, (unsigned long)VIDIOC_STREAMON, (unsigned long)VIDIOC_S_CTRL);
          return 0; }
        """;

    [Fact]
    public unsafe void Structs_and_requests_should_match_linux_videodev2_h()
    {
        if (Headers() is not { } kernel)
        {
            return; // gcc or the headers are missing outside CI; on CI this fails instead
        }

        Assert.Equal(kernel["v4l2_capability"], sizeof(V4L2Native.Capability));
        Assert.Equal(kernel["v4l2_capability.capabilities"], Marshal.OffsetOf<V4L2Native.Capability>(nameof(V4L2Native.Capability.Capabilities)));
        Assert.Equal(kernel["v4l2_capability.device_caps"], Marshal.OffsetOf<V4L2Native.Capability>(nameof(V4L2Native.Capability.DeviceCaps)));
        Assert.Equal(kernel["v4l2_queryctrl"], sizeof(V4L2Native.QueryControlArgs));
        Assert.Equal(kernel["v4l2_queryctrl.minimum"], Marshal.OffsetOf<V4L2Native.QueryControlArgs>(nameof(V4L2Native.QueryControlArgs.Minimum)));
        Assert.Equal(kernel["v4l2_queryctrl.flags"], Marshal.OffsetOf<V4L2Native.QueryControlArgs>(nameof(V4L2Native.QueryControlArgs.Flags)));
        Assert.Equal(kernel["v4l2_querymenu"], sizeof(V4L2Native.QueryMenuArgs));
        Assert.Equal(kernel["v4l2_control"], sizeof(V4L2Native.Control));
        Assert.Equal(kernel["v4l2_fmtdesc"], sizeof(V4L2Native.FormatDescription));
        Assert.Equal(kernel["v4l2_fmtdesc.pixelformat"], Marshal.OffsetOf<V4L2Native.FormatDescription>(nameof(V4L2Native.FormatDescription.PixelFormat)));
        Assert.Equal(kernel["v4l2_format"], sizeof(V4L2Native.Format));
        Assert.Equal(kernel["v4l2_format.fmt.pix.width"], Marshal.OffsetOf<V4L2Native.Format>(nameof(V4L2Native.Format.Width)));
        Assert.Equal(kernel["v4l2_format.fmt.pix.pixelformat"], Marshal.OffsetOf<V4L2Native.Format>(nameof(V4L2Native.Format.PixelFormat)));
        Assert.Equal(kernel["v4l2_format.fmt.pix.sizeimage"], Marshal.OffsetOf<V4L2Native.Format>(nameof(V4L2Native.Format.SizeImage)));
        Assert.Equal(kernel["v4l2_requestbuffers"], sizeof(V4L2Native.RequestBuffersArgs));
        Assert.Equal(kernel["v4l2_buffer"], sizeof(V4L2Native.Buffer));
        Assert.Equal(kernel["v4l2_buffer.timestamp"], Marshal.OffsetOf<V4L2Native.Buffer>(nameof(V4L2Native.Buffer.TimestampSeconds)));
        Assert.Equal(kernel["v4l2_buffer.sequence"], Marshal.OffsetOf<V4L2Native.Buffer>(nameof(V4L2Native.Buffer.Sequence)));
        Assert.Equal(kernel["v4l2_buffer.memory"], Marshal.OffsetOf<V4L2Native.Buffer>(nameof(V4L2Native.Buffer.Memory)));
        Assert.Equal(kernel["v4l2_buffer.m"], Marshal.OffsetOf<V4L2Native.Buffer>(nameof(V4L2Native.Buffer.Offset)));
        Assert.Equal(kernel["v4l2_buffer.length"], Marshal.OffsetOf<V4L2Native.Buffer>(nameof(V4L2Native.Buffer.Length)));
        Assert.Equal(kernel["VIDIOC_QUERYCAP"], (long)V4L2Native.QueryCapability);
        Assert.Equal(kernel["VIDIOC_DQBUF"], (long)V4L2Native.DequeueBuffer);
        Assert.Equal(kernel["VIDIOC_S_FMT"], (long)V4L2Native.SetFormat);
        Assert.Equal(kernel["VIDIOC_QUERYCTRL"], (long)V4L2Native.QueryControl);
        Assert.Equal(kernel["VIDIOC_QUERYMENU"], (long)V4L2Native.QueryMenu);
        Assert.Equal(kernel["VIDIOC_STREAMON"], (long)V4L2Native.StreamOn);
        Assert.Equal(kernel["VIDIOC_S_CTRL"], (long)V4L2Native.SetControl);
    }

    private static Dictionary<string, long>? Headers()
    {
        bool available = File.Exists("/usr/bin/gcc") && File.Exists("/usr/include/linux/videodev2.h");
        if (!available)
        {
            Assert.False(Environment.GetEnvironmentVariable("CI") == "true", "gcc and linux-libc-dev are required on CI to check the V4L2 layouts.");
            return null;
        }

        string folder = Directory.CreateTempSubdirectory("v4l2-probe-").FullName;
        File.WriteAllText(Path.Combine(folder, "probe.c"), Probe);
        Tools.RunIn(folder, "/usr/bin/gcc", "-o", "probe", "probe.c");
        return Tools.RunIn(folder, Path.Combine(folder, "probe")).Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split(' '))
            .ToDictionary(parts => parts[0], parts => long.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture));
    }
}
