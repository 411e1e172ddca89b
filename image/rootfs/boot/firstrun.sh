#!/bin/sh
# Raspberry Pi Imager boots a customised card once with systemd.run=/boot/firstrun.sh. On this image
# the FAT partition is /boot/firmware, and viam-firstboot.service has already read (not run) the
# firstrun.sh Imager put there and removed the systemd.run arguments. Exiting 0 lets Imager's
# systemd.run_success_action=reboot start the normal boot.
echo "viam-firstboot took Raspberry Pi Imager's settings (see /boot/firmware/viam-firstboot.txt)"
exit 0
