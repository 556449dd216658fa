/// General matrix products on row-major storage:
///
///     C[m×n] = op(A)[m×k] · op(B)[k×n] + beta · C
///
/// where op(A) = A (stored m×k, leading dimension lda) or Aᵀ (stored k×m), and
/// likewise for B. This file is the one place that decides how FieldLab
/// multiplies matrices; `fieldlab bench` measures it.
public enum GEMM {
    /// Float product (the network's hot path).
    package static func multiply(
        transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int,
        a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
        beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int
    ) {
        referenceMultiply(transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k,
                          a: a, lda: lda, b: b, ldb: ldb, beta: beta, c: c, ldc: ldc)
    }

    /// Double product (gradient checks and reference computations).
    package static func multiply(
        transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int,
        a: UnsafePointer<Double>, lda: Int, b: UnsafePointer<Double>, ldb: Int,
        beta: Double, c: UnsafeMutablePointer<Double>, ldc: Int
    ) {
        referenceMultiply(transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k,
                          a: a, lda: lda, b: b, ldb: ldb, beta: beta, c: c, ldc: ldc)
    }

    /// Straightforward loops (row of C += a_ik · row k of op(B)), which the
    /// compiler vectorises when op(B) is not transposed.
    @inline(__always)
    package static func referenceMultiply<T: BinaryFloatingPoint>(
        transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int,
        a: UnsafePointer<T>, lda: Int, b: UnsafePointer<T>, ldb: Int,
        beta: T, c: UnsafeMutablePointer<T>, ldc: Int
    ) {
        for i in 0..<m {
            let ci = c + i * ldc
            if beta == 0 { for j in 0..<n { ci[j] = 0 } } else if beta != 1 { for j in 0..<n { ci[j] *= beta } }
            if transposeB {
                for j in 0..<n {
                    var s: T = 0
                    for p in 0..<k {
                        let aip = transposeA ? a[p * lda + i] : a[i * lda + p]
                        s += aip * b[j * ldb + p]
                    }
                    ci[j] += s
                }
            } else {
                for p in 0..<k {
                    let aip = transposeA ? a[p * lda + i] : a[i * lda + p]
                    let bp = b + p * ldb
                    for j in 0..<n { ci[j] += aip * bp[j] }
                }
            }
        }
    }
}

extension Matrix where Scalar == Float {
    /// op(a) · op(b) as a new matrix.
    public static func product(_ a: Matrix, _ b: Matrix, transposeA: Bool = false, transposeB: Bool = false) -> Matrix {
        let (m, ka) = transposeA ? (a.columns, a.rows) : (a.rows, a.columns)
        let (kb, n) = transposeB ? (b.columns, b.rows) : (b.rows, b.columns)
        precondition(ka == kb, "Inner dimensions differ: \(ka) vs \(kb)")
        var c = Matrix(rows: m, columns: n)
        a.storage.withUnsafeBufferPointer { ap in
            b.storage.withUnsafeBufferPointer { bp in
                c.storage.withUnsafeMutableBufferPointer { cp in
                    GEMM.multiply(transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: ka,
                                  a: ap.baseAddress!, lda: a.columns, b: bp.baseAddress!, ldb: b.columns,
                                  beta: 0, c: cp.baseAddress!, ldc: n)
                }
            }
        }
        return c
    }
}

extension Matrix where Scalar == Double {
    /// op(a) · op(b) as a new matrix.
    public static func product(_ a: Matrix, _ b: Matrix, transposeA: Bool = false, transposeB: Bool = false) -> Matrix {
        let (m, ka) = transposeA ? (a.columns, a.rows) : (a.rows, a.columns)
        let (kb, n) = transposeB ? (b.columns, b.rows) : (b.rows, b.columns)
        precondition(ka == kb, "Inner dimensions differ: \(ka) vs \(kb)")
        var c = Matrix(rows: m, columns: n)
        a.storage.withUnsafeBufferPointer { ap in
            b.storage.withUnsafeBufferPointer { bp in
                c.storage.withUnsafeMutableBufferPointer { cp in
                    GEMM.multiply(transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: ka,
                                  a: ap.baseAddress!, lda: a.columns, b: bp.baseAddress!, ldb: b.columns,
                                  beta: 0, c: cp.baseAddress!, ldc: n)
                }
            }
        }
        return c
    }
}
