/// The register-tiled Float product behind `GEMM.multiply`, shaped for the
/// MLP's products (n and k of 18…128, m or k the batch):
///
/// - The micro-kernel keeps a 6 × 16 block of C in 12 SIMD8 registers and
///   does 12 fused multiply–adds per step of k (AVX2 has 16 vector registers:
///   12 accumulators, 2 for a row of the B sliver, 1 broadcast of A). On one
///   core it ran at 82–96 % of a pure FMA loop on the MLP's large products.
/// - op(A) is read in place when it is A itself (six rows, stride lda). A
///   transposed tile (six adjacent columns of the stored k × m matrix) and a
///   partial bottom tile are first copied into a 6-float-per-step buffer.
/// - op(B) is read in place when it is B itself: a sliver is 16 adjacent
///   columns, one 64-byte row per step. Packing it instead measured no faster
///   and cost 20 % on dW = Hᵀ·dZ with m = 18, where the k × n pack serves only
///   three row tiles. A transposed B (dH = dZ·Wᵀ) is packed, `depthBlock`
///   rows at a time, into 16-column slivers; so is a partial last sliver.
///
/// Loop order: k-blocks of 256, then 6-row tiles, then 16-column slivers, so
/// one A tile (≤ 6 KB) stays in L1 while the B block streams from L2.
/// Measured on the shapes above: unrolling the k loop by two was 5–30 %
/// slower; k-blocks of 128 or 512 no better than 256; six row pointers instead
/// of one pointer and strides no better.
extension GEMM {
    /// Rows of C in one micro-tile.
    static let tileRows = 6
    /// Columns of C in one micro-tile (two SIMD8 vectors).
    static let tileColumns = 16
    /// Rows of op(B) (steps of k) per block.
    static let depthBlock = 256
    /// Columns of C per block; a multiple of `tileColumns`.
    static let widthBlock = 256

    /// C[rows, columns] = op(A)[rows, 0..<k] · op(B)[0..<k, columns] + beta · C
    /// on the calling thread. `rows` and `columns` index the whole product, so
    /// callers split C between threads by giving each a sub-rectangle.
    static func blockedMultiply(
        transposeA: Bool, transposeB: Bool, rows: Range<Int>, columns: Range<Int>, k: Int,
        a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
        beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int
    ) {
        let maxDepth = min(depthBlock, k)
        let maxWidth = min(widthBlock, (columns.count + tileColumns - 1) / tileColumns * tileColumns)
        // Packed op(B): the whole block when B is transposed, else only a partial
        // last sliver; then the packed A tile. Both live in the thread's scratch
        // memory (no heap traffic per call).
        let bCapacity = maxDepth * (transposeB ? maxWidth : tileColumns)
        let scratch = ThreadScratch.floats(bCapacity + maxDepth * tileRows)
        let packedB = scratch
        let packedA = scratch + bCapacity
        var j0 = columns.lowerBound
        while j0 < columns.upperBound {
            let nc = min(widthBlock, columns.upperBound - j0)
            let fullSlivers = nc / tileColumns
            var p0 = 0
            while p0 < k {
                let kc = min(depthBlock, k - p0)
                // Later k-blocks add to what the first one wrote.
                let blockBeta: Float = p0 == 0 ? beta : 1
                // Sliver s starts at base + s·sliverStride; its row p at + p·depthStride.
                let slivers: (base: UnsafePointer<Float>, sliverStride: Int, depthStride: Int)
                if transposeB {
                    packTransposedB(b: b, ldb: ldb, depth: p0..<(p0 + kc), columns: j0..<(j0 + nc),
                                    into: packedB)
                    slivers = (UnsafePointer(packedB), kc * tileColumns, tileColumns)
                } else {
                    slivers = (b + p0 * ldb + j0, tileColumns, ldb)
                    if fullSlivers * tileColumns < nc {
                        packEdgeB(b: b + p0 * ldb + j0 + fullSlivers * tileColumns, ldb: ldb,
                                  depth: kc, width: nc - fullSlivers * tileColumns, into: packedB)
                    }
                }
                var i0 = rows.lowerBound
                while i0 < rows.upperBound {
                    let mr = min(tileRows, rows.upperBound - i0)
                    // The A tile: in place (rows of A) or packed (6 floats per step).
                    let inPlace = mr == tileRows && !transposeA
                    if mr == tileRows && transposeA {
                        packTransposedA(a: a + p0 * lda + i0, lda: lda, depth: kc, into: packedA)
                    } else if mr < tileRows {
                        packEdgeA(transposeA: transposeA, a: a, lda: lda, rows: i0..<(i0 + mr),
                                  depth: p0..<(p0 + kc), into: packedA)
                    }
                    let cTile = c + i0 * ldc + j0
                    var s = 0
                    while s * tileColumns < nc {
                        let width = min(tileColumns, nc - s * tileColumns)
                        let packedEdge = !transposeB && s == fullSlivers
                        let sliver = packedEdge ? UnsafePointer(packedB) : slivers.base + s * slivers.sliverStride
                        let sliverStride = packedEdge ? tileColumns : slivers.depthStride
                        let cSliver = cTile + s * tileColumns
                        if inPlace {
                            kernelInPlace(depth: kc, a: a + i0 * lda + p0, lda: lda, b: sliver, bStride: sliverStride,
                                          c: cSliver, ldc: ldc, beta: blockBeta, rows: mr, columns: width)
                        } else {
                            kernelPacked(depth: kc, a: packedA, b: sliver, bStride: sliverStride,
                                         c: cSliver, ldc: ldc, beta: blockBeta, rows: mr, columns: width)
                        }
                        s += 1
                    }
                    i0 += tileRows
                }
                p0 += kc
            }
            j0 += nc
        }
    }

    // MARK: Micro-kernels

    /// The micro-kernel on six rows of A in place (element (r, p) at r·lda + p).
    @inline(never)
    static func kernelInPlace(depth kc: Int, a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, bStride: Int,
                              c: UnsafeMutablePointer<Float>, ldc: Int, beta: Float, rows: Int, columns: Int) {
        tileKernel(depth: kc, a: a, rowStride: lda, depthStride: 1,
                   b: b, bStride: bStride, c: c, ldc: ldc, beta: beta, rows: rows, columns: columns)
    }

    /// The micro-kernel on a packed A tile (6 floats per step, strides known
    /// at compile time: no address arithmetic in the loop).
    @inline(never)
    static func kernelPacked(depth kc: Int, a: UnsafePointer<Float>, b: UnsafePointer<Float>, bStride: Int,
                             c: UnsafeMutablePointer<Float>, ldc: Int, beta: Float, rows: Int, columns: Int) {
        tileKernel(depth: kc, a: a, rowStride: 1, depthStride: tileRows,
                   b: b, bStride: bStride, c: c, ldc: ldc, beta: beta, rows: rows, columns: columns)
    }

    /// C[6×16] = A-tile · B-sliver + beta · C, of which `rows × columns` are
    /// stored (the rest of the tile is zero padding).
    ///
    /// - Parameters:
    ///   - a: element (0, 0) of the A tile; element (r, p) at r·rowStride + p·depthStride.
    ///   - b: row 0 of a 16-column sliver of op(B); row p at p·bStride.
    @inline(__always)
    static func tileKernel(depth kc: Int, a: UnsafePointer<Float>, rowStride: Int, depthStride: Int,
                           b: UnsafePointer<Float>, bStride: Int, c: UnsafeMutablePointer<Float>, ldc: Int,
                           beta: Float, rows: Int, columns: Int) {
        typealias V = SIMD8<Float>
        var c00 = V(), c01 = V(), c10 = V(), c11 = V(), c20 = V(), c21 = V()
        var c30 = V(), c31 = V(), c40 = V(), c41 = V(), c50 = V(), c51 = V()
        let a1 = rowStride, a2 = 2 * rowStride, a3 = 3 * rowStride, a4 = 4 * rowStride, a5 = 5 * rowStride
        var ap = a
        var bp = UnsafeRawPointer(b)
        let bBytes = bStride * MemoryLayout<Float>.stride
        for _ in 0..<kc {
            // Swift does not fuse a * b + c by itself: addingProduct is one vfmadd231ps.
            let b0 = bp.loadUnaligned(as: V.self)
            let b1 = bp.loadUnaligned(fromByteOffset: 32, as: V.self)
            var x = V(repeating: ap[0])
            c00 = c00.addingProduct(x, b0); c01 = c01.addingProduct(x, b1)
            x = V(repeating: ap[a1])
            c10 = c10.addingProduct(x, b0); c11 = c11.addingProduct(x, b1)
            x = V(repeating: ap[a2])
            c20 = c20.addingProduct(x, b0); c21 = c21.addingProduct(x, b1)
            x = V(repeating: ap[a3])
            c30 = c30.addingProduct(x, b0); c31 = c31.addingProduct(x, b1)
            x = V(repeating: ap[a4])
            c40 = c40.addingProduct(x, b0); c41 = c41.addingProduct(x, b1)
            x = V(repeating: ap[a5])
            c50 = c50.addingProduct(x, b0); c51 = c51.addingProduct(x, b1)
            ap += depthStride
            bp += bBytes
        }
        if rows == tileRows && columns == tileColumns {
            store(c00, c01, to: c, beta: beta)
            store(c10, c11, to: c + ldc, beta: beta)
            store(c20, c21, to: c + 2 * ldc, beta: beta)
            store(c30, c31, to: c + 3 * ldc, beta: beta)
            store(c40, c41, to: c + 4 * ldc, beta: beta)
            store(c50, c51, to: c + 5 * ldc, beta: beta)
        } else {
            // The valid corner of an edge tile, through a copy on the stack.
            var tile = (c00, c01, c10, c11, c20, c21, c30, c31, c40, c41, c50, c51)
            withUnsafeBytes(of: &tile) { bytes in
                for r in 0..<rows {
                    for j in 0..<columns {
                        let value = bytes.load(fromByteOffset: (r * tileColumns + j) * MemoryLayout<Float>.stride,
                                               as: Float.self)
                        update(c + r * ldc + j, value, beta: beta)
                    }
                }
            }
        }
    }

    /// c[0..<16] = (v0, v1) + beta · c[0..<16]; beta = 0 never reads C (it may hold NaN).
    @inline(__always)
    static func store(_ v0: SIMD8<Float>, _ v1: SIMD8<Float>, to c: UnsafeMutablePointer<Float>, beta: Float) {
        let p = UnsafeMutableRawPointer(c)
        if beta == 0 {
            p.storeBytes(of: v0, as: SIMD8<Float>.self)
            p.storeBytes(of: v1, toByteOffset: 32, as: SIMD8<Float>.self)
        } else {
            var o0 = p.loadUnaligned(as: SIMD8<Float>.self)
            var o1 = p.loadUnaligned(fromByteOffset: 32, as: SIMD8<Float>.self)
            if beta == 1 {
                o0 += v0; o1 += v1
            } else {
                o0 = v0.addingProduct(o0, SIMD8(repeating: beta))
                o1 = v1.addingProduct(o1, SIMD8(repeating: beta))
            }
            p.storeBytes(of: o0, as: SIMD8<Float>.self)
            p.storeBytes(of: o1, toByteOffset: 32, as: SIMD8<Float>.self)
        }
    }

    // MARK: Packing

    /// Packs op(B)[depth, columns] = Bᵀ (B stored n × k) into slivers of 16
    /// columns: sliver s holds `depth.count` rows of 16 floats, zero padded.
    static func packTransposedB(b: UnsafePointer<Float>, ldb: Int, depth: Range<Int>, columns: Range<Int>,
                                into out: UnsafeMutablePointer<Float>) {
        let kc = depth.count
        var dst = out
        var j0 = columns.lowerBound
        while j0 < columns.upperBound {
            let width = min(tileColumns, columns.upperBound - j0)
            // Column j of the sliver is row j0 + j of B, read along p.
            for j in 0..<width {
                let src = b + (j0 + j) * ldb + depth.lowerBound
                for p in 0..<kc { dst[p * tileColumns + j] = src[p] }
            }
            if width < tileColumns {
                for p in 0..<kc { for j in width..<tileColumns { dst[p * tileColumns + j] = 0 } }
            }
            dst += kc * tileColumns
            j0 += tileColumns
        }
    }

    /// Copies a partial sliver of B (fewer than 16 columns, `depth` rows from
    /// `b`) into `out` as `depth` rows of 16 floats, zero padded.
    static func packEdgeB(b: UnsafePointer<Float>, ldb: Int, depth: Int, width: Int,
                          into out: UnsafeMutablePointer<Float>) {
        for p in 0..<depth {
            let src = b + p * ldb, dst = out + p * tileColumns
            for j in 0..<width { dst[j] = src[j] }
            for j in width..<tileColumns { dst[j] = 0 }
        }
    }

    /// Copies six adjacent columns of A (stored k × m), `depth` rows of them,
    /// into `out` as `depth` steps of 6 floats.
    @inline(__always)
    static func packTransposedA(a: UnsafePointer<Float>, lda: Int, depth: Int, into out: UnsafeMutablePointer<Float>) {
        var src = UnsafeRawPointer(a), dst = UnsafeMutableRawPointer(out)
        for _ in 0..<depth {
            dst.storeBytes(of: src.loadUnaligned(as: SIMD4<Float>.self), as: SIMD4<Float>.self)
            dst.storeBytes(of: src.loadUnaligned(fromByteOffset: 16, as: SIMD2<Float>.self),
                           toByteOffset: 16, as: SIMD2<Float>.self)
            src += lda * MemoryLayout<Float>.stride
            dst += tileRows * MemoryLayout<Float>.stride
        }
    }

    /// Copies a partial tile of op(A) (fewer than 6 rows) into `out` as
    /// `depth.count` steps of 6 floats, the missing rows zero.
    static func packEdgeA(transposeA: Bool, a: UnsafePointer<Float>, lda: Int,
                          rows: Range<Int>, depth: Range<Int>, into out: UnsafeMutablePointer<Float>) {
        let mr = rows.count
        for p in 0..<depth.count {
            let d = out + p * tileRows, pp = depth.lowerBound + p
            for r in 0..<mr {
                let i = rows.lowerBound + r
                d[r] = transposeA ? a[pp * lda + i] : a[i * lda + pp]
            }
            for r in mr..<tileRows { d[r] = 0 }
        }
    }
}
