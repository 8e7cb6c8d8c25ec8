/* GENERATED FILE: do not edit. Written by stubgen (org.threadrt.stubgen.StubGen)
 * from the platform table stubgen/src/main/java/org/threadrt/stubgen/Targets.java.
 * Change the table or the template, then run platforms/regenerate. */
/* Assembly routines of the threadrt testkit for linux-aarch64.
 * Internal symbols (trt__*) are hidden: BARE threads call them without a PLT. */
	.text

/* long trt__raw_syscall6(long nr, long a1, ..., long a6): the kernel's result, -errno
 * on failure. Never touches errno, so BARE threads may use it. */
	.globl	trt__raw_syscall6
	.hidden	trt__raw_syscall6
	.type	trt__raw_syscall6, %function
	.p2align	2
trt__raw_syscall6:
	mov	x8, x0			/* nr */
	mov	x0, x1
	mov	x1, x2
	mov	x2, x3
	mov	x3, x4
	mov	x4, x5
	mov	x5, x6
	svc	#0			/* -errno on failure */
	ret
	.size	trt__raw_syscall6, .-trt__raw_syscall6

	.section	.note.GNU-stack,"",%progbits
