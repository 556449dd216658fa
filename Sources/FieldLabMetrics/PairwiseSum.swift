import FieldLabCore

/// A function of the squared distance between two points, four pairs at a time.
///
/// Energy distance uses k(d²) = d and MMD a sum of Gaussians; both reduce to
/// one pass over all pairs, so they share the blocked, parallel loop below.
protocol PairKernel: Sendable {
    func callAsFunction(_ squaredDistance: SIMD4<Double>) -> SIMD4<Double>
}

/// Points split into an x and a y column, so four neighbours load as one SIMD4.
struct PointColumns: Sendable {
    let x: [Double]
    let y: [Double]
    var count: Int { x.count }

    init(_ points: [Point]) {
        x = points.map(\.x)
        y = points.map(\.y)
    }
}

/// Deterministic parallel sums of a kernel over all pairs of two point sets.
///
/// Rows are grouped in blocks of a fixed size (not one block per thread): each
/// block's partial sum is written to its own slot and the slots are added in
/// block order afterwards. The result therefore does not depend on how many
/// threads ran or which thread took which block.
enum PairwiseSum {
    /// Rows per block: small enough to balance two cores, large enough that
    /// the partial-sum array stays tiny.
    static let rowsPerBlock = 16

    /// Pairs a parallel chunk should cover at least, so tiny inputs stay on one thread.
    static let minimumPairsPerChunk = 1 << 16

    /// Σᵢ Σⱼ k(‖aᵢ − bⱼ‖²) over all n·m pairs.
    static func cross<K: PairKernel>(_ a: PointColumns, _ b: PointColumns, kernel: K) -> Double {
        let n = a.count, m = b.count
        guard n > 0, m > 0 else { return 0 }
        let blocks = (n + rowsPerBlock - 1) / rowsPerBlock
        var partial = [Double](repeating: 0, count: blocks)
        partial.withUnsafeMutableBufferPointer { out in
            let slots = SendablePointer(out.baseAddress!)
            let blocksPerChunk = max(1, minimumPairsPerChunk / (rowsPerBlock * m))
            Parallel.forEachChunk(count: blocks, minimumPerChunk: blocksPerChunk) { _, range in
                b.x.withUnsafeBufferPointer { bx in
                    b.y.withUnsafeBufferPointer { by in
                        for block in range {
                            var sum = 0.0
                            for i in block * rowsPerBlock..<min(n, (block + 1) * rowsPerBlock) {
                                sum += rowSum(a.x[i], a.y[i], bx.baseAddress!, by.baseAddress!,
                                              from: 0, to: m, kernel: kernel)
                            }
                            slots.base[block] = sum
                        }
                    }
                }
            }
        }
        return partial.reduce(0, +)
    }

    /// Σᵢ Σⱼ k(‖aᵢ − aⱼ‖²) over all n² ordered pairs, i = j included,
    /// computed as n·k(0) + 2·Σ_{i<j} k(‖aᵢ − aⱼ‖²).
    ///
    /// Row i of the upper triangle has n − 1 − i pairs, so blocks are handed out
    /// in the order first, last, second, second-to-last, … : contiguous chunks
    /// of that order then carry about equal work.
    static func symmetric<K: PairKernel>(_ a: PointColumns, kernel: K) -> Double {
        let n = a.count
        guard n > 0 else { return 0 }
        let blocks = (n + rowsPerBlock - 1) / rowsPerBlock
        var partial = [Double](repeating: 0, count: blocks)
        partial.withUnsafeMutableBufferPointer { out in
            let slots = SendablePointer(out.baseAddress!)
            let blocksPerChunk = max(1, 2 * minimumPairsPerChunk / (rowsPerBlock * n))
            Parallel.forEachChunk(count: blocks, minimumPerChunk: blocksPerChunk) { _, range in
                a.x.withUnsafeBufferPointer { ax in
                    a.y.withUnsafeBufferPointer { ay in
                        for position in range {
                            let block = position % 2 == 0 ? position / 2 : blocks - 1 - position / 2
                            var sum = 0.0
                            for i in block * rowsPerBlock..<min(n, (block + 1) * rowsPerBlock) {
                                sum += rowSum(ax[i], ay[i], ax.baseAddress!, ay.baseAddress!,
                                              from: i + 1, to: n, kernel: kernel)
                            }
                            slots.base[block] = sum
                        }
                    }
                }
            }
        }
        let diagonal = kernel(SIMD4(repeating: 0))[0]
        return Double(n) * diagonal + 2 * partial.reduce(0, +)
    }

    /// Σ_{j ∈ start..<end} k(‖p − (xⱼ, yⱼ)‖²), four columns at a time with two
    /// accumulators; the last < 4 columns go through one masked SIMD4.
    @inline(__always)
    static func rowSum<K: PairKernel>(_ px: Double, _ py: Double,
                                      _ xs: UnsafePointer<Double>, _ ys: UnsafePointer<Double>,
                                      from start: Int, to end: Int, kernel: K) -> Double {
        let cx = SIMD4<Double>(repeating: px), cy = SIMD4<Double>(repeating: py)
        @inline(__always) func load(_ p: UnsafePointer<Double>, _ j: Int) -> SIMD4<Double> {
            UnsafeRawPointer(p + j).loadUnaligned(as: SIMD4<Double>.self)
        }
        @inline(__always) func squared(_ j: Int) -> SIMD4<Double> {
            let dx = load(xs, j) - cx, dy = load(ys, j) - cy
            return (dx * dx).addingProduct(dy, dy)
        }
        var acc0 = SIMD4<Double>(), acc1 = SIMD4<Double>()
        var j = start
        while j + 8 <= end {
            acc0 += kernel(squared(j))
            acc1 += kernel(squared(j + 4))
            j += 8
        }
        if j + 4 <= end {
            acc0 += kernel(squared(j))
            j += 4
        }
        let left = end - j
        if left > 0 {
            var dx = SIMD4<Double>(), dy = SIMD4<Double>()
            for lane in 0..<left {
                dx[lane] = xs[j + lane] - px
                dy[lane] = ys[j + lane] - py
            }
            let unused = SIMD4<Int64>(0, 1, 2, 3) .>= SIMD4<Int64>(repeating: Int64(left))
            acc1 += kernel((dx * dx).addingProduct(dy, dy)).replacing(with: 0, where: unused)
        }
        return (acc0 + acc1).sum()
    }
}
