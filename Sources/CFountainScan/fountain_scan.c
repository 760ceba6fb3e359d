#include "fountain_scan.h"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

static inline uint8_t class_of(uint8_t b) {
    if (b >= 0x80) return SCRIPTC_CLASS_NON_ASCII;
    switch (b) {
    case '*': case '_': case '\\': return SCRIPTC_CLASS_MARKUP;
    case '[': return SCRIPTC_CLASS_BRACKET;
    case '/': return SCRIPTC_CLASS_SLASH;
    case 0: return SCRIPTC_CLASS_NUL;
    default: return 0;
    }
}

size_t scriptc_scan_line(const uint8_t *p, size_t start, size_t end, uint8_t *flags) {
    size_t i = start;
    uint8_t acc = 0;
#if defined(__SSE2__)
    const __m128i lf = _mm_set1_epi8('\n');
    const __m128i cr = _mm_set1_epi8('\r');
    const __m128i star = _mm_set1_epi8('*');
    const __m128i under = _mm_set1_epi8('_');
    const __m128i bslash = _mm_set1_epi8('\\');
    const __m128i bracket = _mm_set1_epi8('[');
    const __m128i slash = _mm_set1_epi8('/');
    const __m128i zero = _mm_setzero_si128();
    while (i + 16 <= end) {
        __m128i v = _mm_loadu_si128((const __m128i *)(p + i));
        unsigned nl = (unsigned)_mm_movemask_epi8(_mm_or_si128(_mm_cmpeq_epi8(v, lf), _mm_cmpeq_epi8(v, cr)));
        __m128i markup = _mm_or_si128(
            _mm_or_si128(_mm_cmpeq_epi8(v, star), _mm_cmpeq_epi8(v, under)), _mm_cmpeq_epi8(v, bslash));
        __m128i br = _mm_cmpeq_epi8(v, bracket);
        __m128i sl = _mm_cmpeq_epi8(v, slash);
        __m128i nul = _mm_cmpeq_epi8(v, zero);
        /* One test for the common case: nothing but plain ASCII before the line break. */
        unsigned special = (unsigned)_mm_movemask_epi8(_mm_or_si128(_mm_or_si128(markup, br), _mm_or_si128(_mm_or_si128(sl, nul), v)));
        unsigned limit = nl ? (1u << __builtin_ctz(nl)) - 1u : 0xFFFFu;
        if (special & limit) {
            if ((unsigned)_mm_movemask_epi8(v) & limit) acc |= SCRIPTC_CLASS_NON_ASCII;
            if ((unsigned)_mm_movemask_epi8(markup) & limit) acc |= SCRIPTC_CLASS_MARKUP;
            if ((unsigned)_mm_movemask_epi8(br) & limit) acc |= SCRIPTC_CLASS_BRACKET;
            if ((unsigned)_mm_movemask_epi8(sl) & limit) acc |= SCRIPTC_CLASS_SLASH;
            if ((unsigned)_mm_movemask_epi8(nul) & limit) acc |= SCRIPTC_CLASS_NUL;
        }
        if (nl) {
            *flags = acc;
            return i + (size_t)__builtin_ctz(nl);
        }
        i += 16;
    }
#endif
    while (i < end) {
        uint8_t b = p[i];
        if (b == '\n' || b == '\r') break;
        acc |= class_of(b);
        i++;
    }
    *flags = acc;
    return i;
}

size_t scriptc_json_escape_scan(const uint8_t *p, size_t n) {
    size_t i = 0;
#if defined(__SSE2__)
    const __m128i quote = _mm_set1_epi8('"');
    const __m128i bslash = _mm_set1_epi8('\\');
    const __m128i space = _mm_set1_epi8(0x20);
    while (i + 16 <= n) {
        __m128i v = _mm_loadu_si128((const __m128i *)(p + i));
        /* Bytes below 0x20: unsigned min(v, 0x1F) == v. */
        __m128i ctrl = _mm_cmpeq_epi8(_mm_min_epu8(v, _mm_sub_epi8(space, _mm_set1_epi8(1))), v);
        __m128i hit = _mm_or_si128(ctrl, _mm_or_si128(_mm_cmpeq_epi8(v, quote), _mm_cmpeq_epi8(v, bslash)));
        unsigned mask = (unsigned)_mm_movemask_epi8(hit);
        if (mask) return i + (size_t)__builtin_ctz(mask);
        i += 16;
    }
#endif
    while (i < n) {
        uint8_t b = p[i];
        if (b < 0x20 || b == '"' || b == '\\') return i;
        i++;
    }
    return n;
}
