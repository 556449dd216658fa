/// Float products whose C has only a few columns (the network's output layer,
/// n = 2 coordinates, forward and in dW). The tiled kernel would pad n to 16
/// and waste 7/8 of its work (it ran at 8–9 GFLOP/s); these loops vectorise
/// along k or along the rows of C instead (35–58 GFLOP/s, bound by reading A).
extension GEMM {
    /// Widest C that takes the narrow path.
    static let narrowLimit = 4

    /// C[rows, 0..<n] = op(A) · op(B) + beta · C for n ≤ `narrowLimit`.
    static func narrowMultiply(
        transposeA: Bool, transposeB: Bool, rows: Range<Int>, n: Int, k: Int,
        a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
        beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int
    ) {
        precondition(n <= narrowLimit)
        if transposeA {
            narrowAlongRows(transposeB: transposeB, rows: rows, n: n, k: k, a: a, lda: lda,
                            b: b, ldb: ldb, beta: beta, c: c, ldc: ldc)
        } else if transposeB {
            // op(B) column j is B row j: already contiguous.
            narrowAlongDepth(rows: rows, n: n, k: k, a: a, lda: lda, columns: b, columnStride: ldb,
                             beta: beta, c: c, ldc: ldc)
        } else {
            withUnsafeTemporaryAllocation(of: Float.self, capacity: n * k) { buffer in
                let columns = buffer.baseAddress!
                for p in 0..<k { for j in 0..<n { columns[j * k + p] = b[p * ldb + j] } }
                narrowAlongDepth(rows: rows, n: n, k: k, a: a, lda: lda, columns: columns, columnStride: k,
                                 beta: beta, c: c, ldc: ldc)
            }
        }
    }

    /// A not transposed: each C[i, j] is a dot product of row i of A with a
    /// contiguous column of op(B) (column j at `columns + j·columnStride`).
    /// Two rows of C at a time share every load of op(B).
    static func narrowAlongDepth(rows: Range<Int>, n: Int, k: Int, a: UnsafePointer<Float>, lda: Int,
                                 columns: UnsafePointer<Float>, columnStride: Int,
                                 beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int) {
        typealias V = SIMD8<Float>
        let vectorDepth = k & ~7
        var j = 0
        while j < n {
            let pair = j + 1 < n
            let b0 = UnsafeRawPointer(columns + j * columnStride)
            let b1 = UnsafeRawPointer(columns + (pair ? j + 1 : j) * columnStride)
            var i = rows.lowerBound
            while i < rows.upperBound {
                let twoRows = i + 1 < rows.upperBound
                let r0 = UnsafeRawPointer(a + i * lda)
                let r1 = UnsafeRawPointer(a + (twoRows ? i + 1 : i) * lda)
                var s00 = V(), s01 = V(), s10 = V(), s11 = V()
                var offset = 0
                while offset < vectorDepth * 4 {
                    let x0 = r0.loadUnaligned(fromByteOffset: offset, as: V.self)
                    let x1 = r1.loadUnaligned(fromByteOffset: offset, as: V.self)
                    let y0 = b0.loadUnaligned(fromByteOffset: offset, as: V.self)
                    let y1 = b1.loadUnaligned(fromByteOffset: offset, as: V.self)
                    s00 = s00.addingProduct(x0, y0); s01 = s01.addingProduct(x0, y1)
                    s10 = s10.addingProduct(x1, y0); s11 = s11.addingProduct(x1, y1)
                    offset += 32
                }
                var d00 = horizontalSum(s00), d01 = horizontalSum(s01)
                var d10 = horizontalSum(s10), d11 = horizontalSum(s11)
                let f0 = a + i * lda, f1 = a + (twoRows ? i + 1 : i) * lda
                let g0 = columns + j * columnStride, g1 = columns + (pair ? j + 1 : j) * columnStride
                for p in vectorDepth..<k {
                    d00 += f0[p] * g0[p]; d01 += f0[p] * g1[p]
                    d10 += f1[p] * g0[p]; d11 += f1[p] * g1[p]
                }
                update(c + i * ldc + j, d00, beta: beta)
                if pair { update(c + i * ldc + j + 1, d01, beta: beta) }
                if twoRows {
                    update(c + (i + 1) * ldc + j, d10, beta: beta)
                    if pair { update(c + (i + 1) * ldc + j + 1, d11, beta: beta) }
                }
                i += 2
            }
            j += 2
        }
    }

    /// A transposed (A stored k × m): C[i, j] = Σ_p A[p, i] · op(B)[p, j].
    /// Each step p adds a contiguous run of row p of A, times the broadcast
    /// op(B)[p, j], to n column accumulators covering 24 (or 8) rows of C.
    static func narrowAlongRows(transposeB: Bool, rows: Range<Int>, n: Int, k: Int,
                                a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
                                beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int) {
        // op(B)[p, j] = b[p · pStride + j · jStride].
        let pStride = transposeB ? 1 : ldb, jStride = transposeB ? ldb : 1
        var i0 = rows.lowerBound
        while i0 < rows.upperBound {
            let width = rows.upperBound - i0
            let vectors = width >= 24 ? 3 : width >= 8 ? 1 : 0
            if vectors > 0 {
                let tile = (a + i0, k, lda, b, pStride, jStride, c + i0 * ldc, ldc, beta)
                switch (n, vectors) {
                case (1, 3): alongRowsTile(columns: 1, vectors: 3, tile)
                case (2, 3): alongRowsTile(columns: 2, vectors: 3, tile)
                case (3, 3): alongRowsTile(columns: 3, vectors: 3, tile)
                case (4, 3): alongRowsTile(columns: 4, vectors: 3, tile)
                case (1, _): alongRowsTile(columns: 1, vectors: 1, tile)
                case (2, _): alongRowsTile(columns: 2, vectors: 1, tile)
                case (3, _): alongRowsTile(columns: 3, vectors: 1, tile)
                default: alongRowsTile(columns: 4, vectors: 1, tile)
                }
                i0 += 8 * vectors
            } else {
                // Fewer than 8 rows left: scalar dot products down the columns of A.
                for r in 0..<width {
                    for j in 0..<n {
                        var s: Float = 0
                        var ap = a + i0 + r, bp = b + j * jStride
                        for _ in 0..<k { s += ap[0] * bp[0]; ap += lda; bp += pStride }
                        update(c + (i0 + r) * ldc + j, s, beta: beta)
                    }
                }
                i0 += width
            }
        }
    }

    /// One tile of `narrowAlongRows`: 8·vectors rows × `columns` columns in
    /// registers (constants after inlining, so the branches fold away).
    @inline(__always)
    static func alongRowsTile(
        columns n: Int, vectors: Int,
        _ t: (a: UnsafePointer<Float>, k: Int, lda: Int, b: UnsafePointer<Float>, pStride: Int, jStride: Int,
              c: UnsafeMutablePointer<Float>, ldc: Int, beta: Float)
    ) {
        typealias V = SIMD8<Float>
        var c00 = V(), c01 = V(), c02 = V(), c10 = V(), c11 = V(), c12 = V()
        var c20 = V(), c21 = V(), c22 = V(), c30 = V(), c31 = V(), c32 = V()
        var ap = UnsafeRawPointer(t.a)
        var bp = t.b
        let rowBytes = t.lda * 4, j1 = t.jStride, j2 = 2 * t.jStride, j3 = 3 * t.jStride
        for _ in 0..<t.k {
            let x0 = ap.loadUnaligned(as: V.self)
            let x1 = vectors > 1 ? ap.loadUnaligned(fromByteOffset: 32, as: V.self) : V()
            let x2 = vectors > 1 ? ap.loadUnaligned(fromByteOffset: 64, as: V.self) : V()
            var y = V(repeating: bp[0])
            c00 = c00.addingProduct(x0, y)
            if vectors > 1 { c01 = c01.addingProduct(x1, y); c02 = c02.addingProduct(x2, y) }
            if n > 1 {
                y = V(repeating: bp[j1])
                c10 = c10.addingProduct(x0, y)
                if vectors > 1 { c11 = c11.addingProduct(x1, y); c12 = c12.addingProduct(x2, y) }
            }
            if n > 2 {
                y = V(repeating: bp[j2])
                c20 = c20.addingProduct(x0, y)
                if vectors > 1 { c21 = c21.addingProduct(x1, y); c22 = c22.addingProduct(x2, y) }
            }
            if n > 3 {
                y = V(repeating: bp[j3])
                c30 = c30.addingProduct(x0, y)
                if vectors > 1 { c31 = c31.addingProduct(x1, y); c32 = c32.addingProduct(x2, y) }
            }
            ap += rowBytes
            bp += t.pStride
        }
        // Lane r of vector j·3 + q is C[8q + r, j]; read back through a copy on the stack.
        var acc = (c00, c01, c02, c10, c11, c12, c20, c21, c22, c30, c31, c32)
        withUnsafeBytes(of: &acc) { bytes in
            for r in 0..<(8 * vectors) {
                for j in 0..<n {
                    let value = bytes.load(fromByteOffset: (j * 24 + r) * MemoryLayout<Float>.stride, as: Float.self)
                    update(t.c + r * t.ldc + j, value, beta: t.beta)
                }
            }
        }
    }

    /// c = value + beta · c, never reading c when beta = 0.
    @inline(__always)
    static func update(_ c: UnsafeMutablePointer<Float>, _ value: Float, beta: Float) {
        c.pointee = beta == 0 ? value : value + beta * c.pointee
    }

    /// The sum of the eight lanes (pairwise, in vector halves).
    @inline(__always)
    static func horizontalSum(_ v: SIMD8<Float>) -> Float {
        let four = v.lowHalf + v.highHalf
        let two = four.lowHalf + four.highHalf
        return two.x + two.y
    }
}
