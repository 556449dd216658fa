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
    /// Node offsets relative to `floor(t)`: `−(p/2 − 1) … p/2` (lanes ≥ p: 0).
    private let offsets: SIMD8<Double>
    /// `1 / Πₘ≠ₖ (oₖ − oₘ)` (lanes ≥ p: 0, so their weights vanish).
    private let inverseDenominators: SIMD8<Double>
    /// 1 on the `p` used lanes, 0 beyond.
    private let used: SIMD8<Double>

    package init(order: Int) {
        precondition(order >= 2 && order <= 8 && order % 2 == 0, "LagrangeStencil order must be 2, 4, 6 or 8, got \(order)")
        self.order = order
        let offsets = (0..<order).map { Double($0 - (order / 2 - 1)) }
        var o = SIMD8<Double>(), inverse = SIMD8<Double>(), used = SIMD8<Double>()
        for k in 0..<order {
            o[k] = offsets[k]
            inverse[k] = 1 / (0..<order).reduce(1.0) { $1 == k ? $0 : $0 * (offsets[k] - offsets[$1]) }
            used[k] = 1
        }
        self.offsets = o
        inverseDenominators = inverse
        self.used = used
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
        // Factors f − oₘ; unused lanes hold 1 so they drop out of the products.
        let d = (SIMD8(repeating: f) - offsets) * used + (1 - used)
        // Prefix and suffix products of the factors give each numerator
        // Πₘ≠ₖ (f − oₘ) without division; whole-vector steps (writing single
        // lanes went through memory and cost most of a deposit).
        // Inclusive scans by shifts of 1, 2, 4 lanes (the lane shifted in is 1).
        let a = SIMD8(1, d[0], d[1], d[2], d[3], d[4], d[5], d[6])            // a[k] = d[k−1]
        let a2 = a * SIMD8(1, a[0], a[1], a[2], a[3], a[4], a[5], a[6])
        let a4 = a2 * SIMD8(1, 1, a2[0], a2[1], a2[2], a2[3], a2[4], a2[5])
        let prefix = a4 * SIMD8(1, 1, 1, 1, a4[0], a4[1], a4[2], a4[3])     // Πₘ<ₖ d[m]
        let b = SIMD8(d[1], d[2], d[3], d[4], d[5], d[6], d[7], 1)            // b[k] = d[k+1]
        let b2 = b * SIMD8(b[1], b[2], b[3], b[4], b[5], b[6], b[7], 1)
        let b4 = b2 * SIMD8(b2[2], b2[3], b2[4], b2[5], b2[6], b2[7], 1, 1)
        let suffix = b4 * SIMD8(b4[4], b4[5], b4[6], b4[7], 1, 1, 1, 1)     // Πₘ>ₖ d[m]
        return (Int(cell) - (order / 2 - 1), prefix * suffix * inverseDenominators)
    }
}
