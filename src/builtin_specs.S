/* SPDX-License-Identifier: GPL-2.0-or-later */
/* builtin_specs.S - the specs of specs/ compiled into the binary (include <name>) */

	.section .rodata
	.global ccsl_builtin_virtio
	.global ccsl_builtin_virtio_end
	.balign 16
ccsl_builtin_virtio:
	.incbin "virtio.ccsl"
ccsl_builtin_virtio_end:
	.byte 0

	.section .note.GNU-stack,"",@progbits
