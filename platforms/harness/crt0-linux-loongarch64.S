/* Process entry for the freestanding loongarch64 harness (no libc, hand-written):
 * align the stack, call main, exit_group with its result. */
	.text
	.globl	_start
	.type	_start, @function
_start:
	move	$fp, $zero
	bstrins.d	$sp, $zero, 3, 0	/* 16-byte aligned stack */
	bl	main
	li.w	$a7, 94			/* __NR_exit_group(main()) */
	syscall	0
	break	0
	.size	_start, .-_start
	.section .note.GNU-stack,"",@progbits
