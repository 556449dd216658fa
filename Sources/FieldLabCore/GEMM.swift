/// General matrix products on row-major storage:
///
///     C[m×n] = op(A)[m×k] · op(B)[k×n] + beta · C
///
/// where op(A) = A (stored m×k, leading dimension lda) or Aᵀ (stored k×m), and
/// likewise for B. This file is the one place that decides how FieldLab
/// multiplies matrices; `fieldlab bench` measures it.
public enum GEMM {
    /// Float product (the network's hot path), on up to `Parallel.threadCount`
    /// threads. Which loops run depends on the shape:
    ///
    /// - n ≤ 4 (the output layer, n = 2): `narrowMultiply`, vectorised along
    ///   k or along the rows of C;
    /// - k ≤ 4 (dH through the output layer, k = 2): `shallowMultiply`, each
    ///   row of C a sum of k scaled rows of op(B);
    /// - otherwise the 6 × 16 register-tiled kernel (`blockedMultiply`).
    ///
    /// Products of at least `parallelWork` flops split C into one contiguous
    /// part per thread; the parts are disjoint, so no two threads write the
    /// same element. The result does not depend on the number of threads.
    /// `parallel: false` keeps the product on the calling thread (for callers
    /// that already split their work over the cores).
    package static func multiply(
        transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int,
        a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
        beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int, parallel: Bool = true
    ) {
        precondition(m >= 0 && n >= 0 && k >= 0, "GEMM dimensions must be non-negative")
        precondition(lda >= (transposeA ? m : k) && ldb >= (transposeB ? k : n) && ldc >= n,
                     "GEMM leading dimensions are smaller than the rows they hold")
        guard m > 0, n > 0 else { return }
        guard k > 0 else { scale(c, ldc: ldc, rows: 0..<m, columns: n, by: beta); return }
        let threads = parallel && 2 * m * n * k >= parallelWork ? Parallel.threadCount : 1
        let ap = SendableConstPointer(a), bp = SendableConstPointer(b), cp = SendablePointer(c)
        if n <= narrowLimit {
            // Rows in groups of 8, the narrow kernels' vector width.
            let groups = (m + 7) / 8
            Parallel.forEachChunk(count: groups, minimumPerChunk: max(1, groups / threads)) { _, range in
                narrowMultiply(transposeA: transposeA, transposeB: transposeB,
                               rows: (range.lowerBound * 8)..<min(m, range.upperBound * 8), n: n, k: k,
                               a: ap.base, lda: lda, b: bp.base, ldb: ldb, beta: beta, c: cp.base, ldc: ldc)
            }
        } else if k <= shallowLimit {
            Parallel.forEachChunk(count: m, minimumPerChunk: max(1, m / threads)) { _, range in
                shallowMultiply(transposeA: transposeA, transposeB: transposeB, rows: range, n: n, k: k,
                                a: ap.base, lda: lda, b: bp.base, ldb: ldb, beta: beta, c: cp.base, ldc: ldc)
            }
        } else {
            // Split C by rows (whole 6-row tiles) unless that balances worse than
            // by columns (whole 16-column slivers): dW with m = 18 is only 3 tiles.
            let rowTiles = (m + tileRows - 1) / tileRows, slivers = (n + tileColumns - 1) / tileColumns
            func idle(_ units: Int) -> Int { (units + threads - 1) / threads * threads - units }
            let byRows = idle(rowTiles) * slivers <= idle(slivers) * rowTiles
            let units = byRows ? rowTiles : slivers
            Parallel.forEachChunk(count: units, minimumPerChunk: max(1, units / threads)) { _, range in
                let rows = byRows ? (range.lowerBound * tileRows)..<min(m, range.upperBound * tileRows) : 0..<m
                let columns = byRows ? 0..<n : (range.lowerBound * tileColumns)..<min(n, range.upperBound * tileColumns)
                blockedMultiply(transposeA: transposeA, transposeB: transposeB, rows: rows, columns: columns, k: k,
                                a: ap.base, lda: lda, b: bp.base, ldb: ldb, beta: beta, c: cp.base, ldc: ldc)
            }
        }
    }

    /// Products below this many flops (2mnk) run on the calling thread. Waking
    /// a second thread took 10–20 µs here; at 1.2 Mflop two threads were up to
    /// 2× slower, at 4–5 Mflop (about 60 µs on one core) even to 20 % faster,
    /// from 8 Mflop 1.5–1.8× faster.
    static let parallelWork = 4_000_000

    /// C[rows, 0..<n] *= beta (beta = 0 writes zeros without reading C).
    static func scale(_ c: UnsafeMutablePointer<Float>, ldc: Int, rows: Range<Int>, columns n: Int, by beta: Float) {
        guard beta != 1 else { return }
        for i in rows {
            let ci = c + i * ldc
            if beta == 0 { for j in 0..<n { ci[j] = 0 } } else { for j in 0..<n { ci[j] *= beta } }
        }
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

extension Matrix where Scalar: NetworkScalar {
    /// op(a) · op(b) as a new matrix (through `GEMM`).
    public static func product(_ a: Matrix, _ b: Matrix, transposeA: Bool = false, transposeB: Bool = false) -> Matrix {
        let (m, ka) = transposeA ? (a.columns, a.rows) : (a.rows, a.columns)
        let (kb, n) = transposeB ? (b.columns, b.rows) : (b.rows, b.columns)
        precondition(ka == kb, "Inner dimensions differ: \(ka) vs \(kb)")
        var c = Matrix(rows: m, columns: n)
        a.storage.withUnsafeBufferPointer { ap in
            b.storage.withUnsafeBufferPointer { bp in
                c.storage.withUnsafeMutableBufferPointer { cp in
                    Scalar.gemm(transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: ka,
                                a: ap.baseAddress!, lda: a.columns, b: bp.baseAddress!, ldb: b.columns,
                                beta: 0, c: cp.baseAddress!, ldc: n, parallel: true)
                }
            }
        }
        return c
    }
}
