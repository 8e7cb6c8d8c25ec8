/* GENERATED FILE: do not edit. Written by stubgen (org.threadrt.stubgen.StubGen)
 * from the platform table stubgen/src/main/java/org/threadrt/stubgen/Targets.java.
 * Change the table or the template, then run platforms/regenerate. */
/* Assembly routines of the threadrt shim for linux-s390x.
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
	.p2align	3
trt_exit_thread:
trt__exit_thread:
	lhi	%r0, 0
	st	%r0, 0(%r2)		/* *free_wait = 0; stores are not reordered with earlier accesses */
	/* The store above is the last memory access: from here on the stack may be unmapped. */
	lghi	%r3, 1			/* FUTEX_WAKE (shared); r2 is still free_wait */
	llilf	%r4, 0x7fffffff		/* every waiter */
	svc	238			/* __NR_futex: registers only */
	lghi	%r2, 0			/* exit status 0 */
	svc	1			/* __NR_exit */
	.word	0			/* illegal instruction, never reached */
	.size	trt_exit_thread, .-trt_exit_thread
	.size	trt__exit_thread, .-trt__exit_thread

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

/* long trt__raw_clone(unsigned long flags, void *stack_top, void (*fn)(void *), void *arg):
 * the parent gets the child's tid or -errno; the child runs fn(arg) on stack_top
 * and fn never returns (it ends in trt__exit_thread). */
	.globl	trt__raw_clone
	.hidden	trt__raw_clone
	.type	trt__raw_clone, @function
	.p2align	3
trt__raw_clone:
	lgr	%r1, %r3
	nill	%r1, 0xfff8		/* child stack top, 8-byte aligned */
	aghi	%r1, -176		/* 160-byte register save area for fn, then fn and arg */
	lghi	%r0, 0
	stg	%r0, 0(%r1)		/* back chain: end of stack */
	stg	%r4, 160(%r1)		/* fn */
	stg	%r5, 168(%r1)		/* arg */
	lgr	%r3, %r2		/* flags: s390x takes clone(newsp, flags, ptid, ctid, tls) */
	lgr	%r2, %r1		/* newsp */
	lghi	%r4, 0			/* parent_tid */
	lghi	%r5, 0			/* child_tid; tls (r6) is ignored without CLONE_SETTLS */
	svc	120
	ltgr	%r2, %r2
	jnz	1f			/* parent: tid, or -errno */
	lg	%r1, 160(%r15)		/* child, on the new stack: fn */
	lg	%r2, 168(%r15)		/* arg */
	basr	%r14, %r1
	.word	0			/* fn never returns */
1:	br	%r14
	.size	trt__raw_clone, .-trt__raw_clone

	.section	.note.GNU-stack,"",@progbits
