import FieldLabCore

extension MLP {
    /// Backpropagation through the batch last run by `forward` on `workspace`.
    ///
    /// - Parameters:
    ///   - outputGradient: ∂L/∂F, `batch × pointDimension` row-major.
    ///   - gradient: receives ∂L/∂θ in the layout of `parameters` (overwritten).
    ///   - computeInputGradient: also fill `workspace.inputGradient` with ∂L/∂x.
    public func backward(outputGradient: [Scalar], workspace: inout MLPWorkspace<Scalar>,
                         into gradient: inout [Scalar], computeInputGradient: Bool = false) {
        backwardImplementation(outputGradient: outputGradient, workspace: &workspace, into: &gradient,
                               computeInputGradient: computeInputGradient)
    }

    @inline(__always)
    func backwardImplementation(outputGradient: [Scalar], workspace: inout MLPWorkspace<Scalar>,
                                into gradient: inout [Scalar], computeInputGradient: Bool) {
        let batch = workspace.batch
        let d = configuration.pointDimension
        precondition(outputGradient.count == batch * d, "Output gradient must be batch × \(d)")
        if gradient.count != parameters.count { gradient = Array(repeating: 0, count: parameters.count) }

        // `delta` (∂L/∂Z of the current layer) lives in gradA; ∂L/∂H goes to gradB.
        workspace.gradA.withUnsafeMutableBufferPointer { ga in
            for i in 0..<(batch * d) { ga[i] = outputGradient[i] }
        }
        parameters.withUnsafeBufferPointer { theta in
            gradient.withUnsafeMutableBufferPointer { g in
                let p = theta.baseAddress!, gp = g.baseAddress!
                for l in stride(from: layout.count - 1, through: 0, by: -1) {
                    let layer = layout[l]
                    workspace.inputs[l].withUnsafeBufferPointer { a in
                        workspace.gradA.withUnsafeMutableBufferPointer { deltaBuffer in
                            let delta = deltaBuffer.baseAddress!
                            // ∂L/∂W = inputᵀ · delta, ∂L/∂b = Σ_rows delta.
                            Scalar.gemm(transposeA: true, transposeB: false, m: layer.input, n: layer.output, k: batch,
                                        a: a.baseAddress!, lda: layer.input, b: delta, ldb: layer.output,
                                        beta: 0, c: gp + layer.weightOffset, ldc: layer.output,
                                        parallel: workspace.parallel)
                            Scalar.columnSums(delta, rows: batch, columns: layer.output,
                                              into: gp + layer.biasOffset, accumulate: false)
                            guard l > 0 || computeInputGradient else { return }
                            // ∂L/∂input = delta · Wᵀ.
                            workspace.gradB.withUnsafeMutableBufferPointer { dh in
                                Scalar.gemm(transposeA: false, transposeB: true, m: batch, n: layer.input, k: layer.output,
                                            a: delta, lda: layer.output, b: p + layer.weightOffset, ldb: layer.output,
                                            beta: 0, c: dh.baseAddress!, ldc: layer.input,
                                            parallel: workspace.parallel)
                                if l > 0 {
                                    // Through the SiLU of the previous layer: delta ← ∂L/∂H ⊙ SiLU′(Z),
                                    // from the sigmoid kept by forward and this layer's input H.
                                    workspace.sigmoids[l - 1].withUnsafeBufferPointer { sg in
                                        Scalar.siluBackward(sigmoid: sg.baseAddress!, output: a.baseAddress!,
                                                            dh.baseAddress!, delta, count: batch * layer.input)
                                    }
                                } else {
                                    workspace.inputGradient.withUnsafeMutableBufferPointer { gx in
                                        for r in 0..<batch {
                                            for j in 0..<d { gx[r * d + j] = dh[r * layer.input + j] }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

extension MLP where Scalar == Float {
    /// The `Float` entry point, specialised inside this module (see `forward`).
    public func backward(outputGradient: [Float], workspace: inout MLPWorkspace<Float>,
                         into gradient: inout [Float], computeInputGradient: Bool = false) {
        backwardImplementation(outputGradient: outputGradient, workspace: &workspace, into: &gradient,
                               computeInputGradient: computeInputGradient)
    }
}
