/* GENERATED FILE: do not edit. Written by stubgen (org.threadrt.stubgen.StubGen)
 * from the platform table stubgen/src/main/java/org/threadrt/stubgen/Targets.java.
 * Change the table or the template, then run platforms/regenerate. */
/* Assembly routines of the threadrt shim for linux-aarch64.
 * Internal symbols (trt__*) are hidden: BARE threads call them without a PLT. */
	.text

/* void trt_exit_thread(uint32_t *free_wait): store 0 with release semantics, then the
 * thread-exit syscall. The waiter on free_wait may unmap this stack as soon as it
 * sees 0, so no instruction after the store touches memory. */
	.globl	trt_exit_thread
	.type	trt_exit_thread, %function
	.globl	trt__exit_thread
	.hidden	trt__exit_thread
	.type	trt__exit_thread, %function
	.p2align	2
trt_exit_thread:
trt__exit_thread:
	stlr	wzr, [x0]		/* *free_wait = 0, store-release */
	/* The store above is the last memory access: from here on the stack may be unmapped. */
	mov	x1, #1			/* FUTEX_WAKE (shared); x0 is still free_wait */
	mov	w2, #0x7fffffff		/* every waiter */
	mov	x8, #98		/* __NR_futex: registers only */
	svc	#0
	mov	x0, #0			/* exit status 0 */
	mov	x8, #93		/* __NR_exit */
	svc	#0
	brk	#0
	.size	trt_exit_thread, .-trt_exit_thread
	.size	trt__exit_thread, .-trt__exit_thread

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

/* long trt__raw_clone(unsigned long flags, void *stack_top, void (*fn)(void *), void *arg):
 * the parent gets the child's tid or -errno; the child runs fn(arg) on stack_top
 * and fn never returns (it ends in trt__exit_thread). */
	.globl	trt__raw_clone
	.hidden	trt__raw_clone
	.type	trt__raw_clone, %function
	.p2align	2
trt__raw_clone:
	and	x1, x1, #0xfffffffffffffff0	/* child stack top, 16-byte aligned */
	stp	x2, x3, [x1, #-16]!	/* fn, arg on the child's stack */
	mov	x2, xzr			/* parent_tid */
	mov	x3, xzr			/* tls */
	mov	x4, xzr			/* child_tid */
	mov	x8, #220		/* __NR_clone(flags, newsp, ptid, tls, ctid) */
	svc	#0
	cbnz	x0, 1f			/* parent: tid, or -errno */
	ldp	x16, x0, [sp], #16	/* child, on the new stack: fn, arg */
	mov	x29, xzr		/* outermost frame */
	mov	x30, xzr
	blr	x16
	brk	#0			/* fn never returns */
1:	ret
	.size	trt__raw_clone, .-trt__raw_clone

	.section	.note.GNU-stack,"",%progbits
