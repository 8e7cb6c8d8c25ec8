/* GENERATED FILE: do not edit. Written by stubgen (org.threadrt.stubgen.StubGen)
 * from the platform table stubgen/src/main/java/org/threadrt/stubgen/Targets.java.
 * Change the table or the template, then run platforms/regenerate. */
/* Assembly routines of the threadrt shim for linux-ppc64le.
 * Internal symbols (trt__*) are hidden: BARE threads call them without a PLT. */
	.abiversion 2
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
	lwsync				/* release barrier */
	li	4, 0
	stw	4, 0(3)			/* *free_wait = 0 */
	/* The store above is the last memory access: from here on the stack may be unmapped. */
	li	4, 1			/* FUTEX_WAKE (shared); r3 is still free_wait */
	lis	5, 0x7fff
	ori	5, 5, 0xffff		/* every waiter */
	li	0, 221		/* __NR_futex: registers only */
	sc
	li	3, 0			/* exit status 0 */
	li	0, 1			/* __NR_exit */
	sc
	trap
	.size	trt_exit_thread, .-trt_exit_thread
	.size	trt__exit_thread, .-trt__exit_thread

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

/* long trt__raw_clone(unsigned long flags, void *stack_top, void (*fn)(void *), void *arg):
 * the parent gets the child's tid or -errno; the child runs fn(arg) on stack_top
 * and fn never returns (it ends in trt__exit_thread). */
	.globl	trt__raw_clone
	.hidden	trt__raw_clone
	.type	trt__raw_clone, @function
	.p2align	4
trt__raw_clone:
	clrrdi	4, 4, 4			/* child stack top, 16-byte aligned */
	addi	4, 4, -64		/* the child's first frame (ELFv2 minimum 32 bytes) */
	li	0, 0
	std	0, 0(4)			/* back chain: end of stack */
	std	5, 48(4)		/* fn */
	std	6, 56(4)		/* arg */
	li	5, 0			/* parent_tid */
	li	6, 0			/* tls */
	li	7, 0			/* child_tid */
	li	0, 120		/* __NR_clone(flags, newsp, ptid, tls, ctid) */
	sc
	bns+	1f
	neg	3, 3			/* error: -errno */
	blr
1:	cmpdi	3, 0
	bnelr				/* parent: tid */
	ld	12, 48(1)		/* child, on the new stack: fn in r12 (ELFv2 global entry) */
	ld	3, 56(1)		/* arg */
	mtctr	12
	bctrl
	trap
	.size	trt__raw_clone, .-trt__raw_clone

	.section	.note.GNU-stack,"",@progbits
