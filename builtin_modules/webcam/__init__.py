"""Built-in module ``builtin-webcam``: USB/V4L2 cameras, video files and streams (OpenCV)."""
