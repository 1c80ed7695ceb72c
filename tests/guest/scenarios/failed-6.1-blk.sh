# SPDX-License-Identifier: GPL-2.0-or-later
# failed-6.1-blk: a virtio-blk-pci device with logical_block_size=8192 (> PAGE_SIZE), which
# virtblk_probe rejects (-EINVAL, "invalid block size"): the core sets FAILED. A second bind
# through sysfs runs the probe again on top of FAILED, without a reset.
run_scenario() {
	ccsl-record -o /tmp/trace.dat -- sh -c 'modprobe virtio_pci; modprobe virtio_blk; sleep 1;
		echo virtio0 >/sys/bus/virtio/drivers/virtio_blk/bind; sleep 1'
}
