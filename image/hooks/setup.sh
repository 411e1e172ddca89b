#!/bin/sh
# mmdebstrap --setup-hook: settings that must exist before packages are installed.
# The initramfs holds only the listed modules (MODULES=list): under qemu-user, copying most of the
# kernel's modules makes mkinitramfs take many minutes.
set -eu
root="$1"
mkdir -p "$root/etc/initramfs-tools/conf.d" "$root/usr/share/initramfs-tools/modules.d"
printf 'MODULES=list\nCOMPRESS=zstd\nCOMPRESSLEVEL=3\n' >"$root/etc/initramfs-tools/conf.d/viam-image.conf"
for module in $VIAM_INITRAMFS_MODULES; do echo "$module"; done \
  >"$root/usr/share/initramfs-tools/modules.d/viam-image"
