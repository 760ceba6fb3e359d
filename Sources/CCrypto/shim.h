// Shims over the system libcrypto (OpenSSL 3) for Swift: SHA-256 through the EVP interface,
// which picks the CPU's SHA instructions where there are any.
#ifndef SCRIPTC_CCRYPTO_SHIM_H
#define SCRIPTC_CCRYPTO_SHIM_H

#include <stddef.h>
#include <openssl/evp.h>

/// The SHA-256 implementation of the default provider; fetch once and keep.
static inline EVP_MD *scriptc_sha256_fetch(void) {
    return EVP_MD_fetch(NULL, "SHA256", NULL);
}

/// The SHA-256 digest of `count` bytes at `data` into `out` (32 bytes), reusing `ctx`.
/// Returns 1 on success.
static inline int scriptc_sha256_digest(EVP_MD_CTX *ctx, const EVP_MD *md, const void *data, size_t count,
                                        unsigned char *out) {
    return EVP_DigestInit_ex2(ctx, md, NULL) && EVP_DigestUpdate(ctx, data, count)
        && EVP_DigestFinal_ex(ctx, out, NULL);
}

#endif
