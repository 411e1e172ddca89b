"""Client side: RobotClient and per-API clients (``Motor.from_robot(robot, "m1")``)."""

from viam.client.robot import DialOptions, RobotClient

__all__ = ["DialOptions", "RobotClient"]
