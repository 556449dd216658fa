import FieldLabCore
import Foundation

/// What the two numerator grids hold besides `k = ρ ⊛ K`.
///
/// Both give D*. The denoiser uses the mean form: the relative error of each
/// point's weight enters D* as Σ δwᵢ·(yᵢ − D*)/Σ wᵢ whichever centre is used,
/// but the displacement form then subtracts, D* = x − n/k, and loses D* when
/// x is far away (flow matching near t = 0 asks for D* at x/t ~ 10⁸: errors of
/// 10⁻³ against 10⁻¹⁴ measured at σ = 10⁸). Near the data the two measured
/// alike. `gridConvolutions` returns the displacement form, the field itself.
enum NumeratorForm: Equatable {
    /// `n = ρ ⊛ uK`, `D* = x − n/k`.
    case displacement
    /// `n = (ρ·(y − center)) ⊛ K`, `D* = center + n/k`.
    case mean(center: Point)
}

/// `k = ρ ⊛ K` and the numerators `(nx, ny)` at the nodes, row-major.
struct NodeSums {
    let geometry: GridGeometry
    let form: NumeratorForm
    /// Σ|charge|: the scale of the FFT's round-off in `k`.
    let chargeMagnitude: Double
    let k: [Double]
    let nx: [Double]
    let ny: [Double]
}

/// The convolutions at every grid node for one kernel, with a flag per
/// node that says whether a query may interpolate from it (see `GridAccuracy`).
///
/// The convolutions are interpolated one by one and divided at the query.
/// Each is a sum of kernels, so it interpolates as well as one kernel does;
/// the ratio `x − D*` itself is rougher (its derivatives are the posterior's
/// cumulants over σ^2k): at σ = 10h interpolating it gave a worst error of
/// 5·10⁻⁶ against 10⁻⁸ for the sums.
struct NodeField: Sendable {
    let geometry: GridGeometry
    let stencil: LagrangeStencil
    let form: NumeratorForm
    private let k: [Double]
    private let nx: [Double]
    private let ny: [Double]
    private let usable: [Bool]

    init(sums: NodeSums, kernel: FieldKernel, stencil: LagrangeStencil, accuracy: GridAccuracy) {
        geometry = sums.geometry
        self.stencil = stencil
        form = sums.form
        let n = sums.k.count, h = geometry.spacing, g = geometry.size
        var usable = [Bool](repeating: false, count: n)
        let floor = accuracy.dynamicRange * sums.chargeMagnitude
        for m in 0..<n where sums.k[m] > floor && sums.k[m].isFinite {
            // node − D*(node): how far into the kernel's tail this node sits.
            var d = Point(sums.nx[m], sums.ny[m]) / sums.k[m]
            if case .mean(let center) = form { d = geometry.node(m % g, m / g) - center - d }
            usable[m] = kernel.logSlope(distance: (d * d).sum().squareRoot()) * h <= accuracy.slopeLimit
        }
        k = sums.k
        nx = sums.nx
        ny = sums.ny
        self.usable = usable
    }

    /// D*(x) interpolated from the nodes, or nil when `x`'s stencil leaves
    /// the grid or touches a node the grid cannot answer for.
    func denoised(at x: Point) -> Point? {
        let t = geometry.gridCoordinates(x)
        let g = geometry.size, p = stencil.order, reach = stencil.reach
        // Range checks in Double first: a query 10⁶ cells away must not trap in Int().
        guard t.x >= Double(reach - 1), t.y >= Double(reach - 1),
              t.x < Double(g - reach), t.y < Double(g - reach) else { return nil }
        let (bx, wx) = stencil.weights(at: t.x)
        let (by, wy) = stencil.weights(at: t.y)
        guard bx >= 0, by >= 0, bx + p <= g, by + p <= g else { return nil }
        var s = SIMD4<Double>()  // (k, nx, ny, unused)
        for b in 0..<p {
            let row = (by + b) * g + bx
            var r = SIMD4<Double>()
            for a in 0..<p {
                let m = row + a
                guard usable[m] else { return nil }
                r.addProduct(SIMD4(k[m], nx[m], ny[m], 0), SIMD4(repeating: wx[a]))
            }
            s.addProduct(r, SIMD4(repeating: wy[b]))
        }
        guard s[0] > 0 else { return nil }
        let ratio = Point(s[1], s[2]) / s[0]
        switch form {
        case .displacement: return x - ratio
        case .mean(let center): return center + ratio
        }
    }
}
