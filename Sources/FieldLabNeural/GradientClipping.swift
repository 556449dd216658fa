import FieldLabCore
/// Clipping by global norm (Pascanu et al. 2013): if ‖g‖₂ > maxNorm, scale g
/// by maxNorm / ‖g‖₂. Returns the norm before clipping (worth logging).
@discardableResult
public func clipGradientNorm<Scalar: NetworkScalar>(_ gradient: inout [Scalar], maxNorm: Scalar) -> Scalar {
    clipImplementation(&gradient, maxNorm: maxNorm)
}

@discardableResult
public func clipGradientNorm(_ gradient: inout [Float], maxNorm: Float) -> Float {
    clipImplementation(&gradient, maxNorm: maxNorm)
}

@inline(__always)
func clipImplementation<Scalar: NetworkScalar>(_ gradient: inout [Scalar], maxNorm: Scalar) -> Scalar {
    var sum: Scalar = 0
    gradient.withUnsafeBufferPointer { g in for x in g { sum += x * x } }
    let norm = sum.squareRoot()
    if norm > maxNorm, norm.isFinite {
        let scale = maxNorm / norm
        gradient.withUnsafeMutableBufferPointer { g in for i in 0..<g.count { g[i] *= scale } }
    }
    return norm
}
