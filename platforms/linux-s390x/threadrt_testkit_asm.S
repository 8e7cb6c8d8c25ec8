/* GENERATED FILE: do not edit. Written by stubgen (org.threadrt.stubgen.StubGen)
 * from the platform table stubgen/src/main/java/org/threadrt/stubgen/Targets.java.
 * Change the table or the template, then run platforms/regenerate. */
/* Assembly routines of the threadrt testkit for linux-s390x.
 * Internal symbols (trt__*) are hidden: BARE threads call them without a PLT. */
	.text

/* long trt__raw_syscall6(long nr, long a1, ..., long a6): the kernel's result, -errno
 * on failure. Never touches errno, so BARE threads may use it. */
	.globl	trt__raw_syscall6
	.hidden	trt__raw_syscall6
	.type	trt__raw_syscall6, @function
	.p2align	3
trt__raw_syscall6:
	stmg	%r6, %r7, 48(%r15)	/* r6, r7 are callee-saved: keep them in the caller's save area */
	lgr	%r1, %r2		/* nr */
	lgr	%r2, %r3
	lgr	%r3, %r4
	lgr	%r4, %r5
	lgr	%r5, %r6
	lg	%r6, 160(%r15)		/* a5, a6 are on the stack */
	lg	%r7, 168(%r15)
	svc	0			/* -errno on failure */
	lmg	%r6, %r7, 48(%r15)
	br	%r14
	.size	trt__raw_syscall6, .-trt__raw_syscall6

	.section	.note.GNU-stack,"",@progbits
