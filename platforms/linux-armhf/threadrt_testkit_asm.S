/* GENERATED FILE: do not edit. Written by stubgen (org.threadrt.stubgen.StubGen)
 * from the platform table stubgen/src/main/java/org/threadrt/stubgen/Targets.java.
 * Change the table or the template, then run platforms/regenerate. */
/* Assembly routines of the threadrt testkit for linux-armhf.
 * Internal symbols (trt__*) are hidden: BARE threads call them without a PLT. */
	.syntax unified
	.arch	armv7-a
	.arm
	.text

/* long trt__raw_syscall6(long nr, long a1, ..., long a6): the kernel's result, -errno
 * on failure. Never touches errno, so BARE threads may use it. */
	.globl	trt__raw_syscall6
	.hidden	trt__raw_syscall6
	.type	trt__raw_syscall6, %function
	.p2align	2
trt__raw_syscall6:
	push	{r4, r5, r7, lr}	/* callee-saved registers that carry syscall arguments */
	mov	r7, r0			/* nr */
	mov	r0, r1
	mov	r1, r2
	mov	r2, r3
	ldr	r3, [sp, #16]		/* a4..a6 are on the stack */
	ldr	r4, [sp, #20]
	ldr	r5, [sp, #24]
	svc	#0			/* -errno on failure */
	pop	{r4, r5, r7, pc}
	.size	trt__raw_syscall6, .-trt__raw_syscall6

	.section	.note.GNU-stack,"",%progbits
