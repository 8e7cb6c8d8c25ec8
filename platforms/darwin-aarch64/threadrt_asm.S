/* GENERATED FILE: do not edit. Written by stubgen (org.threadrt.stubgen.StubGen)
 * from the platform table stubgen/src/main/java/org/threadrt/stubgen/Targets.java.
 * Change the table or the template, then run platforms/regenerate. */
/* Assembly routines of the threadrt shim for darwin-aarch64.
 * Internal symbols (trt__*) are hidden: BARE threads call them without a PLT. */
	.text

/* void trt_exit_thread(uint32_t *free_wait): store 0 with release semantics, then the
 * thread-exit syscall. The waiter on free_wait may unmap this stack as soon as it
 * sees 0, so no instruction after the store touches memory. */
	.globl	_trt_exit_thread
	.globl	_trt__exit_thread
	.private_extern	_trt__exit_thread
	.p2align	2
_trt_exit_thread:
_trt__exit_thread:
	stlr	wzr, [x0]		/* *free_wait = 0, store-release */
	/* The store above is the last memory access: from here on the stack may be unmapped. */
	mov	x0, #0			/* __bsdthread_terminate(0, 0, 0, 0) */
	mov	x1, #0
	mov	x2, #0
	mov	x3, #0
	mov	x16, #361
	svc	#0x80
	brk	#1
