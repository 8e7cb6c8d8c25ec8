/* GENERATED FILE: do not edit. Written by stubgen (org.threadrt.stubgen.StubGen)
 * from the platform table stubgen/src/main/java/org/threadrt/stubgen/Targets.java.
 * Change the table or the template, then run platforms/regenerate. */
/* Assembly routines of the threadrt shim for linux-i686.
 * Internal symbols (trt__*) are hidden: BARE threads call them without a PLT. */
	.text

/* void trt_exit_thread(uint32_t *free_wait): store 0 with release semantics, then the
 * thread-exit syscall. The waiter on free_wait may unmap this stack as soon as it
 * sees 0, so no instruction after the store touches memory. */
	.globl	trt_exit_thread
	.type	trt_exit_thread, @function
	.globl	trt__exit_thread
	.hidden	trt__exit_thread
	.type	trt__exit_thread, @function
	.p2align	4
trt_exit_thread:
trt__exit_thread:
	movl	4(%esp), %ebx		/* free_wait: the last read of the stack */
	movl	$0, (%ebx)		/* *free_wait = 0; TSO: a release store */
	/* The store above is the last memory access: from here on the stack may be unmapped. */
	movl	$1, %ecx		/* FUTEX_WAKE (shared) on free_wait (%ebx) */
	movl	$0x7fffffff, %edx	/* every waiter */
	movl	$240, %eax		/* __NR_futex: registers only */
	int	$0x80
	xorl	%ebx, %ebx		/* exit status 0 */
	movl	$1, %eax		/* __NR_exit */
	int	$0x80
	ud2
	.size	trt_exit_thread, .-trt_exit_thread
	.size	trt__exit_thread, .-trt__exit_thread

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

/* long trt__raw_clone(unsigned long flags, void *stack_top, void (*fn)(void *), void *arg):
 * the parent gets the child's tid or -errno; the child runs fn(arg) on stack_top
 * and fn never returns (it ends in trt__exit_thread). */
	.globl	trt__raw_clone
	.hidden	trt__raw_clone
	.type	trt__raw_clone, @function
	.p2align	4
trt__raw_clone:
	pushl	%ebx
	pushl	%esi
	pushl	%edi			/* arguments now at 16(%esp) */
	movl	20(%esp), %ecx		/* stack_top */
	andl	$-16, %ecx
	subl	$16, %ecx
	movl	24(%esp), %eax		/* fn */
	movl	%eax, 4(%ecx)
	movl	28(%esp), %eax		/* arg: the child's first C argument, at 0(%esp) before its call */
	movl	%eax, 0(%ecx)
	movl	16(%esp), %ebx		/* flags */
	xorl	%edx, %edx		/* parent_tid */
	xorl	%esi, %esi		/* tls */
	xorl	%edi, %edi		/* child_tid */
	movl	$120, %eax		/* __NR_clone(flags, newsp, ptid, tls, ctid) */
	int	$0x80
	testl	%eax, %eax
	jnz	1f
	xorl	%ebp, %ebp		/* child, on the new stack */
	movl	4(%esp), %eax		/* fn */
	call	*%eax			/* fn(arg): arg at 4(%esp) inside fn, stack 16-byte aligned at the call */
	ud2
1:	popl	%edi
	popl	%esi
	popl	%ebx
	ret
	.size	trt__raw_clone, .-trt__raw_clone

	.section	.note.GNU-stack,"",@progbits
