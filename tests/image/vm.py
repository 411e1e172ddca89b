"""Helpers for the image tests: build (cached), edit the FAT partition, boot under QEMU, SSH in."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import time
from collections.abc import Iterator, Mapping
from pathlib import Path

import pytest

from viam.testing.ports import free_port  # noqa: F401 - re-exported to the tests

REPO = Path(__file__).resolve().parents[2]
BUILD = REPO / "image" / "build"
SECTOR = 512

# command -> Debian package, for skip messages
BOOT_TOOLS = {"qemu-system-x86_64": "qemu-system-x86", "mcopy": "mtools", "sfdisk": "fdisk",
              "ssh": "openssh-client", "ssh-keygen": "openssh-client"}
BUILD_TOOLS = {"mmdebstrap": "mmdebstrap", "mke2fs": "e2fsprogs", "mkfs.vfat": "dosfstools",
               "mcopy": "mtools", "sfdisk": "fdisk", "xz": "xz-utils", "debugfs": "e2fsprogs"}
ARM64_TOOLS = {"qemu-aarch64-static": "qemu-user-static", "update-binfmts": "binfmt-support", "arch-test": "arch-test"}


def require_image_tests() -> None:
    if os.environ.get("VIAM_IMAGE_TESTS") != "1":
        pytest.skip("image build/boot tests are slow: set VIAM_IMAGE_TESTS=1 to run them")
    if os.geteuid() != 0:
        pytest.skip("image builds need root (mmdebstrap root mode, chroot)")


def require_tools(tools: Mapping[str, str]) -> None:
    path = os.environ.get("PATH", "") + ":/usr/sbin:/sbin"
    absent = {cmd: pkg for cmd, pkg in tools.items() if shutil.which(cmd, path=path) is None}
    if absent:
        pytest.skip(f"missing {sorted(absent)}: apt-get install {' '.join(sorted(set(absent.values())))}")


def cache_dir() -> Path:
    return Path(os.environ.get("VIAM_IMAGE_CACHE") or REPO / "image" / "out")


def build_image(arch: str, board: str, *, xz_level: str = "1", timeout_s: float = 3600,
                base: Path | None = None) -> Path:
    """Run image/build (a no-op when an image for the same inputs is cached); return its folder."""
    started = time.monotonic()
    extra = ["--base", str(base)] if base else []
    proc = subprocess.Popen(
        [str(BUILD), "--arch", arch, "--board", board, "--out", str(cache_dir()), "--xz-level", xz_level, *extra],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    try:
        stdout, stderr = proc.communicate(timeout=timeout_s)
    except BaseException:  # timeout or Ctrl-C: let the build stop its own children, then go
        proc.terminate()
        try:
            proc.communicate(timeout=60)
        except subprocess.TimeoutExpired:
            proc.kill()
        raise
    if proc.returncode != 0:
        pytest.fail(f"image/build --arch {arch} --board {board} failed:\n{stderr[-6000:]}")
    out = Path(stdout.strip().splitlines()[-1])
    print(f"image {out.name}: ready in {time.monotonic() - started:.0f} s")
    return out


def partitions(image: Path) -> list[dict]:
    table = subprocess.run(["sfdisk", "--json", str(image)], capture_output=True, text=True, check=True)
    return json.loads(table.stdout)["partitiontable"]["partitions"]


def fat_spec(image: Path) -> str:
    """mtools' ``image@@offset`` naming the FAT partition inside a disk image."""
    return f"{image}@@{partitions(image)[0]['start'] * SECTOR}"


def fat_put(image: Path, name: str, data: bytes, tmp: Path) -> None:
    src = tmp / f"fat-put-{name}"
    src.write_bytes(data)
    subprocess.run(["mcopy", "-o", "-i", fat_spec(image), str(src), f"::/{name}"], check=True,
                   env=dict(os.environ, MTOOLS_SKIP_CHECK="1"))
    src.unlink()


def fat_get(image: Path, name: str, dest: Path) -> Path:
    subprocess.run(["mcopy", "-o", "-i", fat_spec(image), f"::/{name}", str(dest)], check=True,
                   env=dict(os.environ, MTOOLS_SKIP_CHECK="1"))
    return dest


def fat_list(image: Path) -> list[str]:
    out = subprocess.run(["mdir", "-b", "-i", fat_spec(image), "::/"], capture_output=True, text=True,
                         check=True, env=dict(os.environ, MTOOLS_SKIP_CHECK="1")).stdout
    return sorted(line.strip().removeprefix("::/") for line in out.splitlines() if line.strip())




def wait_tcp(port: int, timeout_s: float, vm: VM | None = None) -> None:
    """Wait until something accepts *and keeps* a connection (QEMU's hostfwd always accepts)."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if vm is not None:
            vm.check_alive()
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=2) as sock:
            sock.settimeout(1.5)
            try:
                if sock.recv(1):
                    return
            except TimeoutError:
                return  # connected and silent: a real listener (gRPC waits for the client)
            except OSError:
                pass  # reset: QEMU accepted, the guest refused
        time.sleep(1)
    raise TimeoutError(f"nothing answered on forwarded port {port} within {timeout_s:.0f} s")


def wait_machine_running(address: str, timeout_s: float, vm: VM) -> float:
    """Poll GetMachineStatus until viam-server reports RUNNING; return seconds since power-on.

    The port answers as soon as viam-server listens (state INITIALIZING); the checks that follow
    want the configured resources built, which under software emulation can take a while longer.
    """
    import grpc

    from viam.gen.robot.v1 import robot_pb2, robot_pb2_grpc

    deadline = time.monotonic() + timeout_s
    last = "no answer"
    while time.monotonic() < deadline:
        vm.check_alive()
        with grpc.insecure_channel(address) as channel:
            try:
                status = robot_pb2_grpc.RobotServiceStub(channel).GetMachineStatus(
                    robot_pb2.GetMachineStatusRequest(), timeout=10, wait_for_ready=True)
                if status.state == robot_pb2.GetMachineStatusResponse.STATE_RUNNING:
                    return time.monotonic() - vm.started
                last = robot_pb2.GetMachineStatusResponse.State.Name(status.state)
            except grpc.RpcError as exc:
                last = f"{exc.code().name}: {exc.details()}"
        time.sleep(2)
    journal = vm.ssh("sudo journalctl -b -u viam-agent --no-pager | tail -40", check=False).stdout
    pytest.fail(f"viam-server at {address} not RUNNING within {timeout_s:.0f} s (last: {last})\n{journal}")


class VM:
    """One boot of a disk image under qemu-system-x86_64 with forwarded ports."""

    def __init__(self, image: Path, workdir: Path, guest_ports: tuple[int, ...], *, grow_mib: int = 512,
                 arch: str = "amd64") -> None:
        self.arch = arch
        self.workdir = workdir
        self.disk = workdir / "disk.img"
        subprocess.run(["cp", "--sparse=always", str(image), str(self.disk)], check=True)
        size = self.disk.stat().st_size + grow_mib * 1024 * 1024
        if arch == "raspi3b":
            size = 1 << (size - 1).bit_length()  # QEMU's SD card model wants a power-of-two size
        with self.disk.open("r+b") as handle:
            handle.truncate(size)
        self.ports = {guest: free_port() for guest in (22, *guest_ports)}
        self.console = workdir / "console.log"
        self.key = workdir / "id_ed25519"
        self.user = "viam"
        self.proc: subprocess.Popen | None = None

    def drop(self, name: str, data: bytes | str) -> None:
        fat_put(self.disk, name, data.encode() if isinstance(data, str) else data, self.workdir)

    def add_ssh_key(self) -> None:
        subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(self.key)], check=True)
        self.drop("authorized_keys", self.key.with_suffix(".pub").read_bytes())

    def start(self) -> None:
        kernel = fat_get(self.disk, "vmlinuz", self.workdir / "vmlinuz")
        initrd = fat_get(self.disk, "initrd.img", self.workdir / "initrd.img")
        cmdline = fat_get(self.disk, "cmdline.txt", self.workdir / "cmdline.txt").read_text().strip()
        forwards = ",".join(f"hostfwd=tcp:127.0.0.1:{host}-:{guest}" for guest, host in self.ports.items())
        if self.arch == "raspi3b":
            # The real board model: BCM2837 SoC, its own device tree, SD card on the SoC's SD
            # controller, network through USB (dwc2), serial console on the mini UART (ttyS1).
            dtb = fat_get(self.disk, "bcm2837-rpi-3-b.dtb", self.workdir / "bcm2837-rpi-3-b.dtb")
            cmd = [
                "qemu-system-aarch64", "-M", "raspi3b", "-m", "1G", "-no-reboot", "-nographic",
                "-kernel", str(kernel), "-initrd", str(initrd), "-dtb", str(dtb),
                "-append", f"{cmdline} panic=-1",
                "-drive", f"file={self.disk},format=raw,if=sd",
                "-netdev", f"user,id=n0,{forwards}", "-device", "usb-net,netdev=n0",
                "-serial", "null", "-serial", f"file:{self.console}", "-monitor", "none",
            ]  # fmt: skip
            self.proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                         start_new_session=True)
            self.started = time.monotonic()
            return
        if self.arch == "arm64":
            # The Pi image's own kernel on QEMU's generic arm64 board: serial console is the PL011.
            cmdline = " ".join(w for w in cmdline.split() if not w.startswith("console=")) + " console=ttyAMA0"
            machine = ["qemu-system-aarch64", "-M", "virt", "-cpu", "cortex-a72", "-accel", "tcg"]
        else:
            accel = "kvm" if os.environ.get("VIAM_IMAGE_KVM") == "1" else "tcg"
            machine = ["qemu-system-x86_64", "-accel", accel]
        cmd = [
            *machine, "-m", "1024", "-smp", "2", "-nographic", "-no-reboot",
            "-kernel", str(kernel), "-initrd", str(initrd), "-append", f"{cmdline} panic=-1",
            "-drive", f"file={self.disk},format=raw,if=virtio",
            "-netdev", f"user,id=n0,{forwards}", "-device", "virtio-net-pci,netdev=n0",
            "-device", "virtio-rng-pci",  # a Pi has a hardware RNG; without one, early getrandom() stalls
            "-serial", f"file:{self.console}", "-monitor", "none",
        ]  # fmt: skip
        self.proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)
        self.started = time.monotonic()

    def wait_exit(self, timeout_s: float) -> int:
        """Wait for the guest to reboot (qemu runs with -no-reboot, so it exits)."""
        assert self.proc is not None
        try:
            return self.proc.wait(timeout=timeout_s)
        except subprocess.TimeoutExpired:
            raise TimeoutError(f"the guest did not reboot within {timeout_s:.0f} s\n{self.console_tail()}") from None

    def check_alive(self) -> None:
        if self.proc is not None and self.proc.poll() is not None:
            err = self.proc.stderr.read().decode(errors="replace") if self.proc.stderr else ""
            raise RuntimeError(f"qemu exited with {self.proc.returncode}: {err}\n{self.console_tail()}")

    def console_tail(self, lines: int = 60) -> str:
        if not self.console.exists():
            return "(no console output)"
        text = self.console.read_text(errors="replace").splitlines()
        return "console (last lines):\n" + "\n".join(text[-lines:])

    def ssh(self, command: str, timeout_s: float = 60, check: bool = True) -> subprocess.CompletedProcess:
        cmd = ["ssh", "-i", str(self.key), "-p", str(self.ports[22]), "-o", "StrictHostKeyChecking=no",
               "-o", "UserKnownHostsFile=/dev/null", "-o", "BatchMode=yes", "-o", "ConnectTimeout=10",
               "-o", "LogLevel=ERROR", f"{self.user}@127.0.0.1", command]
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout_s)
        if check and proc.returncode != 0:
            raise AssertionError(f"ssh {command!r} -> {proc.returncode}\n{proc.stdout}\n{proc.stderr}")
        return proc

    def wait_ssh(self, timeout_s: float) -> float:
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            self.check_alive()
            with contextlib.suppress(subprocess.TimeoutExpired):
                if self.ssh("true", timeout_s=20, check=False).returncode == 0:
                    return time.monotonic() - self.started
            time.sleep(2)
        raise TimeoutError(f"no SSH login within {timeout_s:.0f} s\n{self.console_tail()}")

    def stop(self) -> None:
        if self.proc is None or self.proc.poll() is not None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.proc.pid, signal.SIGTERM)
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(timeout=10)


@contextlib.contextmanager
def booted(vm: VM) -> Iterator[VM]:
    vm.start()
    try:
        yield vm
    finally:
        vm.stop()
