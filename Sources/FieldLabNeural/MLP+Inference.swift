import Foundation
import FieldLabCore

/// Buffers of `MLP.evaluate(points:...)`, kept between calls: two blocks of
/// activations per thread and the folded first-layer bias.
public struct InferenceWorkspace: Sendable {
    var blocks: [Float] = []
    var firstBias: [Float] = []
    var floatsPerThread = 0

    public init() {}
}

extension MLP where Scalar == Float {
    /// Rows per block: a block's activations (192 × 128 floats, 96 KB, twice)
    /// stay in a core's L2 cache while the block passes through every layer.
    static var inferenceBlockRows: Int { 192 }

    /// out_i = skip · x_i + output · F(inputScale · x_i, c) for every row of
    /// `points` (n × pointDimension, Double), with one conditioning `c` shared
    /// by all rows — the sampler's case, where a whole batch sits at one time.
    ///
    /// Because c is shared, the embedding's share of the first layer,
    /// b₀ + W_e·e(c), is one bias vector computed once per call, and the first
    /// layer shrinks to the point's own columns. The rows then go through all
    /// layers in cache-sized blocks, contiguous runs of blocks on each core
    /// (one parallel region per call instead of one per matrix product).
    public func evaluate(points: Matrix<Double>, inputScale: Double, conditioning: Double,
                         skip: Double, output: Double, into result: inout Matrix<Double>,
                         workspace: inout InferenceWorkspace) {
        let d = configuration.pointDimension
        precondition(points.columns == d && result.rows == points.rows && result.columns == d,
                     "evaluate: points and result must both be n × \(d)")
        let n = points.rows
        guard n > 0 else { return }
        let blockRows = Self.inferenceBlockRows
        var widest = 0
        for layer in layout { widest = max(widest, layer.output) }  // (a loop: `map` would allocate)
        let perThread = 2 * blockRows * widest
        if workspace.floatsPerThread != perThread || workspace.blocks.count < perThread * Parallel.threadCount {
            workspace.floatsPerThread = perThread
            workspace.blocks = Array(repeating: 0, count: perThread * Parallel.threadCount)
        }
        // The first layer's bias with the embedding folded in.
        let first = layout[0]
        if workspace.firstBias.count != first.output { workspace.firstBias = Array(repeating: 0, count: first.output) }
        parameters.withUnsafeBufferPointer { theta in
            let p = theta.baseAddress!
            for j in 0..<first.output { workspace.firstBias[j] = p[first.biasOffset + j] }
            for (k, w) in frequencies.enumerated() {
                let phase = w * Float(conditioning)
                let (s, c) = (Foundation.sin(phase), Foundation.cos(phase))
                let sineRow = p + first.weightOffset + (d + k) * first.output
                let cosineRow = p + first.weightOffset + (d + frequencies.count + k) * first.output
                for j in 0..<first.output { workspace.firstBias[j] += s * sineRow[j] + c * cosineRow[j] }
            }
        }
        let blocks = (n + blockRows - 1) / blockRows
        let scale = Float(inputScale)
        parameters.withUnsafeBufferPointer { theta in
            workspace.firstBias.withUnsafeBufferPointer { fb in
                workspace.blocks.withUnsafeMutableBufferPointer { buffers in
                    points.storage.withUnsafeBufferPointer { xs in
                        result.storage.withUnsafeMutableBufferPointer { vs in
                            let job = InferenceJob(
                                layout: layout, parameters: SendableConstPointer(theta.baseAddress!),
                                firstBias: SendableConstPointer(fb.baseAddress!),
                                points: SendableConstPointer(xs.baseAddress!), result: SendablePointer(vs.baseAddress!),
                                buffers: SendablePointer(buffers.baseAddress!), floatsPerThread: perThread,
                                blockRows: blockRows, widest: widest, rows: n, d: d, scale: scale,
                                skip: skip, output: output)
                            Parallel.forEachChunk(count: blocks, minimumPerChunk: 1, job: job)
                        }
                    }
                }
            }
        }
    }

    /// One block of rows through every layer on the calling thread.
    @inline(__always)
    static func evaluateBlock(layout: [MLP<Float>.LayerLayout], parameters p: UnsafePointer<Float>, firstBias: UnsafePointer<Float>,
                              points x: UnsafePointer<Double>, d: Int, rows: Int, scale: Float,
                              skip: Double, output: Double, result v: UnsafeMutablePointer<Double>,
                              buffers: (UnsafeMutablePointer<Float>, UnsafeMutablePointer<Float>)) {
        var (h, z) = buffers
        // Layer 0 on the point's own d columns: z = (s·x) W_x + folded bias.
        let first = layout[0]
        for r in 0..<rows {
            let row = h + r * first.output
            for j in 0..<first.output { row[j] = 0 }
            for i in 0..<d {
                let xi = scale * Float(x[r * d + i])
                let w = p + first.weightOffset + i * first.output
                for j in 0..<first.output { row[j] += xi * w[j] }
            }
        }
        VectorMath.addBiasAndSiLU(h, bias: firstBias, rows: rows, columns: first.output)
        // Hidden layers, then the output layer.
        for l in 1..<layout.count {
            let layer = layout[l]
            GEMM.multiply(transposeA: false, transposeB: false, m: rows, n: layer.output, k: layer.input,
                          a: h, lda: layer.input, b: p + layer.weightOffset, ldb: layer.output,
                          beta: 0, c: z, ldc: layer.output, parallel: false)
            if l < layout.count - 1 {
                VectorMath.addBiasAndSiLU(z, bias: p + layer.biasOffset, rows: rows, columns: layer.output)
                swap(&h, &z)
            } else {
                let bias = p + layer.biasOffset
                for r in 0..<rows {
                    for j in 0..<d {
                        let f = Double(z[r * d + j] + bias[j])
                        v[r * d + j] = skip * x[r * d + j] + output * f
                    }
                }
            }
        }
    }
}

/// Runs of blocks of rows through the network, one run per core.
private struct InferenceJob: ParallelJob {
    let layout: [MLP<Float>.LayerLayout]
    let parameters: SendableConstPointer<Float>
    let firstBias: SendableConstPointer<Float>
    let points: SendableConstPointer<Double>
    let result: SendablePointer<Double>
    let buffers: SendablePointer<Float>
    let floatsPerThread: Int, blockRows: Int, widest: Int, rows: Int, d: Int
    let scale: Float, skip: Double, output: Double

    func run(chunk: Int, range: Range<Int>) {
        let a = buffers.base + chunk * floatsPerThread, b = a + blockRows * widest
        for block in range {
            let r0 = block * blockRows, count = min(blockRows, rows - r0)
            MLP<Float>.evaluateBlock(layout: layout, parameters: parameters.base, firstBias: firstBias.base,
                                     points: points.base + r0 * d, d: d, rows: count, scale: scale,
                                     skip: skip, output: output, result: result.base + r0 * d, buffers: (a, b))
        }
    }
}
