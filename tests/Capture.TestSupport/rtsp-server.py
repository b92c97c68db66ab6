#!/usr/bin/env python3
"""An RTSP test camera on 127.0.0.1 (gst-rtsp-server): an H.264, H.265 or VP8 test pattern at rtsp://127.0.0.1:PORT/test.

Usage: rtsp-server.py PORT WIDTHxHEIGHT RATE [h264|h265|vp8]. One shared encoder serves every client, so many clients
cost the server little more than one. With RTSP_AUTH=user:password in the environment, clients must authenticate (basic;
digest with RTSP_AUTH_METHOD=digest).
"""
import os
import sys

import gi

gi.require_version("Gst", "1.0")
gi.require_version("GstRtsp", "1.0")
gi.require_version("GstRtspServer", "1.0")
from gi.repository import GLib, Gst, GstRtsp, GstRtspServer  # noqa: E402

port, size, rate = sys.argv[1], sys.argv[2].split("x"), sys.argv[3]
codec = sys.argv[4] if len(sys.argv) > 4 else "h264"
encoders = {
    "h264": "x264enc tune=zerolatency speed-preset=ultrafast key-int-max={gop} ! rtph264pay name=pay0 pt=96",
    "h265": "x265enc tune=zerolatency speed-preset=ultrafast key-int-max={gop} option-string=open-gop=0 ! rtph265pay name=pay0 pt=96",
    "vp8": "vp8enc deadline=1 keyframe-max-dist={gop} ! rtpvp8pay name=pay0 pt=96",
}
Gst.init(None)
server = GstRtspServer.RTSPServer()
server.set_address("127.0.0.1")
server.set_service(port)
factory = GstRtspServer.RTSPMediaFactory()
factory.set_launch(
    f"( videotestsrc is-live=true pattern=ball ! video/x-raw,width={size[0]},height={size[1]},framerate={rate}/1 "
    f"! {encoders[codec].format(gop=rate)} )")
factory.set_shared(True)
if "RTSP_AUTH" in os.environ:
    user, password = os.environ["RTSP_AUTH"].split(":", 1)
    auth = GstRtspServer.RTSPAuth()
    token = GstRtspServer.RTSPToken()
    token.set_string("media.factory.role", "camera-user")
    if os.environ.get("RTSP_AUTH_METHOD") == "digest":
        auth.add_digest(user, password, token)
        auth.set_supported_methods(GstRtsp.RTSPAuthMethod.DIGEST)
    else:
        auth.add_basic(GstRtspServer.RTSPAuth.make_basic(user, password), token)
    server.set_auth(auth)
    permissions = GstRtspServer.RTSPPermissions()
    role = Gst.Structure.new_empty("camera-user")
    role.set_value("media.factory.access", True)
    role.set_value("media.factory.construct", True)
    permissions.add_role_from_structure(role)
    factory.set_permissions(permissions)
server.get_mount_points().add_factory("/test", factory)
server.attach(None)
print("ready", flush=True)
GLib.MainLoop().run()
