/* GENERATED FILE: do not edit. Written by stubgen (org.threadrt.stubgen.StubGen)
 * from the platform table stubgen/src/main/java/org/threadrt/stubgen/Targets.java.
 * Change the table or the template, then run platforms/regenerate. */
/* Assembly routines of the threadrt shim for linux-x86_64.
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
	movl	$0, (%rdi)		/* *free_wait = 0; x86 is TSO: a plain store is a release store */
	/* The store above is the last memory access: from here on the stack may be unmapped. */
	movl	$1, %esi		/* FUTEX_WAKE (shared); %rdi is still free_wait */
	movl	$0x7fffffff, %edx	/* every waiter */
	movl	$202, %eax		/* __NR_futex: registers only */
	syscall
	xorl	%edi, %edi		/* exit status 0 */
	movl	$60, %eax		/* __NR_exit: this thread only, not exit_group */
	syscall
	ud2				/* never reached */
	.size	trt_exit_thread, .-trt_exit_thread
	.size	trt__exit_thread, .-trt__exit_thread

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

/* long trt__raw_clone(unsigned long flags, void *stack_top, void (*fn)(void *), void *arg):
 * the parent gets the child's tid or -errno; the child runs fn(arg) on stack_top
 * and fn never returns (it ends in trt__exit_thread). */
	.globl	trt__raw_clone
	.hidden	trt__raw_clone
	.type	trt__raw_clone, @function
	.p2align	4
trt__raw_clone:
	andq	$-16, %rsi		/* child stack top, 16-byte aligned */
	subq	$16, %rsi
	movq	%rdx, 0(%rsi)		/* fn, popped by the child */
	movq	%rcx, 8(%rsi)		/* arg */
	xorl	%edx, %edx		/* parent_tid: none */
	xorl	%r10d, %r10d		/* child_tid: none */
	xorl	%r8d, %r8d		/* tls: none; no CLONE_SETTLS, the child shares the creator's %fs */
	movl	$56, %eax		/* __NR_clone(flags, newsp, ptid, ctid, tls) */
	syscall
	testq	%rax, %rax
	jnz	1f			/* parent: tid, or -errno */
	xorl	%ebp, %ebp		/* child, on the new stack: outermost frame */
	popq	%rax			/* fn */
	popq	%rdi			/* arg */
	call	*%rax			/* %rsp is 16-byte aligned before the call, as the ABI wants */
	ud2				/* fn never returns: it ends in exitThread */
1:	ret
	.size	trt__raw_clone, .-trt__raw_clone

	.section	.note.GNU-stack,"",@progbits
