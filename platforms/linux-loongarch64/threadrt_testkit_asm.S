/* GENERATED FILE: do not edit. Written by stubgen (org.threadrt.stubgen.StubGen)
 * from the platform table stubgen/src/main/java/org/threadrt/stubgen/Targets.java.
 * Change the table or the template, then run platforms/regenerate. */
/* Assembly routines of the threadrt testkit for linux-loongarch64.
 * Internal symbols (trt__*) are hidden: BARE threads call them without a PLT. */
	.text

/* long trt__raw_syscall6(long nr, long a1, ..., long a6): the kernel's result, -errno
 * on failure. Never touches errno, so BARE threads may use it. */
	.globl	trt__raw_syscall6
	.hidden	trt__raw_syscall6
	.type	trt__raw_syscall6, @function
	.p2align	2
trt__raw_syscall6:
	move	$a7, $a0		/* nr */
	move	$a0, $a1
	move	$a1, $a2
	move	$a2, $a3
	move	$a3, $a4
	move	$a4, $a5
	move	$a5, $a6
	syscall	0			/* -errno on failure */
	jr	$ra
	.size	trt__raw_syscall6, .-trt__raw_syscall6

	.section	.note.GNU-stack,"",@progbits
