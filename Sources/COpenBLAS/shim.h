// Shims over OpenBLAS (cblas.h comes from the openblas pkg-config include path).
#ifndef SCRIPTC_COPENBLAS_SHIM_H
#define SCRIPTC_COPENBLAS_SHIM_H

#include <cblas.h>

/// Row-major C = alpha * A * B + beta * C without transposes, the only form the mixer uses.
static inline void scriptc_sgemm_row_major(int m, int n, int k, float alpha,
                                           const float *a, int lda, const float *b, int ldb,
                                           float beta, float *c, int ldc) {
    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
}

#endif
