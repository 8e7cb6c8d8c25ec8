package org.threadrt.stubgen;

/**
 * The C types the threadrt ABI uses, each with its C spelling, its FFM layout constant
 * (as named in the generated binding class) and its Java carrier type.
 *
 * <p>Only fixed-width integers and pointers appear in the ABI: {@code long} is 32 bits on
 * Windows and on 32-bit Linux, so a {@code long} in a signature would make the one Java
 * binding wrong on some target.
 */
public enum CType {
    VOID("void", null, "void"),
    I32("int32_t", "C_INT", "int"),
    U32("uint32_t", "C_INT", "int"),
    I64("int64_t", "C_LONG_LONG", "long"),
    U64("uint64_t", "C_LONG_LONG", "long"),
    /** A data pointer; the callee never keeps it past the call unless the doc says so. */
    PTR("void *", "C_POINTER", "MemorySegment"),
    /** Pointer to a 32-bit word used with futexes: must be 4-byte aligned. */
    WORD_PTR("uint32_t *", "C_POINTER", "MemorySegment"),
    /** Where a 64-bit result is stored; may be NULL when the doc says so. */
    I64_PTR("int64_t *", "C_POINTER", "MemorySegment"),
    /** {@code void (*)(void *)}: a thread body or destructor. */
    FN_VOID_PTR("trt_fn", "C_POINTER", "MemorySegment"),
    /** {@code void (*)(int32_t)}: a callback taking a number. */
    FN_VOID_I32("trt_fn_i32", "C_POINTER", "MemorySegment"),
    /** A NUL-terminated static string. */
    CSTR("const char *", "C_POINTER", "MemorySegment");

    final String c;
    final String layout;
    final String java;

    CType(String c, String layout, String java) {
        this.c = c;
        this.layout = layout;
        this.java = java;
    }
}
