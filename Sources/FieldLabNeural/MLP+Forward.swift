import FieldLabCore

extension MLP {
    /// Runs the network on a batch: `points` is `batch × pointDimension`,
    /// `conditioning` one scalar per row. The result is in `workspace.output`
    /// (row-major, `batch × pointDimension`); the workspace keeps the
    /// activations that `backward` needs.
    public func forward(points: Matrix<Scalar>, conditioning: [Scalar], workspace: inout MLPWorkspace<Scalar>) {
        forwardImplementation(points: points, conditioning: conditioning, workspace: &workspace)
    }

    /// F(x, c) for a batch, allocating its own workspace (convenience for tests and tools).
    public func callAsFunction(_ points: Matrix<Scalar>, conditioning: [Scalar]) -> Matrix<Scalar> {
        var workspace = MLPWorkspace<Scalar>()
        forward(points: points, conditioning: conditioning, workspace: &workspace)
        return Matrix(rows: points.rows, columns: configuration.pointDimension, storage: workspace.output)
    }

    @inline(__always)
    func forwardImplementation(points: Matrix<Scalar>, conditioning: [Scalar], workspace: inout MLPWorkspace<Scalar>) {
        let d = configuration.pointDimension
        precondition(points.columns == d, "Network expects \(d) columns, got \(points.columns)")
        precondition(conditioning.count == points.rows, "One conditioning value per row")
        let batch = points.rows
        workspace.prepare(for: self, batch: batch)
        let inputWidth = layout[0].input  // (the configuration's inputDimension, without recomputing it)
        let nf = frequencies.count

        // Layer 0 input: [x, sin(ω c), cos(ω c)].
        points.storage.withUnsafeBufferPointer { x in
            conditioning.withUnsafeBufferPointer { c in
                frequencies.withUnsafeBufferPointer { w in
                    workspace.inputs[0].withUnsafeMutableBufferPointer { input in
                        let rows = input.baseAddress!
                        for r in 0..<batch {
                            for j in 0..<d { rows[r * inputWidth + j] = x[r * d + j] }
                        }
                        Scalar.embed(c.baseAddress!, rows: batch, frequencies: w.baseAddress!, count: nf,
                                     into: rows + d, stride: inputWidth)
                    }
                }
            }
        }

        parameters.withUnsafeBufferPointer { theta in
            let p = theta.baseAddress!
            for (l, layer) in layout.enumerated() {
                let isOutput = l == layout.count - 1
                let input = workspace.inputs[l]
                input.withUnsafeBufferPointer { a in
                    func linear(_ out: UnsafeMutablePointer<Scalar>) {
                        Scalar.gemm(transposeA: false, transposeB: false, m: batch, n: layer.output, k: layer.input,
                                    a: a.baseAddress!, lda: layer.input, b: p + layer.weightOffset, ldb: layer.output,
                                    beta: 0, c: out, ldc: layer.output, parallel: workspace.parallel)
                        Scalar.addBias(p + layer.biasOffset, to: out, rows: batch, columns: layer.output)
                    }
                    if isOutput {
                        workspace.output.withUnsafeMutableBufferPointer { linear($0.baseAddress!) }
                    } else {
                        workspace.sigmoids[l].withUnsafeMutableBufferPointer { z in
                            linear(z.baseAddress!)
                            workspace.inputs[l + 1].withUnsafeMutableBufferPointer { h in
                                Scalar.siluKeepingSigmoid(z.baseAddress!, h.baseAddress!, count: batch * layer.output)
                            }
                        }
                    }
                }
            }
        }
    }
}

extension MLP where Scalar == Float {
    /// The `Float` entry point: the same code as the generic one, specialised
    /// inside this module so that callers in other modules get compiled loops.
    public func forward(points: Matrix<Float>, conditioning: [Float], workspace: inout MLPWorkspace<Float>) {
        forwardImplementation(points: points, conditioning: conditioning, workspace: &workspace)
    }
}
