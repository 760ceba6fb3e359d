#ifndef SCRIPTC_FOUNTAIN_SCAN_H
#define SCRIPTC_FOUNTAIN_SCAN_H

#include <stddef.h>
#include <stdint.h>

/* Byte-class bits reported by the line scanner; they match ByteClass in the Parser module. */
#define SCRIPTC_CLASS_NON_ASCII 0x02
#define SCRIPTC_CLASS_MARKUP 0x04   /* '*', '_' or '\\' */
#define SCRIPTC_CLASS_BRACKET 0x08  /* '[' */
#define SCRIPTC_CLASS_SLASH 0x10    /* '/' */
#define SCRIPTC_CLASS_NUL 0x20

/*
 * A line scanner over a whole buffer. It classifies 64 bytes at a time into bit masks (one bit
 * per byte: line breaks, and bytes with any class bit), so that finding the end of a line costs a
 * few bit operations rather than a vector loop per line. The masks of the individual classes are
 * computed only for blocks where a line holds such bytes. Lines may be requested in any order; a
 * request outside the cached block loads the 64 bytes starting at it.
 */
typedef struct scriptc_line_scanner {
    const uint8_t *p;
    size_t n;
    /* The cached block covers [base, base + 64); bits for bytes at or past n are clear. */
    size_t base;
    uint64_t breaks;   /* '\n' or '\r' */
    uint64_t special;  /* any byte with a class bit */
    /* Per-class masks of the cached block, valid when classes_ready is set. */
    uint64_t non_ascii;
    uint64_t markup;
    uint64_t bracket;
    uint64_t slash;
    uint64_t nul;
    int classes_ready;
    /* Loads the block starting at pos (pos < n): AVX2, SSE2 or scalar, chosen at init. */
    void (*load)(struct scriptc_line_scanner *s, size_t pos);
} scriptc_line_scanner;

void scriptc_line_scanner_init(scriptc_line_scanner *s, const uint8_t *p, size_t n);

/* Computes the per-class masks of the cached block. */
void scriptc_line_scanner_classify(scriptc_line_scanner *s);

/* The class bits of the bytes of the cached block selected by mask. */
static inline __attribute__((always_inline)) uint8_t scriptc_line_scanner_classes(scriptc_line_scanner *s, uint64_t mask) {
    if (!s->classes_ready) scriptc_line_scanner_classify(s);
    uint8_t acc = 0;
    if (s->non_ascii & mask) acc |= SCRIPTC_CLASS_NON_ASCII;
    if (s->markup & mask) acc |= SCRIPTC_CLASS_MARKUP;
    if (s->bracket & mask) acc |= SCRIPTC_CLASS_BRACKET;
    if (s->slash & mask) acc |= SCRIPTC_CLASS_SLASH;
    if (s->nul & mask) acc |= SCRIPTC_CLASS_NUL;
    return acc;
}

/* The end of a line: the offset of its line break, and the OR of the class bits before it. */
typedef struct {
    size_t end;
    uint8_t flags;
} scriptc_line_end;

/*
 * The offset of the first line break ('\n' or '\r') at or after start, or n when there is none,
 * with the OR of the class bits of the bytes before it.
 */
static inline __attribute__((always_inline)) scriptc_line_end scriptc_line_scanner_next(scriptc_line_scanner *s, size_t start) {
    uint8_t acc = 0;
    size_t pos = start;
    while (pos < s->n) {
        if (pos < s->base || pos - s->base >= 64) s->load(s, pos);
        unsigned off = (unsigned)(pos - s->base);
        uint64_t from = ~(uint64_t)0 << off;
        uint64_t breaks = s->breaks & from;
        if (breaks) {
            uint64_t range = from & ((breaks & (0 - breaks)) - 1);
            if (s->special & range) acc |= scriptc_line_scanner_classes(s, range);
            scriptc_line_end r = { s->base + (size_t)__builtin_ctzll(breaks), acc };
            return r;
        }
        if (s->special & from) acc |= scriptc_line_scanner_classes(s, from);
        pos = s->base + 64;
    }
    scriptc_line_end r = { s->n, acc };
    return r;
}

/* The offset of the first byte in [start, end) equal to a, b or c; end when there is none. */
size_t scriptc_find_any3(const uint8_t *p, size_t start, size_t end, uint8_t a, uint8_t b, uint8_t c);

/*
 * The offset of the first byte in [start, end) that may begin inline markup: '[', '/', '\\', '*'
 * or '_'; end when there is none.
 */
size_t scriptc_find_inline_marker(const uint8_t *p, size_t start, size_t end);

/*
 * Returns the index of the first byte in [0, n) that a JSON string must escape
 * (a control byte below 0x20, '"' or '\\'), or n when there is none.
 */
size_t scriptc_json_escape_scan(const uint8_t *p, size_t n);
#endif
