/* GENERATED FILE: do not edit. Written by stubgen (org.threadrt.stubgen.StubGen)
 * from the platform table stubgen/src/main/java/org/threadrt/stubgen/Targets.java.
 * Change the table or the template, then run platforms/regenerate. */
/* Assembly routines of the threadrt testkit for linux-x86_64.
 * Internal symbols (trt__*) are hidden: BARE threads call them without a PLT. */
	.text

/* long trt__raw_syscall6(long nr, long a1, ..., long a6): the kernel's result, -errno
 * on failure. Never touches errno, so BARE threads may use it. */
	.globl	trt__raw_syscall6
	.hidden	trt__raw_syscall6
	.type	trt__raw_syscall6, @function
	.p2align	4
trt__raw_syscall6:
	movq	%rdi, %rax		/* nr */
	movq	%rsi, %rdi		/* a1 */
	movq	%rdx, %rsi		/* a2 */
	movq	%rcx, %rdx		/* a3 */
	movq	%r8, %r10		/* a4: the kernel takes it in r10, not rcx */
	movq	%r9, %r8		/* a5 */
	movq	8(%rsp), %r9		/* a6: the 7th C argument is on the stack */
	syscall				/* -errno on failure */
	ret
	.size	trt__raw_syscall6, .-trt__raw_syscall6

	.section	.note.GNU-stack,"",@progbits
