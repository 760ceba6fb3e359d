import COpenBLAS

/// The one owner of OpenBLAS calls: Swift arrays and offsets in, no pointers out.
/// OpenBLAS is set to one thread on first use: mix blocks are small, and the build
/// executor already runs generators on every core.
enum BLAS {
    private static let singleThreaded: Bool = {
        openblas_set_num_threads(1)
        return true
    }()

    /// `y[yOffset + i*incY] += alpha * x[xOffset + i*incX]` for `i` in `0..<n`.
    static func saxpy(_ n: Int, alpha: Float, x: [Float], xOffset: Int, incX: Int,
                      y: inout [Float], yOffset: Int, incY: Int = 1) {
        guard n > 0 else { return }
        precondition(xOffset >= 0 && xOffset + (n - 1) * incX < x.count, "saxpy source out of range")
        precondition(yOffset >= 0 && yOffset + (n - 1) * incY < y.count, "saxpy destination out of range")
        _ = singleThreaded
        x.withUnsafeBufferPointer { xs in
            y.withUnsafeMutableBufferPointer { ys in
                cblas_saxpy(Int32(n), alpha, xs.baseAddress! + xOffset, Int32(incX), ys.baseAddress! + yOffset, Int32(incY))
            }
        }
    }

    /// Row-major `c (m×n) = a (m×k) · b (k×n)`.
    static func sgemm(m: Int, n: Int, k: Int, a: [Float], b: [Float], c: inout [Float]) {
        precondition(a.count >= m * k && b.count >= k * n && c.count >= m * n, "sgemm operand too small")
        _ = singleThreaded
        a.withUnsafeBufferPointer { ap in
            b.withUnsafeBufferPointer { bp in
                c.withUnsafeMutableBufferPointer { cp in
                    scriptc_sgemm_row_major(Int32(m), Int32(n), Int32(k), 1, ap.baseAddress, Int32(k),
                                            bp.baseAddress, Int32(n), 0, cp.baseAddress, Int32(n))
                }
            }
        }
    }
}
