/* GENERATED FILE: do not edit. Written by stubgen (org.threadrt.stubgen.StubGen)
 * from the platform table stubgen/src/main/java/org/threadrt/stubgen/Targets.java.
 * Change the table or the template, then run platforms/regenerate. */
/* Assembly routines of the threadrt shim for linux-riscv64.
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
	.p2align	2
trt_exit_thread:
trt__exit_thread:
	fence	rw, w			/* release barrier */
	sw	zero, 0(a0)		/* *free_wait = 0 */
	/* The store above is the last memory access: from here on the stack may be unmapped. */
	li	a1, 1			/* FUTEX_WAKE (shared); a0 is still free_wait */
	li	a2, 0x7fffffff		/* every waiter */
	li	a7, 98		/* __NR_futex: registers only */
	ecall
	li	a0, 0			/* exit status 0 */
	li	a7, 93		/* __NR_exit */
	ecall
	unimp
	.size	trt_exit_thread, .-trt_exit_thread
	.size	trt__exit_thread, .-trt__exit_thread

/* long trt__raw_syscall6(long nr, long a1, ..., long a6): the kernel's result, -errno
 * on failure. Never touches errno, so BARE threads may use it. */
	.globl	trt__raw_syscall6
	.hidden	trt__raw_syscall6
	.type	trt__raw_syscall6, @function
	.p2align	2
trt__raw_syscall6:
	mv	a7, a0			/* nr */
	mv	a0, a1
	mv	a1, a2
	mv	a2, a3
	mv	a3, a4
	mv	a4, a5
	mv	a5, a6
	ecall				/* -errno on failure */
	ret
	.size	trt__raw_syscall6, .-trt__raw_syscall6

/* long trt__raw_clone(unsigned long flags, void *stack_top, void (*fn)(void *), void *arg):
 * the parent gets the child's tid or -errno; the child runs fn(arg) on stack_top
 * and fn never returns (it ends in trt__exit_thread). */
	.globl	trt__raw_clone
	.hidden	trt__raw_clone
	.type	trt__raw_clone, @function
	.p2align	2
trt__raw_clone:
	andi	a1, a1, -16		/* child stack top, 16-byte aligned */
	addi	a1, a1, -16
	sd	a2, 0(a1)		/* fn */
	sd	a3, 8(a1)		/* arg */
	li	a2, 0			/* parent_tid */
	li	a3, 0			/* tls */
	li	a4, 0			/* child_tid */
	li	a7, 220		/* __NR_clone(flags, newsp, ptid, tls, ctid) */
	ecall
	bnez	a0, 1f			/* parent: tid, or -errno */
	ld	t1, 0(sp)		/* child, on the new stack: fn */
	ld	a0, 8(sp)		/* arg */
	addi	sp, sp, 16
	li	s0, 0			/* outermost frame */
	li	ra, 0
	jalr	t1
	unimp
1:	ret
	.size	trt__raw_clone, .-trt__raw_clone

	.section	.note.GNU-stack,"",@progbits
