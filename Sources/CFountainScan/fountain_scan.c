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

#if !defined(__SSE2__)
/* Classifies 64 bytes at q into the masks of s. */
static void classify_block_scalar(scriptc_line_scanner *s, const uint8_t *q) {
    uint64_t breaks = 0, non_ascii = 0, markup = 0, bracket = 0, slash = 0, nul = 0;
    for (unsigned k = 0; k < 64; k++) {
        uint8_t b = q[k];
        uint64_t bit = (uint64_t)1 << k;
        if (b == '\n' || b == '\r') breaks |= bit;
        uint8_t c = class_of(b);
        if (c & SCRIPTC_CLASS_NON_ASCII) non_ascii |= bit;
        if (c & SCRIPTC_CLASS_MARKUP) markup |= bit;
        if (c & SCRIPTC_CLASS_BRACKET) bracket |= bit;
        if (c & SCRIPTC_CLASS_SLASH) slash |= bit;
        if (c & SCRIPTC_CLASS_NUL) nul |= bit;
    }
    s->breaks = breaks;
    s->non_ascii = non_ascii;
    s->markup = markup;
    s->bracket = bracket;
    s->slash = slash;
    s->nul = nul;
}
#endif

#if defined(__SSE2__)
static void classify_block_sse2(scriptc_line_scanner *s, const uint8_t *q) {
    const __m128i lf = _mm_set1_epi8('\n');
    const __m128i cr = _mm_set1_epi8('\r');
    const __m128i star = _mm_set1_epi8('*');
    const __m128i under = _mm_set1_epi8('_');
    const __m128i bslash = _mm_set1_epi8('\\');
    const __m128i bracket = _mm_set1_epi8('[');
    const __m128i slash = _mm_set1_epi8('/');
    const __m128i zero = _mm_setzero_si128();
    uint64_t breaks = 0, non_ascii = 0, markup = 0, br = 0, sl = 0, nul = 0;
    for (unsigned k = 0; k < 4; k++) {
        __m128i v = _mm_loadu_si128((const __m128i *)(q + 16 * k));
        unsigned shift = 16 * k;
        breaks |= (uint64_t)(unsigned)_mm_movemask_epi8(_mm_or_si128(_mm_cmpeq_epi8(v, lf), _mm_cmpeq_epi8(v, cr))) << shift;
        non_ascii |= (uint64_t)(unsigned)_mm_movemask_epi8(v) << shift;
        markup |= (uint64_t)(unsigned)_mm_movemask_epi8(_mm_or_si128(
            _mm_or_si128(_mm_cmpeq_epi8(v, star), _mm_cmpeq_epi8(v, under)), _mm_cmpeq_epi8(v, bslash))) << shift;
        br |= (uint64_t)(unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, bracket)) << shift;
        sl |= (uint64_t)(unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, slash)) << shift;
        nul |= (uint64_t)(unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, zero)) << shift;
    }
    s->breaks = breaks;
    s->non_ascii = non_ascii;
    s->markup = markup;
    s->bracket = br;
    s->slash = sl;
    s->nul = nul;
}
#endif

#if SCRIPTC_HAVE_AVX2_PATH
__attribute__((target("avx2")))
static inline uint64_t mask64(__m256i lo, __m256i hi) {
    return (uint64_t)(uint32_t)_mm256_movemask_epi8(lo) | ((uint64_t)(uint32_t)_mm256_movemask_epi8(hi) << 32);
}

__attribute__((target("avx2")))
static void classify_block_avx2(scriptc_line_scanner *s, const uint8_t *q) {
    const __m256i lf = _mm256_set1_epi8('\n');
    const __m256i cr = _mm256_set1_epi8('\r');
    const __m256i star = _mm256_set1_epi8('*');
    const __m256i under = _mm256_set1_epi8('_');
    const __m256i bslash = _mm256_set1_epi8('\\');
    const __m256i bracket = _mm256_set1_epi8('[');
    const __m256i slash = _mm256_set1_epi8('/');
    const __m256i zero = _mm256_setzero_si256();
    __m256i a = _mm256_loadu_si256((const __m256i *)q);
    __m256i b = _mm256_loadu_si256((const __m256i *)(q + 32));
    s->breaks = mask64(_mm256_or_si256(_mm256_cmpeq_epi8(a, lf), _mm256_cmpeq_epi8(a, cr)),
                       _mm256_or_si256(_mm256_cmpeq_epi8(b, lf), _mm256_cmpeq_epi8(b, cr)));
    s->non_ascii = mask64(a, b);
    s->markup = mask64(
        _mm256_or_si256(_mm256_or_si256(_mm256_cmpeq_epi8(a, star), _mm256_cmpeq_epi8(a, under)), _mm256_cmpeq_epi8(a, bslash)),
        _mm256_or_si256(_mm256_or_si256(_mm256_cmpeq_epi8(b, star), _mm256_cmpeq_epi8(b, under)), _mm256_cmpeq_epi8(b, bslash)));
    s->bracket = mask64(_mm256_cmpeq_epi8(a, bracket), _mm256_cmpeq_epi8(b, bracket));
    s->slash = mask64(_mm256_cmpeq_epi8(a, slash), _mm256_cmpeq_epi8(b, slash));
    s->nul = mask64(_mm256_cmpeq_epi8(a, zero), _mm256_cmpeq_epi8(b, zero));
}
#endif

void scriptc_line_scanner_init(scriptc_line_scanner *s, const uint8_t *p, size_t n) {
    memset(s, 0, sizeof *s);
    s->p = p;
    s->n = n;
    /* No block cached: base is past any position a request can name. */
    s->base = (size_t)-1 / 2;
#if SCRIPTC_HAVE_AVX2_PATH
    __builtin_cpu_init();
    s->avx2 = __builtin_cpu_supports("avx2") ? 1 : 0;
#endif
}

void scriptc_line_scanner_load(scriptc_line_scanner *s, size_t pos) {
    const uint8_t *q = s->p + pos;
    size_t left = s->n - pos;
    uint8_t tail[64];
    if (left < 64) {
        /* The last block: classify a zero-padded copy, then clear the bits past the end. */
        memset(tail, 0, sizeof tail);
        memcpy(tail, q, left);
        q = tail;
    }
#if SCRIPTC_HAVE_AVX2_PATH
    if (s->avx2) {
        classify_block_avx2(s, q);
    } else
#endif
    {
#if defined(__SSE2__)
        classify_block_sse2(s, q);
#else
        classify_block_scalar(s, q);
#endif
    }
    if (left < 64) {
        uint64_t valid = ((uint64_t)1 << left) - 1;
        s->breaks &= valid;
        s->non_ascii &= valid;
        s->markup &= valid;
        s->bracket &= valid;
        s->slash &= valid;
        s->nul &= valid;
    }
    s->special = s->non_ascii | s->markup | s->bracket | s->slash | s->nul;
    s->base = pos;
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
