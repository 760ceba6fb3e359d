#ifndef SCRIPTC_FOUNTAIN_SCAN_H
#define SCRIPTC_FOUNTAIN_SCAN_H

#include <stddef.h>
#include <stdint.h>

/* Byte-class bits reported by scriptc_scan_line; they match ByteClass in the Parser module. */
#define SCRIPTC_CLASS_NON_ASCII 0x02
#define SCRIPTC_CLASS_MARKUP 0x04   /* '*', '_' or '\\' */
#define SCRIPTC_CLASS_BRACKET 0x08  /* '[' */
#define SCRIPTC_CLASS_SLASH 0x10    /* '/' */
#define SCRIPTC_CLASS_NUL 0x20

/*
 * Scans bytes [start, end) of p for the first line break ('\n' or '\r').
 * Returns its offset (or end when there is none) and stores in *flags the OR of the
 * class bits of the bytes before it. Sixteen bytes per step with SSE2 where available.
 */
size_t scriptc_scan_line(const uint8_t *p, size_t start, size_t end, uint8_t *flags);



/*
 * Returns the index of the first byte in [0, n) that a JSON string must escape
 * (a control byte below 0x20, '"' or '\\'), or n when there is none.
 */
size_t scriptc_json_escape_scan(const uint8_t *p, size_t n);
#endif
