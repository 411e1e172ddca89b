"""Build flashable Debian images of the project for Raspberry Pi-class boards and a QEMU twin.

The image is assembled without loop devices or mounts: mmdebstrap builds the root tree,
``mke2fs -d`` turns it into an ext4 image, ``mkfs.vfat`` + ``mcopy`` make the boot partition and
``sfdisk`` writes the partition table into a sparse file that the two filesystems are copied into.
"""
