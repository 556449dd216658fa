import Foundation

/// One-dimensional Lagrange weights of even order `p` (2, 4, 6 or 8) on the
/// `p` nodes nearest a point, used both ways round:
///
/// - **interpolation**: `f(t) ≈ Σₖ wₖ(t)·f(base + k)`, exact for polynomials of
///   degree < p, error `O(h^p · f⁽ᵖ⁾)`;
/// - **assignment** (the transpose): a unit charge at `t` becomes charges
///   `wₖ(t)` on the nodes. Then `Σₖ wₖ·K(x − node_k)` is the interpolant of
///   `y ↦ K(x − y)` at the charge, so the deposited grid reproduces the
///   point's kernel to the same order, and conserves moments below `p`.
///
/// Order 2 is cloud-in-cell assignment and linear interpolation. Weights can be
/// negative for p > 2.
package struct LagrangeStencil: Sendable {
    let order: Int
    /// Node offsets relative to `floor(t)`: `−(p/2 − 1) … p/2`.
    private let offsets: [Double]
    /// `1 / Πₘ≠ₖ (oₖ − oₘ)`.
    private let inverseDenominators: [Double]

    package init(order: Int) {
        precondition(order >= 2 && order <= 8 && order % 2 == 0, "LagrangeStencil order must be 2, 4, 6 or 8, got \(order)")
        self.order = order
        let offsets = (0..<order).map { Double($0 - (order / 2 - 1)) }
        self.offsets = offsets
        inverseDenominators = (0..<order).map { k in
            1 / (0..<order).reduce(1.0) { $1 == k ? $0 : $0 * (offsets[k] - offsets[$1]) }
        }
    }

    /// Nodes on each side of a point that its stencil reaches: a point at
    /// node coordinate `t` uses nodes `floor(t) − (p/2 − 1) … floor(t) + p/2`.
    var reach: Int { order / 2 }

    /// The first node of the stencil of `t` and the `p` weights (lanes beyond
    /// `p` are zero). The weights sum to 1.
    @inline(__always)
    package func weights(at t: Double) -> (base: Int, weights: SIMD8<Double>) {
        let cell = t.rounded(.down)
        let f = t - cell
        var w = SIMD8<Double>()
        // Prefix and suffix products of (f − oₘ) give each numerator without division.
        var prefix = SIMD8<Double>(repeating: 1), suffix = SIMD8<Double>(repeating: 1)
        var running = 1.0
        for k in 0..<order { prefix[k] = running; running *= f - offsets[k] }
        running = 1
        for k in stride(from: order - 1, through: 0, by: -1) { suffix[k] = running; running *= f - offsets[k] }
        for k in 0..<order { w[k] = prefix[k] * suffix[k] * inverseDenominators[k] }
        return (Int(cell) - (order / 2 - 1), w)
    }
}
