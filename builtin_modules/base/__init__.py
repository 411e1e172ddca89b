"""Built-in module ``builtin-base``: mobile bases built from other components (no hardware access).

``rdk:builtin:wheeled`` drives differential-drive bases from left/right motor lists. It lives in
its own process because its motors may be anywhere (the Pi module, a fake in the server, another
module); it reaches them through the parent server like any module dependency.
"""
