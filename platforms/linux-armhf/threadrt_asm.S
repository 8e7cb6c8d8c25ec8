/* GENERATED FILE: do not edit. Written by stubgen (org.threadrt.stubgen.StubGen)
 * from the platform table stubgen/src/main/java/org/threadrt/stubgen/Targets.java.
 * Change the table or the template, then run platforms/regenerate. */
/* Assembly routines of the threadrt shim for linux-armhf.
 * Internal symbols (trt__*) are hidden: BARE threads call them without a PLT. */
	.syntax unified
	.arch	armv7-a
	.arm
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
	dmb	ish			/* release barrier */
	mov	r1, #0
	str	r1, [r0]		/* *free_wait = 0 */
	/* The store above is the last memory access: from here on the stack may be unmapped. */
	mov	r1, #1			/* FUTEX_WAKE (shared); r0 is still free_wait */
	mvn	r2, #0x80000000		/* 0x7fffffff: every waiter */
	mov	r7, #240		/* __NR_futex: registers only */
	svc	#0
	mov	r0, #0			/* exit status 0 */
	mov	r7, #1		/* __NR_exit (EABI) */
	svc	#0
	udf	#0
	.size	trt_exit_thread, .-trt_exit_thread
	.size	trt__exit_thread, .-trt__exit_thread

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

/* long trt__raw_clone(unsigned long flags, void *stack_top, void (*fn)(void *), void *arg):
 * the parent gets the child's tid or -errno; the child runs fn(arg) on stack_top
 * and fn never returns (it ends in trt__exit_thread). */
	.globl	trt__raw_clone
	.hidden	trt__raw_clone
	.type	trt__raw_clone, %function
	.p2align	2
trt__raw_clone:
	push	{r4, r7}
	bic	r1, r1, #15		/* child stack top, 16-byte aligned */
	sub	r1, r1, #16
	str	r2, [r1]		/* fn */
	str	r3, [r1, #4]		/* arg */
	mov	r2, #0			/* parent_tid */
	mov	r3, #0			/* tls */
	mov	r4, #0			/* child_tid */
	mov	r7, #120		/* __NR_clone(flags, newsp, ptid, tls, ctid) */
	svc	#0
	cmp	r0, #0
	beq	1f
	pop	{r4, r7}		/* parent: tid, or -errno */
	bx	lr
1:	ldr	r1, [sp]		/* child, on the new stack: fn */
	ldr	r0, [sp, #4]		/* arg */
	mov	fp, #0
	mov	lr, #0
	blx	r1			/* interworks with Thumb C code */
	udf	#0
	.size	trt__raw_clone, .-trt__raw_clone

	.section	.note.GNU-stack,"",%progbits
