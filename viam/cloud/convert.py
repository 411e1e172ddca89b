"""``viam.app.v1.RobotConfig`` <-> the JSON config the machine loads.

The two are the same data in two spellings; the differences handled here are the module path
(``path`` on the wire, ``executable_path`` in JSON) and the sections that stay local (``cloud``,
``network``, ``auth``: the file on the machine is authoritative for how it listens and whom it
trusts, the cloud for what it runs).
"""

from __future__ import annotations

import copy
from typing import Any

from google.protobuf import json_format

from viam.config.loader import parse_duration_s
from viam.gen.app.v1 import robot_pb2 as app_pb2

LOCAL_SECTIONS = ("network", "auth")
_CLOUD_METADATA = ("machine_id", "location_id", "primary_org_id", "fqdn", "local_fqdn")


def proto_to_dict(config: app_pb2.RobotConfig) -> dict[str, Any]:
    """The JSON form of a RobotConfig from the app."""
    data = json_format.MessageToDict(config, preserving_proto_field_name=True)
    for module in data.get("modules", []):
        if "path" in module:
            module["executable_path"] = module.pop("path")
        module.pop("status", None)
    for package in data.get("packages", []):
        package.pop("status", None)
    data.pop("overwrite_fragment_status", None)
    return data


def dict_to_proto(data: dict[str, Any]) -> app_pb2.RobotConfig:
    """The wire form of a JSON machine config (used by the lite app server)."""
    data = copy.deepcopy(data)
    for module in data.get("modules") or []:
        if "executable_path" in module:
            module["path"] = module.pop("executable_path")
        if module.get("first_run_timeout") not in (None, ""):
            seconds = parse_duration_s(module["first_run_timeout"], "first_run_timeout")
            module["first_run_timeout"] = f"{seconds:g}s"
    for package in data.get("packages") or []:
        for key in ("url", "sha256"):
            package.pop(key, None)
    # ModuleConfig has no version on the wire: the app pins a registry module's version with a
    # "module" package entry of the same id, as the reference app does.
    packages = data.setdefault("packages", [])
    for module in data.get("modules") or []:
        package_id = str(module.get("module_id", "")).replace(":", "/")
        if module.get("type") == "registry" and module.get("version") and not any(
                p.get("type") == "module" and p.get("package") in (package_id, module.get("module_id"))
                for p in packages):
            packages.append({"name": module["name"], "package": package_id, "version": module["version"],
                             "type": "module"})
    message = app_pb2.RobotConfig()
    json_format.ParseDict(data, message, ignore_unknown_fields=True)
    return message


def merge_local(cloud_data: dict[str, Any], local_raw: dict[str, Any]) -> dict[str, Any]:
    """The config to run: the cloud's, with the local file's cloud/network/auth sections."""
    merged = {k: v for k, v in cloud_data.items() if k not in (*LOCAL_SECTIONS, "cloud")}
    for key in LOCAL_SECTIONS:
        if key in local_raw:
            merged[key] = local_raw[key]
    cloud = dict(local_raw.get("cloud") or {})
    for key in _CLOUD_METADATA:
        value = (cloud_data.get("cloud") or {}).get(key)
        if value and key not in cloud:
            cloud[key] = value
    merged["cloud"] = cloud
    return merged
