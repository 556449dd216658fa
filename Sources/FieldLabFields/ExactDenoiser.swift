import FieldLabCore
import Foundation

/// How an `ExactDenoiser` evaluates a kernel.
public enum EvaluationPath: Sendable, Equatable {
    /// FFT convolutions on a grid, interpolated to the queries (queries the
    /// grid cannot answer still fall back to direct summation).
    case grid
    /// Direct summation over the points near each query (cell list).
    case direct
}

/// The exact ideal (Bayes-optimal) denoiser of a fixed point set,
///
///     D*(x) = Σᵢ K(x − yᵢ)·yᵢ / Σᵢ K(x − yᵢ) = x − (ρ ⊛ uK)(x) / (ρ ⊛ K)(x),
///
/// evaluated on batches of queries in double precision. It is what a
/// network trained on exactly these points would learn if it learned perfectly
/// (DESIGN.md §1): EDM at σ uses `.gaussian(sigma: σ)`, PFGM++ uses
/// `.poissonFlow(sigma: σ, extraDimensions: D)`, and flow matching at time t is
/// the Gaussian with σ = (1 − t)/t evaluated at x/t.
///
/// **Grid path.** The points are deposited on a `G × G` grid by order-8
/// Lagrange assignment, once as unit charges ρ and once as charges times
/// their offset from the data's centre; both are convolved with K by
/// zero-padded real FFTs (the Gaussian one axis at a time,
/// `SeparableConvolution`; PFGM++'s kernel by 2-D transforms,
/// `FFTConvolution`), interpolated back at the queries
/// with the same order, and divided: D* = c + ((ρ·(y − c)) ⊛ K)/(ρ ⊛ K). The
/// grid follows the kernel: it covers the points plus the region where
/// queries at that scale fall, as far as the spacing still resolves the
/// kernel (width ≥ 12h, width = σ or r/√(2+D)).
///
/// **Direct path.** Kernels narrower than the grid can resolve, queries
/// outside the grid, queries in a kernel's far tail and queries where `ρ ⊛ K`
/// is at round-off level are summed directly over the points within the
/// kernel's reach (a cell list; log-domain weights, so nothing overflows).
///
/// Both paths agree with `DirectSummation` over all points to a velocity
/// error `‖δv‖/max(‖v‖, 1)` below 10⁻⁶, v = (x − D*)/σ (measured: below
/// 2·10⁻⁸ on the grid, 10⁻¹³ direct). Results depend only on the
/// kernel and the query, never on the batch or the thread count.
public struct ExactDenoiser: Sendable {
    private let engine: FieldEngine

    /// A denoiser of `points` whose grid box is chosen from the points and
    /// each kernel's scale; `gridSize` is `G` (the FFTs are `2G × 2G`).
    public init(points: [Point], gridSize: Int = 256) {
        engine = FieldEngine(points: points, gridSize: gridSize, box: nil, accuracy: .standard)
    }

    /// A denoiser whose grid always covers `box` (grown if the points stick
    /// out): for pictures of a fixed region. Kernels the box's spacing does
    /// not resolve go to direct summation.
    public init(points: [Point], gridSize: Int = 256, box: GridBox) {
        engine = FieldEngine(points: points, gridSize: gridSize, box: box, accuracy: .standard)
    }

    /// A denoiser with explicit grid accuracy settings (for error studies).
    package init(points: [Point], gridSize: Int, box: GridBox?, accuracy: GridAccuracy) {
        engine = FieldEngine(points: points, gridSize: gridSize, box: box, accuracy: accuracy)
    }

    /// The training points.
    public var points: [Point] { engine.points }
    /// `G`, nodes per side of the grid.
    public var gridSize: Int { engine.gridSize }

    /// D*(x) for each row of an `n × 2` matrix of queries. Finite for every
    /// finite query, however far or however narrow the kernel.
    public func denoise(_ queries: Matrix<Double>, kernel: FieldKernel) -> Matrix<Double> {
        precondition(queries.columns == 2, "denoise needs an n × 2 matrix of queries, got \(queries.rows)×\(queries.columns)")
        var output = Matrix<Double>(rows: queries.rows, columns: 2)
        var paths = [EvaluationPath](repeating: .direct, count: queries.rows)
        evaluate(queries.storage, kernel: kernel, into: &output.storage, paths: &paths)
        return output
    }

    /// D*(x) at one query. Builds the kernel's grid if the kernel uses one (a
    /// few milliseconds, then cached), so batches are the efficient way.
    public func denoise(_ x: Point, kernel: FieldKernel) -> Point {
        denoise([x].matrix(), kernel: kernel).points[0]
    }

    /// D*(x) for each query, and the path each query took.
    package func denoiseWithPaths(_ queries: [Point], kernel: FieldKernel) -> (denoised: [Point], paths: [EvaluationPath]) {
        var output = [Double](repeating: 0, count: 2 * queries.count)
        var paths = [EvaluationPath](repeating: .direct, count: queries.count)
        evaluate(queries.matrix().storage, kernel: kernel, into: &output, paths: &paths)
        return ((0..<queries.count).map { Point(output[2 * $0], output[2 * $0 + 1]) }, paths)
    }

    /// Whether `kernel` is evaluated on the grid (`.grid`) or entirely by direct summation.
    public func path(for kernel: FieldKernel) -> EvaluationPath {
        kernel.validate()
        return engine.geometry(for: kernel).resolved ? .grid : .direct
    }

    /// The grid `kernel` is (or, for a direct-path kernel, would be) evaluated on.
    public func geometry(for kernel: FieldKernel) -> GridGeometry {
        kernel.validate()
        return engine.geometry(for: kernel).geometry
    }

    /// ρ ⊛ K, ρ ⊛ u_x K and ρ ⊛ u_y K at the nodes of `geometry(for: kernel)`,
    /// with `K(0) = 1` (for pictures and benchmarks). Computed for any kernel;
    /// for one the grid does not resolve they are only as good as the grid.
    public func gridConvolutions(kernel: FieldKernel) -> GridConvolutions {
        kernel.validate()
        return engine.convolutions(kernel: kernel, geometry: engine.geometry(for: kernel).geometry)
    }

    // MARK: Private

    private func evaluate(_ queries: [Double], kernel: FieldKernel, into output: inout [Double],
                          paths: inout [EvaluationPath]) {
        kernel.validate()
        let count = queries.count / 2
        guard count > 0 else { return }
        let field = engine.nodeField(for: kernel)
        let cells = engine.cells
        queries.withUnsafeBufferPointer { qb in
            output.withUnsafeMutableBufferPointer { ob in
                paths.withUnsafeMutableBufferPointer { pb in
                    let q = SendableConstPointer(qb.baseAddress!), o = SendablePointer(ob.baseAddress!)
                    let path = SendablePointer(pb.baseAddress!)
                    Parallel.forEachChunk(count: count, minimumPerChunk: 64) { _, range in
                        for n in range {
                            let x = Point(q.base[2 * n], q.base[2 * n + 1])
                            let d: Point
                            if let grid = field?.denoised(at: x) {
                                d = grid
                                path.base[n] = .grid
                            } else {
                                d = cells.denoise(x, kernel: kernel)
                                path.base[n] = .direct
                            }
                            o.base[2 * n] = d.x
                            o.base[2 * n + 1] = d.y
                        }
                    }
                }
            }
        }
    }
}
