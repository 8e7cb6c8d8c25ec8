/* GENERATED FILE: do not edit. Written by stubgen (org.threadrt.stubgen.StubGen)
 * from the platform table stubgen/src/main/java/org/threadrt/stubgen/Targets.java.
 * Change the table or the template, then run platforms/regenerate. */
/* Assembly routines of the threadrt testkit for linux-i686.
 * Internal symbols (trt__*) are hidden: BARE threads call them without a PLT. */
	.text

/* long trt__raw_syscall6(long nr, long a1, ..., long a6): the kernel's result, -errno
 * on failure. Never touches errno, so BARE threads may use it. */
	.globl	trt__raw_syscall6
	.hidden	trt__raw_syscall6
	.type	trt__raw_syscall6, @function
	.p2align	4
trt__raw_syscall6:
	pushl	%ebp			/* ebx, esi, edi, ebp are callee-saved and carry arguments */
	pushl	%edi
	pushl	%esi
	pushl	%ebx
	movl	20(%esp), %eax		/* nr */
	movl	24(%esp), %ebx		/* a1 */
	movl	28(%esp), %ecx		/* a2 */
	movl	32(%esp), %edx		/* a3 */
	movl	36(%esp), %esi		/* a4 */
	movl	40(%esp), %edi		/* a5 */
	movl	44(%esp), %ebp		/* a6 */
	int	$0x80			/* -errno on failure */
	popl	%ebx
	popl	%esi
	popl	%edi
	popl	%ebp
	ret
	.size	trt__raw_syscall6, .-trt__raw_syscall6

	.section	.note.GNU-stack,"",@progbits
