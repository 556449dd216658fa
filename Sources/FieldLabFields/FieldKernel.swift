import Foundation

/// The kernel `K(u)` (u ∈ ℝ²) whose weighted mean is a method's ideal denoiser,
///
///     D*(x) = Σᵢ K(x − yᵢ)·yᵢ / Σᵢ K(x − yᵢ).
///
/// Kernels are normalised to `K(0) = 1`; the normalisation cancels in D*, and
/// it keeps `r^−(2+D)` from underflowing at large `D`.
public enum FieldKernel: Sendable, Equatable, Hashable {
    /// `K(u) = exp(−‖u‖²/(2σ²))`: EDM diffusion at noise level σ (and flow
    /// matching at time t, with σ = (1 − t)/t applied to x/t).
    case gaussian(sigma: Double)
    /// `K(u) = (1 + ‖u‖²/r²)^(−(2+D)/2)`: PFGM++ with `D` extra dimensions at
    /// radius `r` (Xu et al. 2023). `u·K` is the field of a point charge in
    /// `2 + D` dimensions restricted to the data plane; `D = 1` is PFGM, and
    /// `D → ∞` with `r = σ√D` is the Gaussian.
    case poisson(radius: Double, extraDimensions: Double)

    /// The PFGM++ kernel aligned with EDM's noise level: `r = σ√D`.
    public static func poissonFlow(sigma: Double, extraDimensions: Double) -> FieldKernel {
        .poisson(radius: sigma * extraDimensions.squareRoot(), extraDimensions: extraDimensions)
    }

    /// `log K(u)` at `‖u‖² = squaredDistance`.
    public func logValue(squaredDistance s: Double) -> Double {
        switch self {
        case .gaussian(let sigma): return -s / (2 * sigma * sigma)
        case .poisson(let r, let d): return -(2 + d) / 2 * Foundation.log1p(s / (r * r))
        }
    }

    /// `K(u)` at `‖u‖² = squaredDistance` (K(0) = 1).
    public func value(squaredDistance s: Double) -> Double {
        switch self {
        case .gaussian(let sigma): return Foundation.exp(-s / (2 * sigma * sigma))
        case .poisson(let r, let d):
            let q = 1 + s / (r * r)
            if d == 1 { return 1 / (q * q.squareRoot()) }
            return Foundation.exp(-(2 + d) / 2 * Foundation.log1p(s / (r * r)))
        }
    }

    /// The width of the Gaussian with the same curvature at the peak: σ, or
    /// `r/√(2+D)`. The length the grid must resolve.
    public var peakWidth: Double {
        switch self {
        case .gaussian(let sigma): return sigma
        case .poisson(let r, let d): return r / (2 + d).squareRoot()
        }
    }

    /// The noise level the kernel stands for: σ, or `r/√D` for PFGM++.
    public var noiseScale: Double {
        switch self {
        case .gaussian(let sigma): return sigma
        case .poisson(let r, let d): return r / d.squareRoot()
        }
    }

    /// Checks the parameters (programmer errors: a scale must be positive and finite).
    func validate() {
        switch self {
        case .gaussian(let sigma):
            precondition(sigma > 0 && sigma.isFinite, "Gaussian kernel needs a positive finite sigma, got \(sigma)")
        case .poisson(let r, let d):
            precondition(r > 0 && r.isFinite, "Poisson kernel needs a positive finite radius, got \(r)")
            precondition(d > 0 && d.isFinite, "Poisson kernel needs positive finite extra dimensions, got \(d)")
        }
    }

    /// The largest `excess` whose weight is still at least `e^−logRange`
    /// relative to the nearest point (infinity when every point counts).
    func cutoffExcess(nearest: Double, logRange: Double) -> Double {
        switch self {
        case .gaussian(let sigma): return 2 * sigma * sigma * logRange
        case .poisson(let r, let d): return (r * r + nearest) * Foundation.expm1(2 * logRange / (2 + d))
        }
    }
}

// MARK: What the grid needs to know

extension FieldKernel {
    /// The length the grid spacing is compared with to decide whether the
    /// grid resolves the kernel.
    var resolutionWidth: Double { peakWidth }

    /// How far from the data a query at this scale is likely to be: 4σ for
    /// the Gaussian; for PFGM++ the 99th percentile of the perturbation radius,
    /// r·√(100^(2/D) − 1), and at least 4σ.
    var querySpread: Double {
        switch self {
        case .gaussian(let sigma): return 4 * sigma
        case .poisson(let r, let d):
            let tail = r * Foundation.expm1(2 * Foundation.log(100) / d).squareRoot()
            return max(4 * noiseScale, tail.isFinite ? tail : .greatestFiniteMagnitude)
        }
    }

    /// For a kernel that factors over the axes, `K(u) = f(u_x)·f(u_y)`, the
    /// factor `f` (with `f(0) = 1`); nil for one that does not. The Gaussian
    /// factors, which lets the grid convolve it one axis at a time
    /// (`SeparableConvolution`); PFGM++'s kernel does not.
    var axisFactor: (@Sendable (_ offset: Double) -> Double)? {
        switch self {
        case .gaussian(let sigma):
            let scale = -1 / (2 * sigma * sigma)
            return { d in Foundation.exp(d * d * scale) }
        case .poisson: return nil
        }
    }

    /// `|∇log K(u)|` at `‖u‖ = distance`: how fast the kernel's weight changes
    /// in relative terms, `d/σ²` or `(2+D)·d/(d² + r²)`.
    func logSlope(distance d: Double) -> Double {
        switch self {
        case .gaussian(let sigma): return d / (sigma * sigma)
        case .poisson(let r, let extra): return (2 + extra) * d / (d * d + r * r)
        }
    }
}
