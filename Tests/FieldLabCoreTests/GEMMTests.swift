import Testing
@testable import FieldLabCore
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One product to check: sizes, transposes, beta and padding of the leading dimensions.
private struct Case: CustomStringConvertible {
    var m: Int, n: Int, k: Int
    var transposeA = false, transposeB = false
    var beta: Float = 0
    /// Extra columns beyond the logical width of the stored A, B and C.
    var padding = 0

    var description: String {
        "\(m)×\(n)×\(k) tA=\(transposeA) tB=\(transposeB) beta=\(beta) pad=\(padding)"
    }
}

/// The outcome of one product against a Double reference.
private struct Check {
    /// Largest |C − reference| / (Σ_p |a_ip b_pj| + |beta c_ij| + tiny), over C.
    var worstRelativeError: Double = 0
    /// Elements outside the logical C (padding) that the product changed.
    var paddingWrites = 0
}

/// Runs `GEMM.multiply` (Float) on seeded data and compares every element with
/// an independent Double triple loop over the same Float inputs.
private func check(_ t: Case, seed: UInt64 = 1, fill: Float? = nil) -> Check {
    var g = SeededGenerator(seed: seed)
    let (aRows, aColumns) = t.transposeA ? (t.k, t.m) : (t.m, t.k)
    let (bRows, bColumns) = t.transposeB ? (t.n, t.k) : (t.k, t.n)
    let lda = aColumns + t.padding, ldb = bColumns + t.padding, ldc = t.n + t.padding
    let sentinel: Float = -12345
    let a = (0..<(aRows * lda)).map { _ in Float(g.nextUniform() * 2 - 1) }
    let b = (0..<(bRows * ldb)).map { _ in Float(g.nextUniform() * 2 - 1) }
    var c = (0..<(t.m * ldc)).map { i in i % ldc < t.n ? (fill ?? Float(g.nextUniform() * 2 - 1)) : sentinel }
    let c0 = c

    a.withUnsafeBufferPointer { ap in
        b.withUnsafeBufferPointer { bp in
            c.withUnsafeMutableBufferPointer { cp in
                GEMM.multiply(transposeA: t.transposeA, transposeB: t.transposeB, m: t.m, n: t.n, k: t.k,
                              a: ap.baseAddress!, lda: lda, b: bp.baseAddress!, ldb: ldb,
                              beta: t.beta, c: cp.baseAddress!, ldc: ldc)
            }
        }
    }

    var result = Check()
    for i in 0..<t.m {
        for j in 0..<ldc {
            let got = c[i * ldc + j]
            guard j < t.n else {
                if got != sentinel { result.paddingWrites += 1 }
                continue
            }
            var exact = 0.0, magnitude = 0.0
            for p in 0..<t.k {
                let x = Double(t.transposeA ? a[p * lda + i] : a[i * lda + p])
                let y = Double(t.transposeB ? b[j * ldb + p] : b[p * ldb + j])
                exact += x * y
                magnitude += abs(x * y)
            }
            if t.beta != 0 {
                exact += Double(t.beta) * Double(c0[i * ldc + j])
                magnitude += abs(Double(t.beta) * Double(c0[i * ldc + j]))
            }
            let error = abs(Double(got) - exact) / (magnitude + 1e-30)
            result.worstRelativeError = max(result.worstRelativeError, error.isNaN ? .infinity : error)
        }
    }
    return result
}

/// Float accumulation of k products: each term carries at most about k unit
/// roundoffs (2⁻²⁴ ≈ 6e-8) relative to Σ|a b|; a wrong index or a missed
/// term errs by O(1).
private func tolerance(_ k: Int) -> Double { 1.2e-7 * Double(k + 2) }

private let transposes = [(false, false), (false, true), (true, false), (true, true)]

/// Runs `body` with `count` floats that end exactly where a page that may be
/// neither read nor written begins: touching one float past the end crashes.
private func withGuardedFloats(_ values: [Float], _ body: (UnsafeMutablePointer<Float>) -> Void) {
    let page = Int(sysconf(Int32(_SC_PAGESIZE)))
    let bytes = values.count * MemoryLayout<Float>.stride
    let dataPages = (bytes + page - 1) / page
    guard let region = mmap(nil, (dataPages + 1) * page, PROT_READ | PROT_WRITE,
                            MAP_PRIVATE | MAP_ANONYMOUS, -1, 0), region != MAP_FAILED else {
        Issue.record("mmap failed")
        return
    }
    defer { munmap(region, (dataPages + 1) * page) }
    #expect(mprotect(region + dataPages * page, page, PROT_NONE) == 0)
    let floats = (region + dataPages * page - bytes).bindMemory(to: Float.self, capacity: values.count)
    for (i, v) in values.enumerated() { floats[i] = v }
    body(floats)
}

@Suite struct GEMMTests {
    @Test func smallProductMatchesHandComputation() {
        let a = Matrix<Float>([[1, 2, 3], [4, 5, 6]])
        let b = Matrix<Float>([[7, 8], [9, 10], [11, 12]])
        let c = Matrix.product(a, b)
        #expect(c == Matrix<Float>([[58, 64], [139, 154]]))
    }

    @Test func transposedProductsMatchHandComputation() {
        // aᵀ·b with a = [[1, 2], [3, 4]], b = [[5, 6], [7, 8]]: [[26, 30], [38, 44]].
        let a = Matrix<Float>([[1, 2], [3, 4]])
        let b = Matrix<Float>([[5, 6], [7, 8]])
        #expect(Matrix.product(a, b, transposeA: true) == Matrix<Float>([[26, 30], [38, 44]]))
        // a·bᵀ: [[17, 23], [39, 53]].
        #expect(Matrix.product(a, b, transposeB: true) == Matrix<Float>([[17, 23], [39, 53]]))
        #expect(Matrix.product(a, b, transposeA: true, transposeB: true) == Matrix<Float>([[23, 31], [34, 46]]))
    }

    @Test func oneByOneByOne() {
        for (ta, tb) in transposes {
            for beta: Float in [0, 1, 0.5] {
                let r = check(Case(m: 1, n: 1, k: 1, transposeA: ta, transposeB: tb, beta: beta))
                #expect(r.worstRelativeError <= tolerance(1))
            }
        }
    }

    /// Every size of the list in each dimension, with the other two small,
    /// all transposes and three betas; exercises every edge of the 6×16 tiles
    /// and the narrow (n ≤ 4) paths.
    @Test(arguments: [1, 2, 3, 5, 7, 17, 18, 33, 128, 130])
    func oddSizesInEachDimension(size: Int) {
        for (ta, tb) in transposes {
            for beta: Float in [0, 1, 0.5] {
                for (m, n, k) in [(size, 7, 5), (5, size, 7), (7, 5, size), (size, size, 3), (size, 19, size)] {
                    let t = Case(m: m, n: n, k: k, transposeA: ta, transposeB: tb, beta: beta)
                    let r = check(t)
                    #expect(r.worstRelativeError <= tolerance(k), "\(t)")
                }
            }
        }
    }

    /// Both sides of the special paths' limits (n ≤ 4 narrow, k ≤ 4 shallow)
    /// and of the narrow kernels' 8- and 24-row blocks.
    @Test func specialPathBoundaries() {
        for (ta, tb) in transposes {
            for m in [1, 7, 8, 9, 23, 24, 25, 49] {
                for (n, k) in [(4, 9), (5, 9), (9, 4), (9, 5), (4, 4), (1, 1), (2, 300)] {
                    let t = Case(m: m, n: n, k: k, transposeA: ta, transposeB: tb, beta: 0.5, padding: 2)
                    let r = check(t)
                    #expect(r.worstRelativeError <= tolerance(k), "\(t)")
                    #expect(r.paddingWrites == 0, "\(t)")
                }
            }
        }
    }

    /// Random sizes from the list, with leading dimensions wider than the
    /// logical widths: the padding of C must stay untouched.
    @Test func randomShapesWithPaddedLeadingDimensions() {
        let sizes = [1, 2, 3, 5, 7, 17, 18, 33, 128, 130]
        var g = SeededGenerator(seed: 7)
        for trial in 0..<120 {
            let (ta, tb) = transposes[trial % 4]
            let t = Case(m: sizes[g.nextIndex(below: sizes.count)], n: sizes[g.nextIndex(below: sizes.count)],
                         k: sizes[g.nextIndex(below: sizes.count)], transposeA: ta, transposeB: tb,
                         beta: [0, 1, 0.5][trial % 3], padding: 1 + g.nextIndex(below: 9))
            let r = check(t, seed: UInt64(trial))
            #expect(r.worstRelativeError <= tolerance(t.k), "\(t)")
            #expect(r.paddingWrites == 0, "\(t)")
        }
    }

    /// The products of one training step of the default MLP (18 → 128 → 128
    /// → 128 → 2) at batch 256, with the transposes the network uses; large
    /// enough to be split between threads and across k-blocks (k = 300).
    @Test func networkShapes() {
        let batch = 256
        let shapes: [Case] = [
            Case(m: batch, n: 128, k: 18), Case(m: batch, n: 128, k: 128), Case(m: batch, n: 2, k: 128),
            Case(m: 128, n: 2, k: batch, transposeA: true), Case(m: 128, n: 128, k: batch, transposeA: true),
            Case(m: 18, n: 128, k: batch, transposeA: true), Case(m: 128, n: 128, k: 300, transposeA: true),
            Case(m: batch, n: 128, k: 2, transposeB: true), Case(m: batch, n: 128, k: 128, transposeB: true),
            Case(m: 600, n: 300, k: 40),
        ]
        for shape in shapes {
            for beta: Float in [0, 1] {
                var t = shape
                t.beta = beta
                let r = check(t)
                #expect(r.worstRelativeError <= tolerance(t.k), "\(t)")
            }
        }
    }

    /// Threads get disjoint parts of C (whole 6-row tiles, whole 16-column
    /// slivers, or groups of 8 rows for n ≤ 4), and each element is summed in
    /// the same order whatever the split: computing C in parts must give the
    /// very same bits as computing it whole, so results do not depend on
    /// `FIELDLAB_THREADS`. (Bitwise equality is the property here, not a
    /// tolerance.)
    @Test func splittingCGivesIdenticalBits() {
        var g = SeededGenerator(seed: 11)
        for (ta, tb) in transposes {
            for (m, n, k) in [(130, 128, 300), (18, 128, 256), (128, 2, 1024)] {
                let (aRows, aColumns) = ta ? (k, m) : (m, k)
                let (bRows, bColumns) = tb ? (n, k) : (k, n)
                let a = (0..<(aRows * aColumns)).map { _ in Float(g.nextUniform() - 0.5) }
                let b = (0..<(bRows * bColumns)).map { _ in Float(g.nextUniform() - 0.5) }
                var whole = [Float](repeating: 0, count: m * n)
                var parts = [Float](repeating: 0, count: m * n)
                a.withUnsafeBufferPointer { ap in
                    b.withUnsafeBufferPointer { bp in
                        func run(_ c: UnsafeMutablePointer<Float>, rows: Range<Int>, columns: Range<Int>) {
                            if n <= GEMM.narrowLimit {
                                GEMM.narrowMultiply(transposeA: ta, transposeB: tb, rows: rows, n: n, k: k,
                                                    a: ap.baseAddress!, lda: aColumns, b: bp.baseAddress!, ldb: bColumns,
                                                    beta: 0, c: c, ldc: n)
                            } else {
                                GEMM.blockedMultiply(transposeA: ta, transposeB: tb, rows: rows, columns: columns, k: k,
                                                     a: ap.baseAddress!, lda: aColumns, b: bp.baseAddress!, ldb: bColumns,
                                                     beta: 0, c: c, ldc: n)
                            }
                        }
                        whole.withUnsafeMutableBufferPointer { run($0.baseAddress!, rows: 0..<m, columns: 0..<n) }
                        parts.withUnsafeMutableBufferPointer { c in
                            if n <= GEMM.narrowLimit {
                                run(c.baseAddress!, rows: 0..<64, columns: 0..<n)
                                run(c.baseAddress!, rows: 64..<m, columns: 0..<n)
                            } else if m > 18 {
                                run(c.baseAddress!, rows: 0..<66, columns: 0..<n)
                                run(c.baseAddress!, rows: 66..<m, columns: 0..<n)
                            } else {
                                run(c.baseAddress!, rows: 0..<m, columns: 0..<64)
                                run(c.baseAddress!, rows: 0..<m, columns: 64..<n)
                            }
                        }
                    }
                }
                let differing = zip(whole, parts).filter { $0.bitPattern != $1.bitPattern }.count
                #expect(differing == 0, "\(m)×\(n)×\(k) tA=\(ta) tB=\(tb)")
            }
        }
    }

    /// A, B and C each end at an unreadable page, with leading dimensions
    /// equal to their widths: no kernel may read or write past the last
    /// element (the partial tiles and slivers at the edges are copied first).
    @Test func noAccessPastTheEndOfAnyMatrix() {
        var g = SeededGenerator(seed: 5)
        for (ta, tb) in transposes {
            for (m, n, k) in [(7, 5, 3), (13, 21, 9), (130, 18, 33), (128, 2, 37), (37, 130, 2), (5, 3, 300),
                              (18, 131, 260)] {
                let (aRows, aColumns) = ta ? (k, m) : (m, k)
                let (bRows, bColumns) = tb ? (n, k) : (k, n)
                let a = (0..<(aRows * aColumns)).map { _ in Float(g.nextUniform() - 0.5) }
                let b = (0..<(bRows * bColumns)).map { _ in Float(g.nextUniform() - 0.5) }
                var worst = 0.0
                withGuardedFloats(a) { ap in
                    withGuardedFloats(b) { bp in
                        withGuardedFloats([Float](repeating: 1, count: m * n)) { cp in
                            GEMM.multiply(transposeA: ta, transposeB: tb, m: m, n: n, k: k, a: ap, lda: aColumns,
                                          b: bp, ldb: bColumns, beta: 0.5, c: cp, ldc: n)
                            for i in 0..<m {
                                for j in 0..<n {
                                    var exact = 0.5, magnitude = 0.5
                                    for p in 0..<k {
                                        let x = Double(ta ? a[p * aColumns + i] : a[i * aColumns + p])
                                        let y = Double(tb ? b[j * bColumns + p] : b[p * bColumns + j])
                                        exact += x * y
                                        magnitude += abs(x * y)
                                    }
                                    worst = max(worst, abs(Double(cp[i * n + j]) - exact) / magnitude)
                                }
                            }
                        }
                    }
                }
                #expect(worst <= tolerance(k), "\(m)×\(n)×\(k) tA=\(ta) tB=\(tb)")
            }
        }
    }

    /// beta = 0 overwrites C: NaN already in C must not leak into the result.
    @Test func betaZeroIgnoresNaNInC() {
        for (ta, tb) in transposes {
            for (m, n, k) in [(13, 2, 9), (13, 37, 9), (130, 128, 20)] {
                let t = Case(m: m, n: n, k: k, transposeA: ta, transposeB: tb, beta: 0)
                let r = check(t, fill: .nan)
                #expect(r.worstRelativeError <= tolerance(k), "\(t)")
            }
        }
    }

    /// k = 0 leaves C = beta·C; m = 0 or n = 0 does nothing.
    @Test func emptyDimensions() {
        var c: [Float] = [1, 2, 3, 4, 5, 6]
        let a: [Float] = [0], b: [Float] = [0]
        a.withUnsafeBufferPointer { ap in
            b.withUnsafeBufferPointer { bp in
                c.withUnsafeMutableBufferPointer { cp in
                    GEMM.multiply(transposeA: false, transposeB: false, m: 2, n: 3, k: 0,
                                  a: ap.baseAddress!, lda: 1, b: bp.baseAddress!, ldb: 3,
                                  beta: 0.5, c: cp.baseAddress!, ldc: 3)
                    GEMM.multiply(transposeA: false, transposeB: false, m: 0, n: 3, k: 4,
                                  a: ap.baseAddress!, lda: 4, b: bp.baseAddress!, ldb: 3,
                                  beta: 0, c: cp.baseAddress!, ldc: 3)
                    GEMM.multiply(transposeA: false, transposeB: false, m: 2, n: 0, k: 4,
                                  a: ap.baseAddress!, lda: 4, b: bp.baseAddress!, ldb: 1,
                                  beta: 0, c: cp.baseAddress!, ldc: 3)
                }
            }
        }
        #expect(c == [0.5, 1, 1.5, 2, 2.5, 3])
    }

    /// The Double path (reference loops) agrees with the Float kernel.
    @Test func doubleProductAgreesWithFloatProduct() {
        var g = SeededGenerator(seed: 3)
        let a = Matrix<Float>(rows: 37, columns: 19, storage: (0..<(37 * 19)).map { _ in Float(g.nextUniform() - 0.5) })
        let b = Matrix<Float>(rows: 19, columns: 23, storage: (0..<(19 * 23)).map { _ in Float(g.nextUniform() - 0.5) })
        let single = Matrix.product(a, b)
        let double = Matrix.product(a.converted(to: Double.self), b.converted(to: Double.self))
        let worst = zip(single.storage, double.storage).map { abs(Double($0) - $1) }.max() ?? 0
        #expect(worst < 1e-5)
    }
}
