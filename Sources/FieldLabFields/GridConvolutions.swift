import FieldLabCore

/// The three grid convolutions of the deposited training points with a kernel,
/// at the nodes of `geometry`:
///
///     k  = ρ ⊛ K,   kx = ρ ⊛ (u_x·K),   ky = ρ ⊛ (u_y·K),   u = node − y,
///
/// with `K(0) = 1` (see `FieldKernel`) and ρ the points as unit charges, so
/// at a node `k ≈ Σᵢ K(node − yᵢ)` and `(kx, ky)/k = node − D*(node)`.
/// Arrays are row-major, node `(i, j)` at index `j·G + i`.
public struct GridConvolutions: Sendable {
    public var geometry: GridGeometry
    public var k: [Double]
    public var kx: [Double]
    public var ky: [Double]
}
