#!/bin/sh
# mmdebstrap --customize-hook: turn the Debian tree in $1 into the viam image's root filesystem.
# Runs on the build host as root; commands that must run for the target go through chroot (qemu-user
# on a foreign architecture). Inputs come from the environment set by image/build:
#   VIAM_OVERLAY  image/rootfs       VIAM_UNITS   repo's systemd/ dir   VIAM_WHEELS  wheel dir
#   VIAM_VERSION  release version    VIAM_EXTRAS  e.g. agent,hardware   VIAM_MANIFEST_DIR  output dir
set -eu
root="$1"
step() { echo "I: [viam] $*"; }

step "overlay: image/rootfs"
cp -a --no-preserve=ownership "$VIAM_OVERLAY/." "$root/"
chmod 0440 "$root/etc/sudoers.d/viam"
chmod 0755 "$root/usr/lib/viam-image/firstboot.py"
chmod 0755 "$root/boot/firstrun.sh"
chmod 0755 "$root/usr/lib/viam-image/keep_boot_edits.py" "$root/etc/kernel/postinst.d/z40-viam-keep-boot-edits" \
  "$root/etc/initramfs/post-update.d/z40-viam-keep-boot-edits"
mkdir -p "$root/boot/firmware" "$root/var/lib/viam-image"
for f in raspi-firmware raspi-firmware-custom; do
  if [ -f "$VIAM_BOARD_DIR/$f" ]; then install -m 0644 "$VIAM_BOARD_DIR/$f" "$root/etc/default/$f"; fi
done

step "project systemd units from $VIAM_UNITS"
if [ -d "$VIAM_UNITS" ]; then
  for unit in "$VIAM_UNITS"/*.service "$VIAM_UNITS"/*.socket "$VIAM_UNITS"/*.timer "$VIAM_UNITS"/*.path; do
    [ -f "$unit" ] && install -m 0644 "$unit" "$root/etc/systemd/system/"
  done
  for conf in "$VIAM_UNITS"/*tmpfiles*.conf; do
    [ -f "$conf" ] && install -D -m 0644 "$conf" "$root/usr/lib/tmpfiles.d/$(basename "$conf")"
  done
fi

step "release $VIAM_VERSION into /opt/viam (extras: $VIAM_EXTRAS)"
. "$(dirname "$0")/release.sh"
install_release "$root" "$VIAM_VERSION" "$VIAM_EXTRAS"
mkdir -p "$root/opt/viam/cache" "$root/opt/viam/tmp"

step "admin user, locked passwords"
groups=""
for g in sudo dialout i2c spi gpio video plugdev netdev; do
  if chroot "$root" getent group "$g" >/dev/null; then groups="${groups:+$groups,}$g"; fi
done
if chroot "$root" id viam >/dev/null 2>&1; then
  chroot "$root" usermod --append --groups "$groups" --password '!' viam   # a base image that has one already
else
  chroot "$root" useradd --create-home --shell /bin/bash --groups "$groups" --password '!' viam
fi
chroot "$root" usermod --password '!' root

step "services"
chroot "$root" systemctl enable viam-firstboot.service NetworkManager.service systemd-timesyncd.service
if [ -f "$root/etc/systemd/system/viam-agent.service" ]; then
  chroot "$root" systemctl enable viam-agent.service
else
  echo "W: [viam] no viam-agent.service in $VIAM_UNITS: the image will not start the agent" >&2
fi
chroot "$root" systemctl disable ssh.service >/dev/null 2>&1 || true
rm -f "$root"/etc/ssh/ssh_host_*

step "identity: placeholder hostname, empty machine-id"
echo viam-pi >"$root/etc/hostname"
printf '127.0.0.1\tlocalhost\n::1\t\tlocalhost ip6-localhost ip6-loopback\n127.0.1.1\tviam-pi\n' >"$root/etc/hosts"
: >"$root/etc/machine-id"
rm -f "$root/var/lib/dbus/machine-id"
ln -s /etc/machine-id "$root/var/lib/dbus/machine-id"

step "manifest"
chroot "$root" dpkg-query -W -f '${Package}\t${Version}\t${Architecture}\n' | LC_ALL=C sort >"$VIAM_MANIFEST_DIR/packages.tsv"
chroot "$root" /opt/viam/venv/bin/python -m pip freeze --all | LC_ALL=C sort >"$VIAM_MANIFEST_DIR/python-packages.txt"

step "clean"
rm -rf "$root"/var/cache/apt/*.bin "$root"/var/lib/apt/lists/* "$root"/var/log/*.log "$root"/root/.cache
