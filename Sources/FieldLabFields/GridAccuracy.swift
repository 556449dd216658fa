/// When the grid is trusted, and how it deposits and interpolates.
///
/// The grid path deposits each point on the `p × p` nearest nodes by Lagrange
/// assignment of order `p`, convolves exactly (FFT, zero-padded), and
/// interpolates the three convolutions back to a query with the same order
/// before dividing. Both steps interpolate the kernel, so the error is that of
/// order-`p` polynomial interpolation of `K` at spacing `h`, roughly `(h/ℓ)^p`
/// with ℓ the kernel's width (σ for the Gaussian). Where a query is deep in a
/// Gaussian's tail the kernel's relative variation per cell, `|∇log K|·h`, is
/// what counts instead; and where `ρ ⊛ K` falls to FFT round-off level (about
/// 10⁻¹⁶ of the total charge) the grid holds no information at all. Queries
/// that fail any of the three checks go to direct summation.
package struct GridAccuracy: Sendable, Hashable {
    /// `p`: order of Lagrange assignment and interpolation (2 = cloud-in-cell + bilinear).
    package var order: Int
    /// The grid is used for a kernel only when `resolutionWidth/h` is at least this.
    package var minimumWidthInCells: Double
    /// A query uses the grid only when `|∇log K|(‖node − D*(node)‖)·h` is at
    /// most this at every node of its stencil.
    package var slopeLimit: Double
    /// ... and `ρ ⊛ K ≥ dynamicRange · Σ|charges|` at every node of its stencil.
    package var dynamicRange: Double

    package init(order: Int, minimumWidthInCells: Double, slopeLimit: Double, dynamicRange: Double) {
        precondition(order >= 2 && order <= 8 && order % 2 == 0, "GridAccuracy order must be 2, 4, 6 or 8")
        self.order = order
        self.minimumWidthInCells = minimumWidthInCells
        self.slopeLimit = slopeLimit
        self.dynamicRange = dynamicRange
    }

    /// The settings `ExactDenoiser` uses, chosen from this measurement: the
    /// worst relative velocity error ‖δv‖/‖v‖ against direct summation, 400
    /// perturbed queries on 2000 moons points, G = 256, by `width/h`
    /// (width = σ, or r/√(2+D)):
    ///
    ///     width/h            3       5       7      10      14      20
    ///     p = 2 Gaussian  1e-1    7e-2    8e-2    1e-1    6e-2    1e-2
    ///     p = 8 Gaussian  9e-5    3e-6    4e-7    1e-8    2e-9    2e-10
    ///     p = 8 D = 1     2e-4    1e-6    3e-7    1e-8    8e-10   3e-11
    ///     p = 8 D = 4     1e-4    4e-6    2e-7    8e-8    7e-9    5e-11
    ///     p = 8 D = 128   1e-4    2e-6    2e-7    1e-8    4e-9    8e-11
    ///
    /// Cloud-in-cell would need width/h in the hundreds for 10⁻⁶; order 8
    /// gets there at about 7, and 12 leaves a margin of 100 or more.
    package static let standard = GridAccuracy(order: 8, minimumWidthInCells: 12, slopeLimit: 0.4,
                                               dynamicRange: 1e-8)
}
