/* GENERATED FILE: do not edit. Written by stubgen (org.threadrt.stubgen.StubGen)
 * from the platform table stubgen/src/main/java/org/threadrt/stubgen/Targets.java.
 * Change the table or the template, then run platforms/regenerate. */
/* Assembly routines of the threadrt testkit for linux-ppc64le.
 * Internal symbols (trt__*) are hidden: BARE threads call them without a PLT. */
	.abiversion 2
	.text

/* long trt__raw_syscall6(long nr, long a1, ..., long a6): the kernel's result, -errno
 * on failure. Never touches errno, so BARE threads may use it. */
	.globl	trt__raw_syscall6
	.hidden	trt__raw_syscall6
	.type	trt__raw_syscall6, @function
	.p2align	4
trt__raw_syscall6:
	mr	0, 3			/* nr; uses no TOC, so no global entry setup */
	mr	3, 4
	mr	4, 5
	mr	5, 6
	mr	6, 7
	mr	7, 8
	mr	8, 9
	sc
	bnslr+				/* CR0.SO clear: success */
	neg	3, 3			/* the kernel flags errors with CR0.SO and a positive errno */
	blr
	.size	trt__raw_syscall6, .-trt__raw_syscall6

	.section	.note.GNU-stack,"",@progbits
