package org.threadrt.stubgen;

import java.util.List;

import org.threadrt.stubgen.Target.AsmSet;
import org.threadrt.stubgen.Target.Check;
import org.threadrt.stubgen.Target.DllImport;
import org.threadrt.stubgen.Target.Flavor;
import org.threadrt.stubgen.Target.LinuxAbi;
import org.threadrt.stubgen.Target.Os;

/**
 * The platform table: the 15 targets threadrt builds a shim for.
 *
 * <p>Assembly bodies use {@code ${NR_name}} for the target's syscall numbers. Three routines
 * exist per Linux arch:
 * <ul>
 * <li>{@code exitThread(uint32_t *free_wait)}: store 0 with release semantics, then the
 *     thread-exit syscall (never exit_group). After the store the waiter may unmap the stack,
 *     so nothing after it may touch memory: arguments are read first, results go nowhere.
 *     On Linux a FUTEX_WAKE on free_wait sits between the store and the exit, made from
 *     registers alone, so a reaper can sleep on the word instead of polling it (Go's allocm
 *     polls; a BARE reaper has nothing else to do). By then the word may already belong to
 *     a new M: the wake is then spurious, which every futex waiter tolerates.</li>
 * <li>{@code rawSyscall(nr, a1..a6)}: returns the kernel's result, -errno on failure (the
 *     arches whose kernel flags errors separately, ppc64 and mips, negate here). It exists so
 *     that BARE threads, which share their creator's thread pointer, never write errno.</li>
 * <li>{@code rawClone(flags, stack_top, fn, arg)}: the child starts on stack_top, calls
 *     fn(arg), and fn never returns. fn and arg travel on the child's own stack, because
 *     after clone only the stack pointer and the return value differ between the two.</li>
 * </ul>
 * Syscall numbers were read from each cross libc's sys/syscall.h; the generated C shim
 * re-checks them with static assertions wherever such a header exists.
 */
public final class Targets {
    private Targets() {}

    /** x86_64, i386, mips, riscv, ppc, s390, loongarch: the generic syscall table numbers. */
    private static final LinuxAbi GENERIC = new LinuxAbi(93, 220, 98, 96, 178, 124, 135, 64, 222, 215, 226, 101, 113, 167, 8);

    private static final AsmSet X86_64 = new AsmSet("", '@', 4, "",
            """
            	movl	$0, (%rdi)		/* *free_wait = 0; x86 is TSO: a plain store is a release store */
            	/* The store above is the last memory access: from here on the stack may be unmapped. */
            	movl	$1, %esi		/* FUTEX_WAKE (shared); %rdi is still free_wait */
            	movl	$0x7fffffff, %edx	/* every waiter */
            	movl	$${NR_futex}, %eax		/* __NR_futex: registers only */
            	syscall
            	xorl	%edi, %edi		/* exit status 0 */
            	movl	$${NR_exit}, %eax		/* __NR_exit: this thread only, not exit_group */
            	syscall
            	ud2				/* never reached */
            """,
            """
            	movq	%rdi, %rax		/* nr */
            	movq	%rsi, %rdi		/* a1 */
            	movq	%rdx, %rsi		/* a2 */
            	movq	%rcx, %rdx		/* a3 */
            	movq	%r8, %r10		/* a4: the kernel takes it in r10, not rcx */
            	movq	%r9, %r8		/* a5 */
            	movq	8(%rsp), %r9		/* a6: the 7th C argument is on the stack */
            	syscall				/* -errno on failure */
            	ret
            """,
            """
            	andq	$-16, %rsi		/* child stack top, 16-byte aligned */
            	subq	$16, %rsi
            	movq	%rdx, 0(%rsi)		/* fn, popped by the child */
            	movq	%rcx, 8(%rsi)		/* arg */
            	xorl	%edx, %edx		/* parent_tid: none */
            	xorl	%r10d, %r10d		/* child_tid: none */
            	xorl	%r8d, %r8d		/* tls: none; no CLONE_SETTLS, the child shares the creator's %fs */
            	movl	$${NR_clone}, %eax		/* __NR_clone(flags, newsp, ptid, ctid, tls) */
            	syscall
            	testq	%rax, %rax
            	jnz	1f			/* parent: tid, or -errno */
            	xorl	%ebp, %ebp		/* child, on the new stack: outermost frame */
            	popq	%rax			/* fn */
            	popq	%rdi			/* arg */
            	call	*%rax			/* %rsp is 16-byte aligned before the call, as the ABI wants */
            	ud2				/* fn never returns: it ends in exitThread */
            1:	ret
            """);

    private static final AsmSet I386 = new AsmSet("", '@', 4, "",
            """
            	movl	4(%esp), %ebx		/* free_wait: the last read of the stack */
            	movl	$0, (%ebx)		/* *free_wait = 0; TSO: a release store */
            	/* The store above is the last memory access: from here on the stack may be unmapped. */
            	movl	$1, %ecx		/* FUTEX_WAKE (shared) on free_wait (%ebx) */
            	movl	$0x7fffffff, %edx	/* every waiter */
            	movl	$${NR_futex}, %eax		/* __NR_futex: registers only */
            	int	$0x80
            	xorl	%ebx, %ebx		/* exit status 0 */
            	movl	$${NR_exit}, %eax		/* __NR_exit */
            	int	$0x80
            	ud2
            """,
            """
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
            """,
            """
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
            	movl	$${NR_clone}, %eax		/* __NR_clone(flags, newsp, ptid, tls, ctid) */
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
            """);

    private static final AsmSet AARCH64 = new AsmSet("", '%', 2, "",
            """
            	stlr	wzr, [x0]		/* *free_wait = 0, store-release */
            	/* The store above is the last memory access: from here on the stack may be unmapped. */
            	mov	x1, #1			/* FUTEX_WAKE (shared); x0 is still free_wait */
            	mov	w2, #0x7fffffff		/* every waiter */
            	mov	x8, #${NR_futex}		/* __NR_futex: registers only */
            	svc	#0
            	mov	x0, #0			/* exit status 0 */
            	mov	x8, #${NR_exit}		/* __NR_exit */
            	svc	#0
            	brk	#0
            """,
            """
            	mov	x8, x0			/* nr */
            	mov	x0, x1
            	mov	x1, x2
            	mov	x2, x3
            	mov	x3, x4
            	mov	x4, x5
            	mov	x5, x6
            	svc	#0			/* -errno on failure */
            	ret
            """,
            """
            	and	x1, x1, #0xfffffffffffffff0	/* child stack top, 16-byte aligned */
            	stp	x2, x3, [x1, #-16]!	/* fn, arg on the child's stack */
            	mov	x2, xzr			/* parent_tid */
            	mov	x3, xzr			/* tls */
            	mov	x4, xzr			/* child_tid */
            	mov	x8, #${NR_clone}		/* __NR_clone(flags, newsp, ptid, tls, ctid) */
            	svc	#0
            	cbnz	x0, 1f			/* parent: tid, or -errno */
            	ldp	x16, x0, [sp], #16	/* child, on the new stack: fn, arg */
            	mov	x29, xzr		/* outermost frame */
            	mov	x30, xzr
            	blr	x16
            	brk	#0			/* fn never returns */
            1:	ret
            """);

    private static final AsmSet ARMHF = new AsmSet("\t.syntax unified\n\t.arch\tarmv7-a\n\t.arm\n", '%', 2, "",
            """
            	dmb	ish			/* release barrier */
            	mov	r1, #0
            	str	r1, [r0]		/* *free_wait = 0 */
            	/* The store above is the last memory access: from here on the stack may be unmapped. */
            	mov	r1, #1			/* FUTEX_WAKE (shared); r0 is still free_wait */
            	mvn	r2, #0x80000000		/* 0x7fffffff: every waiter */
            	mov	r7, #${NR_futex}		/* __NR_futex: registers only */
            	svc	#0
            	mov	r0, #0			/* exit status 0 */
            	mov	r7, #${NR_exit}		/* __NR_exit (EABI) */
            	svc	#0
            	udf	#0
            """,
            """
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
            """,
            """
            	push	{r4, r7}
            	bic	r1, r1, #15		/* child stack top, 16-byte aligned */
            	sub	r1, r1, #16
            	str	r2, [r1]		/* fn */
            	str	r3, [r1, #4]		/* arg */
            	mov	r2, #0			/* parent_tid */
            	mov	r3, #0			/* tls */
            	mov	r4, #0			/* child_tid */
            	mov	r7, #${NR_clone}		/* __NR_clone(flags, newsp, ptid, tls, ctid) */
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
            """);

    private static final AsmSet RISCV64 = new AsmSet("", '@', 2, "",
            """
            	fence	rw, w			/* release barrier */
            	sw	zero, 0(a0)		/* *free_wait = 0 */
            	/* The store above is the last memory access: from here on the stack may be unmapped. */
            	li	a1, 1			/* FUTEX_WAKE (shared); a0 is still free_wait */
            	li	a2, 0x7fffffff		/* every waiter */
            	li	a7, ${NR_futex}		/* __NR_futex: registers only */
            	ecall
            	li	a0, 0			/* exit status 0 */
            	li	a7, ${NR_exit}		/* __NR_exit */
            	ecall
            	unimp
            """,
            """
            	mv	a7, a0			/* nr */
            	mv	a0, a1
            	mv	a1, a2
            	mv	a2, a3
            	mv	a3, a4
            	mv	a4, a5
            	mv	a5, a6
            	ecall				/* -errno on failure */
            	ret
            """,
            """
            	andi	a1, a1, -16		/* child stack top, 16-byte aligned */
            	addi	a1, a1, -16
            	sd	a2, 0(a1)		/* fn */
            	sd	a3, 8(a1)		/* arg */
            	li	a2, 0			/* parent_tid */
            	li	a3, 0			/* tls */
            	li	a4, 0			/* child_tid */
            	li	a7, ${NR_clone}		/* __NR_clone(flags, newsp, ptid, tls, ctid) */
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
            """);

    private static final AsmSet PPC64LE = new AsmSet("\t.abiversion 2\n", '@', 4, "",
            """
            	lwsync				/* release barrier */
            	li	4, 0
            	stw	4, 0(3)			/* *free_wait = 0 */
            	/* The store above is the last memory access: from here on the stack may be unmapped. */
            	li	4, 1			/* FUTEX_WAKE (shared); r3 is still free_wait */
            	lis	5, 0x7fff
            	ori	5, 5, 0xffff		/* every waiter */
            	li	0, ${NR_futex}		/* __NR_futex: registers only */
            	sc
            	li	3, 0			/* exit status 0 */
            	li	0, ${NR_exit}			/* __NR_exit */
            	sc
            	trap
            """,
            """
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
            """,
            """
            	clrrdi	4, 4, 4			/* child stack top, 16-byte aligned */
            	addi	4, 4, -64		/* the child's first frame (ELFv2 minimum 32 bytes) */
            	li	0, 0
            	std	0, 0(4)			/* back chain: end of stack */
            	std	5, 48(4)		/* fn */
            	std	6, 56(4)		/* arg */
            	li	5, 0			/* parent_tid */
            	li	6, 0			/* tls */
            	li	7, 0			/* child_tid */
            	li	0, ${NR_clone}		/* __NR_clone(flags, newsp, ptid, tls, ctid) */
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
            """);

    private static final AsmSet S390X = new AsmSet("", '@', 3, "",
            """
            	lhi	%r0, 0
            	st	%r0, 0(%r2)		/* *free_wait = 0; stores are not reordered with earlier accesses */
            	/* The store above is the last memory access: from here on the stack may be unmapped. */
            	lghi	%r3, 1			/* FUTEX_WAKE (shared); r2 is still free_wait */
            	llilf	%r4, 0x7fffffff		/* every waiter */
            	svc	${NR_futex}			/* __NR_futex: registers only */
            	lghi	%r2, 0			/* exit status 0 */
            	svc	${NR_exit}			/* __NR_exit */
            	.word	0			/* illegal instruction, never reached */
            """,
            """
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
            """,
            """
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
            	svc	${NR_clone}
            	ltgr	%r2, %r2
            	jnz	1f			/* parent: tid, or -errno */
            	lg	%r1, 160(%r15)		/* child, on the new stack: fn */
            	lg	%r2, 168(%r15)		/* arg */
            	basr	%r14, %r1
            	.word	0			/* fn never returns */
            1:	br	%r14
            """);

    private static final AsmSet MIPS64EL = new AsmSet("\t.set\tnoreorder\n", '@', 3, "",
            """
            	sync				/* release barrier */
            	sw	$zero, 0($a0)		/* *free_wait = 0 */
            	/* The store above is the last memory access: from here on the stack may be unmapped. */
            	li	$a1, 1			/* FUTEX_WAKE (shared); a0 is still free_wait */
            	li	$a2, 0x7fffffff		/* every waiter */
            	li	$v0, ${NR_futex}		/* __NR_futex: registers only */
            	syscall
            	li	$a0, 0			/* exit status 0 */
            	li	$v0, ${NR_exit}		/* __NR_exit (n64) */
            	syscall
            	break
            """,
            """
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
            """,
            """
            	li	$t0, -16
            	and	$a1, $a1, $t0		/* child stack top, 16-byte aligned */
            	daddiu	$a1, $a1, -32
            	sd	$a2, 0($a1)		/* fn */
            	sd	$a3, 8($a1)		/* arg */
            	move	$a2, $zero		/* parent_tid */
            	move	$a3, $zero		/* tls */
            	move	$a4, $zero		/* child_tid */
            	li	$v0, ${NR_clone}		/* __NR_clone(flags, newsp, ptid, tls, ctid) */
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
            """);

    private static final AsmSet LOONGARCH64 = new AsmSet("", '@', 2, "",
            """
            	dbar	0			/* full barrier: covers release */
            	st.w	$zero, $a0, 0		/* *free_wait = 0 */
            	/* The store above is the last memory access: from here on the stack may be unmapped. */
            	li.w	$a1, 1			/* FUTEX_WAKE (shared); a0 is still free_wait */
            	li.w	$a2, 0x7fffffff		/* every waiter */
            	li.w	$a7, ${NR_futex}		/* __NR_futex: registers only */
            	syscall	0
            	li.w	$a0, 0			/* exit status 0 */
            	li.w	$a7, ${NR_exit}		/* __NR_exit */
            	syscall	0
            	break	0
            """,
            """
            	move	$a7, $a0		/* nr */
            	move	$a0, $a1
            	move	$a1, $a2
            	move	$a2, $a3
            	move	$a3, $a4
            	move	$a4, $a5
            	move	$a5, $a6
            	syscall	0			/* -errno on failure */
            	jr	$ra
            """,
            """
            	bstrins.d	$a1, $zero, 3, 0	/* child stack top, 16-byte aligned */
            	addi.d	$a1, $a1, -16
            	st.d	$a2, $a1, 0		/* fn */
            	st.d	$a3, $a1, 8		/* arg */
            	move	$a2, $zero		/* parent_tid */
            	move	$a3, $zero		/* tls */
            	move	$a4, $zero		/* child_tid */
            	li.w	$a7, ${NR_clone}		/* __NR_clone(flags, newsp, ptid, tls, ctid) */
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
            """);

    private static final AsmSet DARWIN_X86_64 = new AsmSet("", '@', 4, "_",
            """
            	movl	$0, (%rdi)		/* *free_wait = 0; TSO: a release store */
            	/* The store above is the last memory access: from here on the stack may be unmapped. */
            	xorl	%edi, %edi		/* __bsdthread_terminate(0, 0, 0, 0) */
            	xorl	%esi, %esi
            	xorl	%edx, %edx
            	xorl	%r10d, %r10d
            	movl	$0x2000169, %eax	/* SYSCALL_CLASS_UNIX | 361 */
            	syscall
            	ud2
            """, null, null);

    private static final AsmSet DARWIN_AARCH64 = new AsmSet("", '@', 2, "_",
            """
            	stlr	wzr, [x0]		/* *free_wait = 0, store-release */
            	/* The store above is the last memory access: from here on the stack may be unmapped. */
            	mov	x0, #0			/* __bsdthread_terminate(0, 0, 0, 0) */
            	mov	x1, #0
            	mov	x2, #0
            	mov	x3, #0
            	mov	x16, #361
            	svc	#0x80
            	brk	#1
            """, null, null);

    private static final AsmSet FREEBSD_X86_64 = new AsmSet("", '@', 4, "",
            """
            	movl	$0, (%rdi)		/* *free_wait = 0; TSO: a release store */
            	/* The store above is the last memory access: from here on the stack may be unmapped. */
            	xorl	%edi, %edi		/* thr_exit(NULL) */
            	movl	$431, %eax
            	syscall
            	ud2
            """, null, null);

    private static final AsmSet FREEBSD_AARCH64 = new AsmSet("", '%', 2, "",
            """
            	stlr	wzr, [x0]		/* *free_wait = 0, store-release */
            	/* The store above is the last memory access: from here on the stack may be unmapped. */
            	mov	x0, #0			/* thr_exit(NULL) */
            	mov	x8, #431
            	svc	#0
            	brk	#1
            """, null, null);

    private static Target linux(String arch, String cc, String cflags, String qemu, String triple, LinuxAbi abi,
                                AsmSet asm) {
        boolean host = qemu == null;
        return new Target("linux-" + arch, Os.LINUX, Flavor.GLIBC, cc, cflags,
                host ? Check.HOST_HARNESS : Check.QEMU_HARNESS,
                // i386 only: the host's ld.so.cache (read by the guest's ld.so) lists /lib32/libc.so.6 of
                // libc6-i386, which libclang-rt-19-dev pulls in and which is a newer point release than
                // libc6-i386-cross's ld.so; the mix loops forever in pthread_create's stack-cache walk.
                // LD_LIBRARY_PATH=/lib (under -L: /usr/i686-linux-gnu/lib) wins over the cache.
                host ? "" : "qemu-" + qemu + "-static" + (qemu.equals("i386") ? " -E LD_LIBRARY_PATH=/lib" : "")
                        + " -L /usr/" + triple, abi, asm, List.of());
    }

    private static final List<DllImport> WINDOWS_IMPORTS = List.of(
            new DllImport("kernel32.dll", List.of("CreateThread", "CloseHandle", "WaitForSingleObject", "GetLastError", "GetCurrentThreadId",
                    "SwitchToThread", "Sleep", "ExitThread", "GetSystemInfo", "VirtualAlloc", "VirtualFree", "VirtualProtect", "FlsAlloc",
                    "FlsGetValue", "FlsSetValue", "GetProcessHeap", "HeapAlloc", "HeapFree", "InitOnceExecuteOnce",
                    "QueryPerformanceCounter", "QueryPerformanceFrequency", "GetCurrentThread", "GetModuleHandleA",
                    "GetProcAddress")),
            new DllImport("api-ms-win-core-synch-l1-2-0.dll",
                    List.of("WaitOnAddress", "WakeByAddressSingle", "WakeByAddressAll")));

    /** Every target, in the order the matrix prints them. */
    public static final List<Target> ALL = List.of(
            linux("x86_64", "gcc", "", null, null,
                    new LinuxAbi(60, 56, 202, 218, 186, 24, 14, 1, 9, 11, 10, 35, 228, 157, 8), X86_64),
            linux("aarch64", "aarch64-linux-gnu-gcc", "", "aarch64", "aarch64-linux-gnu", GENERIC, AARCH64),
            linux("riscv64", "riscv64-linux-gnu-gcc", "", "riscv64", "riscv64-linux-gnu", GENERIC, RISCV64),
            linux("ppc64le", "powerpc64le-linux-gnu-gcc", "", "ppc64le", "powerpc64le-linux-gnu",
                    new LinuxAbi(1, 120, 221, 232, 207, 158, 174, 4, 90, 91, 125, 162, 246, 171, 8), PPC64LE),
            linux("s390x", "s390x-linux-gnu-gcc", "", "s390x", "s390x-linux-gnu",
                    new LinuxAbi(1, 120, 238, 252, 236, 158, 175, 4, 90, 91, 125, 162, 260, 172, 8), S390X),
            linux("i686", "i686-linux-gnu-gcc", "", "i386", "i686-linux-gnu",
                    new LinuxAbi(1, 120, 240, 258, 224, 158, 175, 4, 192, 91, 125, 162, 265, 172, 8), I386),
            linux("armhf", "arm-linux-gnueabihf-gcc", "", "arm", "arm-linux-gnueabihf",
                    new LinuxAbi(1, 120, 240, 256, 224, 158, 175, 4, 192, 91, 125, 162, 263, 172, 8), ARMHF),
            linux("mips64el", "mips64el-linux-gnuabi64-gcc", "", "mips64el", "mips64el-linux-gnuabi64",
                    new LinuxAbi(5058, 5055, 5194, 5212, 5178, 5023, 5014, 5001, 5009, 5011, 5010, 5034, 5222, 5153, 16),
                    MIPS64EL),
            // Bookworm has no loong64 C library: clang-19 against trixie's, run under trixie's qemu 10
            // (wrappers in platforms/toolchains fetch both on first use). Base ISA: no LSX.
            new Target("linux-loongarch64", Os.LINUX, Flavor.GLIBC, "clang-loongarch64-trixie", "-march=loongarch64",
                    Check.QEMU_HARNESS, "qemu-loongarch64-trixie", GENERIC, LOONGARCH64, List.of()),
            new Target("windows-x86_64", Os.WINDOWS, Flavor.MINGW, "x86_64-w64-mingw32-gcc", "",
                    Check.WINE_HARNESS, "wine", null, null, List.of()),
            new Target("windows-aarch64", Os.WINDOWS, Flavor.WINDOWS_NO_CRT,
                    "clang-19 --target=aarch64-pc-windows-msvc -fuse-ld=lld", "-ffreestanding -nostdlib",
                    Check.LINK_AND_EXPORTS, "", null, null, WINDOWS_IMPORTS),
            new Target("darwin-x86_64", Os.DARWIN, Flavor.POSIX_NO_SDK,
                    "clang-19 --target=x86_64-apple-macos11 -fuse-ld=lld", "-ffreestanding",
                    Check.LINK_AND_EXPORTS, "", null, DARWIN_X86_64, List.of()),
            new Target("darwin-aarch64", Os.DARWIN, Flavor.POSIX_NO_SDK,
                    "clang-19 --target=arm64-apple-macos11 -fuse-ld=lld", "-ffreestanding",
                    Check.LINK_AND_EXPORTS, "", null, DARWIN_AARCH64, List.of()),
            new Target("freebsd-x86_64", Os.FREEBSD, Flavor.POSIX_NO_SDK,
                    "clang-19 --target=x86_64-unknown-freebsd13 -fuse-ld=lld", "-ffreestanding",
                    Check.LINK_AND_EXPORTS, "", null, FREEBSD_X86_64, List.of()),
            new Target("freebsd-aarch64", Os.FREEBSD, Flavor.POSIX_NO_SDK,
                    "clang-19 --target=aarch64-unknown-freebsd13 -fuse-ld=lld", "-ffreestanding",
                    Check.LINK_AND_EXPORTS, "", null, FREEBSD_AARCH64, List.of()));

    /** Targets on which platforms/jvm-smoke runs Debian's openjdk-25 under qemu-user. */
    public static final java.util.Set<String> JVM_SMOKE = java.util.Set.of("linux-aarch64", "linux-riscv64",
            "linux-ppc64le", "linux-s390x", "linux-loongarch64");

    public static Target byName(String name) {
        return ALL.stream().filter(t -> t.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown target " + name + "; known: "
                        + ALL.stream().map(Target::name).toList()));
    }
}
