"""The static frame system's maths: orientation conversions and composition."""

from __future__ import annotations

import math
import random

import pytest

from viam.errors import InvalidArgumentError, ResourceNotFoundError
from viam.gen.common.v1 import common_pb2
from viam.robot import frames


def same_rotation(a: frames.Quat, b: frames.Quat) -> bool:
    return min(sum((x - y) ** 2 for x, y in zip(a, b, strict=True)),
               sum((x + y) ** 2 for x, y in zip(a, b, strict=True))) < 1e-12


def test_orientation_vector_round_trip_including_poles():
    rng = random.Random(7)
    samples = [frames.qnormalize(tuple(rng.uniform(-1, 1) for _ in range(4))) for _ in range(500)]
    samples += [frames.ov_to_quat(0, 0, oz, math.radians(th)) for oz in (1, -1) for th in (0, 45, -179)]
    for q in samples:
        assert same_rotation(frames.ov_to_quat(*frames.quat_to_ov(q)), q)
    ox, oy, oz, theta = frames.quat_to_ov(frames.ov_to_quat(0, 0, -1, math.radians(30)))
    assert (round(oz, 9), round(math.degrees(theta), 9)) == (-1, 30)


@pytest.mark.parametrize("orientation", [
    {"type": "ov_degrees", "value": {"x": 0, "y": 0, "z": 1, "th": 90}},
    {"type": "ov_radians", "value": {"x": 0, "y": 0, "z": 1, "th": math.pi / 2}},
    {"type": "euler_angles", "value": {"roll": 0, "pitch": 0, "yaw": math.pi / 2}},
    {"type": "axis_angles", "value": {"x": 0, "y": 0, "z": 2, "th": math.pi / 2}},
    {"type": "quaternion", "value": {"w": math.cos(math.pi / 4), "x": 0, "y": 0, "z": math.sin(math.pi / 4)}},
])
def test_every_config_orientation_type_means_the_same_turn(orientation):
    q = frames.orientation_from_config(orientation, "components[0].frame.orientation")
    assert [round(c, 9) for c in frames.rotate(q, (1, 0, 0))] == [0, 1, 0]


def test_pitch_is_about_y():
    q = frames.orientation_from_config({"type": "euler_angles", "value": {"pitch": math.pi / 2}}, "f")
    assert [round(c, 9) for c in frames.rotate(q, (1, 0, 0))] == [0, 0, -1]


def test_chain_and_errors():
    system = frames.FrameSystem([
        frames.frame_from_config("arm", {"translation": {"x": 10}}, "a"),
        frames.frame_from_config("cam", {"parent": "arm", "translation": {"z": 5}}, "b"),
        frames.frame_from_config("loop1", {"parent": "loop2"}, "c"),
        frames.frame_from_config("loop2", {"parent": "loop1"}, "d"),
        frames.frame_from_config("orphan", {"parent": "ghost"}, "e"),
    ])
    pose = system.transform_pose(common_pb2.Pose(x=1, o_z=1), "cam", "world")
    assert (pose.x, pose.y, pose.z) == (11, 0, 5)
    with pytest.raises(ResourceNotFoundError, match="'ghost' \\(parent of 'orphan'\\)"):
        system.in_world("orphan")
    with pytest.raises(InvalidArgumentError, match="own ancestor"):
        system.in_world("loop1")
    with pytest.raises(InvalidArgumentError, match="translation.x must be a number"):
        frames.frame_from_config("bad", {"translation": {"x": "far"}}, "components[3].frame")
    with pytest.raises(InvalidArgumentError, match="is not one of"):
        frames.orientation_from_config({"type": "spin", "value": {}}, "f")
