/* GENERATED FILE: do not edit. Written by stubgen (org.threadrt.stubgen.StubGen)
 * from the platform table stubgen/src/main/java/org/threadrt/stubgen/Targets.java.
 * Change the table or the template, then run platforms/regenerate. */
/* Assembly routines of the threadrt shim for linux-loongarch64.
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
	dbar	0			/* full barrier: covers release */
	st.w	$zero, $a0, 0		/* *free_wait = 0 */
	/* The store above is the last memory access: from here on the stack may be unmapped. */
	li.w	$a1, 1			/* FUTEX_WAKE (shared); a0 is still free_wait */
	li.w	$a2, 0x7fffffff		/* every waiter */
	li.w	$a7, 98		/* __NR_futex: registers only */
	syscall	0
	li.w	$a0, 0			/* exit status 0 */
	li.w	$a7, 93		/* __NR_exit */
	syscall	0
	break	0
	.size	trt_exit_thread, .-trt_exit_thread
	.size	trt__exit_thread, .-trt__exit_thread

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

/* long trt__raw_clone(unsigned long flags, void *stack_top, void (*fn)(void *), void *arg):
 * the parent gets the child's tid or -errno; the child runs fn(arg) on stack_top
 * and fn never returns (it ends in trt__exit_thread). */
	.globl	trt__raw_clone
	.hidden	trt__raw_clone
	.type	trt__raw_clone, @function
	.p2align	2
trt__raw_clone:
	bstrins.d	$a1, $zero, 3, 0	/* child stack top, 16-byte aligned */
	addi.d	$a1, $a1, -16
	st.d	$a2, $a1, 0		/* fn */
	st.d	$a3, $a1, 8		/* arg */
	move	$a2, $zero		/* parent_tid */
	move	$a3, $zero		/* tls */
	move	$a4, $zero		/* child_tid */
	li.w	$a7, 220		/* __NR_clone(flags, newsp, ptid, tls, ctid) */
	syscall	0
	bnez	$a0, 1f			/* parent: tid, or -errno */
	ld.d	$t0, $sp, 0		/* child, on the new stack: fn */
	ld.d	$a0, $sp, 8		/* arg */
	addi.d	$sp, $sp, 16
	move	$fp, $zero
	move	$ra, $zero
	jirl	$ra, $t0, 0
	break	0
1:	jr	$ra
	.size	trt__raw_clone, .-trt__raw_clone

	.section	.note.GNU-stack,"",@progbits
