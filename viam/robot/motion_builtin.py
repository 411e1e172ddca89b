"""The ``builtin`` motion service: GetPose from the frame system, Move for arms by inverse kinematics.

Move takes a component moved by an arm with a kinematic model (the arm itself, or anything whose
frame hangs from it, such as a gripper) and a destination pose in any frame: the pose the arm's
end must reach is worked out through the frame system and the arm moves there
(``move_to_position``, which solves the joints from the current ones). There is no planner: a
request with obstacles or constraints is refused rather than executed without them, and other
components (bases, gantries) are refused with what is supported. Plans are only kept by
MoveOnMap/MoveOnGlobe in the reference, which are not offered here, so there are none to list.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any, Protocol

from viam.config.model import ResourceConfig
from viam.errors import InvalidArgumentError, NotSupportedError, ResourceNotFoundError
from viam.gen.common.v1 import common_pb2
from viam.gen.service.motion.v1 import motion_pb2 as pb
from viam.resource.base import Extra, Resource
from viam.resource.names import ResourceName
from viam.robot import frames
from viam.services.motion.api import Motion


class MotionHost(Protocol):
    """What the builtin motion service needs of the machine."""

    @property
    def config(self) -> Any: ...
    def resource(self, name: ResourceName) -> Resource: ...


class BuiltinMotion(Motion):
    def __init__(self, name: str, host: MotionHost) -> None:
        super().__init__(name)
        self.host = host

    def _system(self, supplemental: Iterable[common_pb2.Transform] = ()) -> frames.FrameSystem:
        return frames.live_frame_system(self.host.config.resources, self.host.resource, supplemental)

    async def get_pose(self, component_name: str, destination_frame: str = "world", *,
                       supplemental_transforms: Sequence[common_pb2.Transform] = (), extra: Extra = None,
                       timeout: float | None = None) -> common_pb2.PoseInFrame:
        return self._system(supplemental_transforms).pose_of(component_name, destination_frame)

    async def move(self, component_name: str, destination: common_pb2.PoseInFrame, *,
                   world_state: common_pb2.WorldState | None = None, constraints: pb.Constraints | None = None,
                   extra: Extra = None, timeout: float | None = None) -> bool:
        if world_state is not None and any(g.geometries for g in world_state.obstacles):
            raise NotSupportedError("Move with obstacles needs a motion planner, which this server does not have; "
                                    "it will not move while ignoring them")
        if constraints is not None and constraints.ListFields():
            raise NotSupportedError("Move with constraints needs a motion planner, which this server does not have")
        system = self._system(world_state.transforms if world_state is not None else ())
        arm_name, hanging = self._moving_ancestor(system, component_name)
        arm_frame = system.frames[arm_name]
        base_in_world = system.in_world(arm_frame.parent).compose(arm_frame.transform)
        source = destination.reference_frame or frames.WORLD
        goal = system.in_world(source).compose(frames.Transform.from_pose(destination.pose))
        end_in_base = base_in_world.inverse().compose(goal).compose(hanging.inverse())
        arm = self._arm(arm_name)
        await arm.move_to_position(end_in_base.to_pose(), extra=extra, timeout=timeout)
        return True

    def _moving_ancestor(self, system: frames.FrameSystem, name: str) -> tuple[str, frames.Transform]:
        """The arm that moves ``name``, and ``name``'s fixed transform from that arm's end."""
        hanging = frames.Transform()
        current = name
        while current != frames.WORLD:
            frame = system.frames.get(current)
            if frame is None:
                raise ResourceNotFoundError(f"{current!r} is not in the frame system (give it a \"frame\" in the "
                                            "config)")
            if frame.moving is not None:
                return current, hanging
            hanging = frame.transform.compose(hanging)
            current = frame.parent
        raise NotSupportedError(f"{name!r} is not moved by an arm: Move here moves built-in arms (and what hangs "
                                "from them) by inverse kinematics; bases and gantries need the reference's planner")

    def _arm(self, name: str) -> Any:
        for config in self.host.config.resources:
            if config.name == name and config.frame:
                return self.host.resource(config.resource_name)
        raise ResourceNotFoundError(f"arm {name!r} not found")

    async def get_plan(self, component_name: str, *, last_plan_only: bool = False, execution_id: str | None = None,
                       extra: Extra = None, timeout: float | None = None) -> pb.GetPlanResponse:
        raise ResourceNotFoundError(f"no plan for {component_name!r}: plans are kept for MoveOnMap and MoveOnGlobe, "
                                    "which this server does not offer")

    async def stop_plan(self, component_name: str, *, extra: Extra = None, timeout: float | None = None) -> None:
        raise ResourceNotFoundError(f"no plan for {component_name!r} to stop")

    async def do_command(self, command: Any, *, timeout: float | None = None, **kwargs: Any) -> Any:
        raise InvalidArgumentError(f"motion service {self.name!r}: no DoCommand commands")


class BuiltinMotionModel:
    """The model's class side: builds a BuiltinMotion bound to the machine."""

    def __init__(self, host: MotionHost) -> None:
        self.host = host

    def validate_config(self, config: ResourceConfig) -> tuple[list[str], list[str]]:
        return [], []

    async def new(self, config: ResourceConfig, dependencies: Any) -> BuiltinMotion:
        return BuiltinMotion(config.name, self.host)


def register_motion(registry: Any, host: MotionHost, builtin: Callable[..., Any] = BuiltinMotionModel) -> None:
    from viam.resource.names import Model

    registry.register_model(Motion.API, Model("rdk", "builtin", "builtin"), builtin(host))
