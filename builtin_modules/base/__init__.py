"""Built-in module ``builtin-base``: mobile bases built from other components (no hardware access).

``rdk:builtin:wheeled`` drives differential-drive bases from left/right motor lists;
``rdk:builtin:sensor-controlled`` wraps a base in feedback loops on movement sensors. They live in
their own process because their motors and sensors may be anywhere (the Pi module, a fake in the server, another
module); they reach them through the parent server like any module dependency.
"""
