/* GENERATED FILE: do not edit. Written by stubgen (org.threadrt.stubgen.StubGen)
 * from the platform table stubgen/src/main/java/org/threadrt/stubgen/Targets.java.
 * Change the table or the template, then run platforms/regenerate. */
/* Assembly routines of the threadrt shim for freebsd-x86_64.
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
	movl	$0, (%rdi)		/* *free_wait = 0; TSO: a release store */
	/* The store above is the last memory access: from here on the stack may be unmapped. */
	xorl	%edi, %edi		/* thr_exit(NULL) */
	movl	$431, %eax
	syscall
	ud2
	.size	trt_exit_thread, .-trt_exit_thread
	.size	trt__exit_thread, .-trt__exit_thread

	.section	.note.GNU-stack,"",@progbits
