#include "fountain_scan.h"

#include <string.h>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#include <immintrin.h>
#define SCRIPTC_HAVE_AVX2_PATH 1
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

/*
 * Block loading. The common path computes two masks per 64 bytes (line breaks, and bytes with
 * any class bit); the five class masks are computed only for blocks where a line asks for them
 * (classify_block below), which most blocks of ordinary text never do.
 */

/* Points q at 64 readable bytes for the block at pos: the source itself, or for the last block a
 * zero-padded copy in tail. Returns the mask of the bytes that are inside the buffer. */
static inline uint64_t block_bytes(const scriptc_line_scanner *s, size_t pos, const uint8_t **q, uint8_t tail[64]) {
    size_t left = s->n - pos;
    *q = s->p + pos;
    if (left >= 64) return ~(uint64_t)0;
    memset(tail, 0, 64);
    memcpy(tail, *q, left);
    *q = tail;
    return ((uint64_t)1 << left) - 1;
}

#if !defined(__SSE2__)
static void load_scalar(scriptc_line_scanner *s, size_t pos) {
    uint8_t tail[64];
    const uint8_t *q;
    uint64_t valid = block_bytes(s, pos, &q, tail);
    uint64_t breaks = 0, special = 0;
    for (unsigned k = 0; k < 64; k++) {
        uint8_t b = q[k];
        if (b == '\n' || b == '\r') breaks |= (uint64_t)1 << k;
        if (class_of(b)) special |= (uint64_t)1 << k;
    }
    s->breaks = breaks & valid;
    s->special = special & valid;
    s->classes_ready = 0;
    s->base = pos;
}
#endif

#if defined(__SSE2__)
static void load_sse2(scriptc_line_scanner *s, size_t pos) {
    uint8_t tail[64];
    const uint8_t *q;
    uint64_t valid = block_bytes(s, pos, &q, tail);
    const __m128i lf = _mm_set1_epi8('\n');
    const __m128i cr = _mm_set1_epi8('\r');
    const __m128i star = _mm_set1_epi8('*');
    const __m128i under = _mm_set1_epi8('_');
    const __m128i bslash = _mm_set1_epi8('\\');
    const __m128i bracket = _mm_set1_epi8('[');
    const __m128i slash = _mm_set1_epi8('/');
    const __m128i zero = _mm_setzero_si128();
    uint64_t breaks = 0, special = 0;
    for (unsigned k = 0; k < 4; k++) {
        __m128i v = _mm_loadu_si128((const __m128i *)(q + 16 * k));
        __m128i br = _mm_or_si128(_mm_cmpeq_epi8(v, lf), _mm_cmpeq_epi8(v, cr));
        /* The sign bit of v marks non-ASCII bytes; or-ing the other classes in keeps it. */
        __m128i sp = _mm_or_si128(
            _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, star), _mm_cmpeq_epi8(v, under)),
                         _mm_or_si128(_mm_cmpeq_epi8(v, bslash), _mm_cmpeq_epi8(v, bracket))),
            _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, slash), _mm_cmpeq_epi8(v, zero)), v));
        breaks |= (uint64_t)(unsigned)_mm_movemask_epi8(br) << (16 * k);
        special |= (uint64_t)(unsigned)_mm_movemask_epi8(sp) << (16 * k);
    }
    s->breaks = breaks & valid;
    s->special = special & valid;
    s->classes_ready = 0;
    s->base = pos;
}
#endif

#if SCRIPTC_HAVE_AVX2_PATH
__attribute__((target("avx2")))
static void load_avx2(scriptc_line_scanner *s, size_t pos) {
    uint8_t tail[64];
    const uint8_t *q;
    uint64_t valid = block_bytes(s, pos, &q, tail);
    const __m256i lf = _mm256_set1_epi8('\n');
    const __m256i cr = _mm256_set1_epi8('\r');
    const __m256i star = _mm256_set1_epi8('*');
    const __m256i under = _mm256_set1_epi8('_');
    const __m256i bslash = _mm256_set1_epi8('\\');
    const __m256i bracket = _mm256_set1_epi8('[');
    const __m256i slash = _mm256_set1_epi8('/');
    const __m256i zero = _mm256_setzero_si256();
    uint64_t masks[2][2];
    for (unsigned k = 0; k < 2; k++) {
        __m256i v = _mm256_loadu_si256((const __m256i *)(q + 32 * k));
        __m256i br = _mm256_or_si256(_mm256_cmpeq_epi8(v, lf), _mm256_cmpeq_epi8(v, cr));
        __m256i sp = _mm256_or_si256(
            _mm256_or_si256(_mm256_or_si256(_mm256_cmpeq_epi8(v, star), _mm256_cmpeq_epi8(v, under)),
                            _mm256_or_si256(_mm256_cmpeq_epi8(v, bslash), _mm256_cmpeq_epi8(v, bracket))),
            _mm256_or_si256(_mm256_or_si256(_mm256_cmpeq_epi8(v, slash), _mm256_cmpeq_epi8(v, zero)), v));
        masks[k][0] = (uint32_t)_mm256_movemask_epi8(br);
        masks[k][1] = (uint32_t)_mm256_movemask_epi8(sp);
    }
    s->breaks = (masks[0][0] | (masks[1][0] << 32)) & valid;
    s->special = (masks[0][1] | (masks[1][1] << 32)) & valid;
    s->classes_ready = 0;
    s->base = pos;
}
#endif

void scriptc_line_scanner_classify(scriptc_line_scanner *s) {
    uint8_t tail[64];
    const uint8_t *q;
    uint64_t valid = block_bytes(s, s->base, &q, tail);
    uint64_t non_ascii = 0, markup = 0, bracket = 0, slash = 0, nul = 0;
#if defined(__SSE2__)
    const __m128i star = _mm_set1_epi8('*');
    const __m128i under = _mm_set1_epi8('_');
    const __m128i bslash = _mm_set1_epi8('\\');
    const __m128i brk = _mm_set1_epi8('[');
    const __m128i sl = _mm_set1_epi8('/');
    const __m128i zero = _mm_setzero_si128();
    for (unsigned k = 0; k < 4; k++) {
        __m128i v = _mm_loadu_si128((const __m128i *)(q + 16 * k));
        unsigned shift = 16 * k;
        non_ascii |= (uint64_t)(unsigned)_mm_movemask_epi8(v) << shift;
        markup |= (uint64_t)(unsigned)_mm_movemask_epi8(_mm_or_si128(
            _mm_or_si128(_mm_cmpeq_epi8(v, star), _mm_cmpeq_epi8(v, under)), _mm_cmpeq_epi8(v, bslash))) << shift;
        bracket |= (uint64_t)(unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, brk)) << shift;
        slash |= (uint64_t)(unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, sl)) << shift;
        nul |= (uint64_t)(unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, zero)) << shift;
    }
#else
    for (unsigned k = 0; k < 64; k++) {
        uint8_t c = class_of(q[k]);
        if (!c) continue;
        uint64_t bit = (uint64_t)1 << k;
        if (c & SCRIPTC_CLASS_NON_ASCII) non_ascii |= bit;
        if (c & SCRIPTC_CLASS_MARKUP) markup |= bit;
        if (c & SCRIPTC_CLASS_BRACKET) bracket |= bit;
        if (c & SCRIPTC_CLASS_SLASH) slash |= bit;
        if (c & SCRIPTC_CLASS_NUL) nul |= bit;
    }
#endif
    s->non_ascii = non_ascii & valid;
    s->markup = markup & valid;
    s->bracket = bracket & valid;
    s->slash = slash & valid;
    s->nul = nul & valid;
    s->classes_ready = 1;
}

void scriptc_line_scanner_init(scriptc_line_scanner *s, const uint8_t *p, size_t n) {
    memset(s, 0, sizeof *s);
    s->p = p;
    s->n = n;
    /* No block cached: base is past any position a request can name. */
    s->base = (size_t)-1 / 2;
#if defined(__SSE2__)
    s->load = load_sse2;
#else
    s->load = load_scalar;
#endif
#if SCRIPTC_HAVE_AVX2_PATH
    __builtin_cpu_init();
    if (__builtin_cpu_supports("avx2")) s->load = load_avx2;
#endif
}

size_t scriptc_find_any3(const uint8_t *p, size_t start, size_t end, uint8_t a, uint8_t b, uint8_t c) {
    size_t i = start;
#if defined(__SSE2__)
    const __m128i va = _mm_set1_epi8((char)a);
    const __m128i vb = _mm_set1_epi8((char)b);
    const __m128i vc = _mm_set1_epi8((char)c);
    while (i + 16 <= end) {
        __m128i v = _mm_loadu_si128((const __m128i *)(p + i));
        __m128i hit = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, va), _mm_cmpeq_epi8(v, vb)), _mm_cmpeq_epi8(v, vc));
        unsigned mask = (unsigned)_mm_movemask_epi8(hit);
        if (mask) return i + (size_t)__builtin_ctz(mask);
        i += 16;
    }
#endif
    while (i < end) {
        uint8_t x = p[i];
        if (x == a || x == b || x == c) return i;
        i++;
    }
    return end;
}

size_t scriptc_find_inline_marker(const uint8_t *p, size_t start, size_t end) {
    size_t i = start;
#if defined(__SSE2__)
    const __m128i bracket = _mm_set1_epi8('[');
    const __m128i slash = _mm_set1_epi8('/');
    const __m128i bslash = _mm_set1_epi8('\\');
    const __m128i star = _mm_set1_epi8('*');
    const __m128i under = _mm_set1_epi8('_');
    while (i + 16 <= end) {
        __m128i v = _mm_loadu_si128((const __m128i *)(p + i));
        __m128i hit = _mm_or_si128(
            _mm_or_si128(_mm_cmpeq_epi8(v, bracket), _mm_cmpeq_epi8(v, slash)),
            _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, bslash), _mm_cmpeq_epi8(v, star)), _mm_cmpeq_epi8(v, under)));
        unsigned mask = (unsigned)_mm_movemask_epi8(hit);
        if (mask) return i + (size_t)__builtin_ctz(mask);
        i += 16;
    }
#endif
    while (i < end) {
        uint8_t b = p[i];
        if (b == '[' || b == '/' || b == '\\' || b == '*' || b == '_') return i;
        i++;
    }
    return end;
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
