"""viam/gen/ must be exactly what scripts/gen_protos.py makes from viam/proto/ (no stale or hand edits)."""

import filecmp
import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


def _tree(root: Path) -> set[str]:
    return {str(p.relative_to(root)) for p in root.rglob("*") if p.is_file() and "__pycache__" not in p.parts}


@pytest.mark.skipif(importlib.util.find_spec("grpc_tools") is None, reason="grpcio-tools (dev extra) not installed")
def test_generated_code_is_fresh(tmp_path):
    out = tmp_path / "gen"
    subprocess.run([sys.executable, str(REPO / "scripts" / "gen_protos.py"), "--out", str(out)], check=True)
    committed = REPO / "viam" / "gen"
    assert _tree(out) == _tree(committed), "files added or removed: run `make protos`"
    stale = [name for name in sorted(_tree(out)) if not filecmp.cmp(out / name, committed / name, shallow=False)]
    assert not stale, f"stale generated files (run `make protos`): {stale}"


def test_heartbeat_monitored_methods_match_reference():
    """The safety option is set exactly on the methods Viam marks (motor, servo and base here)."""
    from viam.gen.common.v1 import common_pb2
    from viam.gen.component.base.v1 import base_pb2
    from viam.gen.component.motor.v1 import motor_pb2
    from viam.gen.component.servo.v1 import servo_pb2

    def monitored(service):
        return {m.name for m in service.methods
                if m.GetOptions().Extensions[common_pb2.safety_heartbeat_monitored]}

    assert monitored(motor_pb2.DESCRIPTOR.services_by_name["MotorService"]) == {"SetPower", "GoFor", "GoTo", "SetRPM"}
    assert monitored(servo_pb2.DESCRIPTOR.services_by_name["ServoService"]) == {"Move"}
    assert monitored(base_pb2.DESCRIPTOR.services_by_name["BaseService"]) == {
        "MoveStraight", "Spin", "SetPower", "SetVelocity"}
    from viam.gen.component.arm.v1 import arm_pb2
    from viam.gen.component.gantry.v1 import gantry_pb2
    from viam.gen.component.gripper.v1 import gripper_pb2
    from viam.gen.component.switch.v1 import switch_pb2
    assert monitored(gripper_pb2.DESCRIPTOR.services_by_name["GripperService"]) == {"Open", "Grab", "GoToInputs"}
    assert monitored(gantry_pb2.DESCRIPTOR.services_by_name["GantryService"]) == {"MoveToPosition"}
    assert monitored(switch_pb2.DESCRIPTOR.services_by_name["SwitchService"]) == {"SetPosition"}
    assert monitored(arm_pb2.DESCRIPTOR.services_by_name["ArmService"]) == {
        "MoveToPosition", "MoveToJointPositions", "MoveThroughJointPositions", "MoveThroughJointPositionsStreamed"}


def test_every_resource_request_carries_the_name_in_field_1():
    """The router reads the resource name from field 1 without decoding; every API request must comply."""
    from viam.components.catalog import BUILTIN_APIS

    for spec in BUILTIN_APIS:
        for method in spec.service.methods:
            if method.client_streaming:  # the name rides in the stream's first message (init), not field 1
                continue
            field = method.input_type.fields_by_number.get(1)
            # Usually `name`; the board's analog/interrupt requests call it `board_name`, the input
            # controller's `controller`.
            assert field is not None and field.name in ("name", "board_name", "controller"), method.full_name
            assert field.type == field.TYPE_STRING, method.full_name
