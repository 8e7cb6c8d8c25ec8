/* GENERATED FILE: do not edit. Written by stubgen (org.threadrt.stubgen.StubGen)
 * from the platform table stubgen/src/main/java/org/threadrt/stubgen/Targets.java.
 * Change the table or the template, then run platforms/regenerate. */
/* Assembly routines of the threadrt shim for linux-mips64el.
 * Internal symbols (trt__*) are hidden: BARE threads call them without a PLT. */
	.set	noreorder
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
	sync				/* release barrier */
	sw	$zero, 0($a0)		/* *free_wait = 0 */
	/* The store above is the last memory access: from here on the stack may be unmapped. */
	li	$a1, 1			/* FUTEX_WAKE (shared); a0 is still free_wait */
	li	$a2, 0x7fffffff		/* every waiter */
	li	$v0, 5194		/* __NR_futex: registers only */
	syscall
	li	$a0, 0			/* exit status 0 */
	li	$v0, 5058		/* __NR_exit (n64) */
	syscall
	break
	.size	trt_exit_thread, .-trt_exit_thread
	.size	trt__exit_thread, .-trt__exit_thread

/* long trt__raw_syscall6(long nr, long a1, ..., long a6): the kernel's result, -errno
 * on failure. Never touches errno, so BARE threads may use it. */
	.globl	trt__raw_syscall6
	.hidden	trt__raw_syscall6
	.type	trt__raw_syscall6, @function
	.p2align	3
trt__raw_syscall6:
	move	$v0, $a0		/* nr */
	move	$a0, $a1
	move	$a1, $a2
	move	$a2, $a3
	move	$a3, $a4
	move	$a4, $a5
	move	$a5, $a6
	syscall
	beqz	$a3, 1f			/* a3 != 0 flags an error, with a positive errno in v0 */
	nop
	dsubu	$v0, $zero, $v0		/* -errno */
1:	jr	$ra
	nop
	.size	trt__raw_syscall6, .-trt__raw_syscall6

/* long trt__raw_clone(unsigned long flags, void *stack_top, void (*fn)(void *), void *arg):
 * the parent gets the child's tid or -errno; the child runs fn(arg) on stack_top
 * and fn never returns (it ends in trt__exit_thread). */
	.globl	trt__raw_clone
	.hidden	trt__raw_clone
	.type	trt__raw_clone, @function
	.p2align	3
trt__raw_clone:
	li	$t0, -16
	and	$a1, $a1, $t0		/* child stack top, 16-byte aligned */
	daddiu	$a1, $a1, -32
	sd	$a2, 0($a1)		/* fn */
	sd	$a3, 8($a1)		/* arg */
	move	$a2, $zero		/* parent_tid */
	move	$a3, $zero		/* tls */
	move	$a4, $zero		/* child_tid */
	li	$v0, 5055		/* __NR_clone(flags, newsp, ptid, tls, ctid) */
	syscall
	bnez	$a3, 2f			/* error */
	nop
	beqz	$v0, 3f			/* child */
	nop
	jr	$ra			/* parent: tid */
	nop
2:	jr	$ra
	dsubu	$v0, $zero, $v0		/* (delay slot) -errno */
3:	ld	$t9, 0($sp)		/* child, on the new stack: fn in t9 (PIC callees derive gp from it) */
	ld	$a0, 8($sp)		/* arg */
	jalr	$t9
	nop
	break
	.size	trt__raw_clone, .-trt__raw_clone

	.section	.note.GNU-stack,"",@progbits
