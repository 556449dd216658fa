import FieldLabCore
import Foundation

/// The state behind an `ExactDenoiser`: the points, their cell list, the FFT
/// plans and buffers, and a small least-recently-used cache of node fields per
/// kernel (a sampler evaluates one kernel for a whole batch, then moves on).
final class FieldEngine: @unchecked Sendable {
    static let cacheCapacity = 4

    let points: [Point]
    let gridSize: Int
    let box: GridBox?
    let accuracy: GridAccuracy
    let stencil: LagrangeStencil
    let cells: CellList
    private let lower: Point
    private let upper: Point

    private let lock = NSLock()
    private let fftLock = NSLock()
    private var fft: FFTConvolution?
    private var separable: SeparableConvolution?
    /// Most recently used last.
    private var cache: [(kernel: FieldKernel, field: NodeField?)] = []

    init(points: [Point], gridSize: Int, box: GridBox?, accuracy: GridAccuracy) {
        precondition(!points.isEmpty, "ExactDenoiser needs at least one point")
        precondition(points.allSatisfy { $0.x.isFinite && $0.y.isFinite }, "ExactDenoiser points must be finite")
        precondition(gridSize >= 2 * accuracy.order + 4,
                     "ExactDenoiser gridSize must be at least \(2 * accuracy.order + 4), got \(gridSize)")
        self.points = points
        self.gridSize = gridSize
        self.box = box
        self.accuracy = accuracy
        stencil = LagrangeStencil(order: accuracy.order)
        cells = CellList(points: points)
        var lo = points[0], hi = points[0]
        for p in points { lo = pointwiseMin(lo, p); hi = pointwiseMax(hi, p) }
        lower = lo
        upper = hi
    }

    // MARK: Geometry

    /// Nodes kept free between the data and the grid's edge, so every
    /// deposited point's stencil fits: `p/2`.
    private var padding: Double { Double(stencil.reach) }

    /// The grid for `kernel`, and whether the grid resolves the kernel.
    ///
    /// With a fixed box the grid is that box (grown if the points stick out).
    /// Otherwise it is centred on the points' bounding box and extends past it
    /// by the kernel's query spread (4σ, or the PFGM++ radius's 99th
    /// percentile), but never so far that the spacing stops resolving the
    /// kernel; when even the bare bounding box is too coarse the kernel goes to
    /// direct summation and the grid (bounding box only) serves pictures.
    func geometry(for kernel: FieldKernel) -> (geometry: GridGeometry, resolved: Bool) {
        let g = gridSize
        let halfNodes = Double(g - 1) / 2 - padding
        let width = kernel.resolutionWidth
        let spacing: Double, center: Point
        if let box {
            center = box.center
            let reach = max(abs(lower.x - center.x), abs(upper.x - center.x),
                            abs(lower.y - center.y), abs(upper.y - center.y))
            spacing = max(2 * box.halfWidth / Double(g - 1), reach / halfNodes)
        } else {
            center = (lower + upper) / 2
            let extent = max(upper.x - lower.x, upper.y - lower.y) / 2
            let largest = halfNodes * width / accuracy.minimumWidthInCells
            let half = largest >= extent ? min(extent + kernel.querySpread, largest) : extent
            spacing = half / halfNodes
        }
        let origin = center - spacing * Double(g - 1) / 2
        let geometry = GridGeometry(origin: origin, spacing: spacing, size: g)
        // The tolerance keeps a box sized exactly at the limit (half == largest) resolved.
        return (geometry, width / spacing >= accuracy.minimumWidthInCells * (1 - 1e-9))
    }

    // MARK: Convolutions

    /// Unit charges at the points, spread on the grid by Lagrange assignment,
    /// and (when `center` is given) the same charges times `y − center`, the
    /// first moments. Also returns Σ|charge|, the scale of the FFT's round-off.
    func deposit(on geometry: GridGeometry, momentsAbout center: Point?)
        -> (charges: [Double], xMoments: [Double], yMoments: [Double], magnitude: Double) {
        let g = geometry.size, p = stencil.order
        var charges = [Double](repeating: 0, count: g * g)
        var xMoments = center == nil ? [] : charges, yMoments = xMoments
        charges.withUnsafeMutableBufferPointer { cb in
            xMoments.withUnsafeMutableBufferPointer { xb in
                yMoments.withUnsafeMutableBufferPointer { yb in
                    // (An empty array's buffer can still have a base address.)
                    let c = cb.baseAddress!
                    let xm = center == nil ? nil : xb.baseAddress, ym = center == nil ? nil : yb.baseAddress
                    for y in points {
                        let t = geometry.gridCoordinates(y)
                        let (bx, wx) = stencil.weights(at: t.x)
                        let (by, wy) = stencil.weights(at: t.y)
                        precondition(bx >= 0 && by >= 0 && bx + p <= g && by + p <= g, "deposit: point outside the grid")
                        // All 8 lanes are touched (lanes ≥ p carry weight 0), so the
                        // vector path needs 8 columns of room.
                        let vector = bx + 8 <= g
                        let m = center.map { y - $0 } ?? .zero
                        for b in 0..<p {
                            let row = (by + b) * g + bx
                            let w = wx * wy[b]
                            if vector {
                                Self.add(w, to: c + row)
                                if let xm, let ym {
                                    Self.add(w * m.x, to: xm + row)
                                    Self.add(w * m.y, to: ym + row)
                                }
                            } else {
                                for a in 0..<p {
                                    c[row + a] += w[a]
                                    if let xm, let ym {
                                        xm[row + a] += w[a] * m.x
                                        ym[row + a] += w[a] * m.y
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        return (charges, xMoments, yMoments, charges.reduce(0) { $0 + abs($1) })
    }

    @inline(__always)
    private static func add(_ w: SIMD8<Double>, to target: UnsafeMutablePointer<Double>) {
        let raw = UnsafeMutableRawPointer(target)
        raw.storeBytes(of: raw.loadUnaligned(as: SIMD8<Double>.self) + w, as: SIMD8<Double>.self)
    }

    /// K (and, with `moments`, u_x K and u_y K) at every offset of the padded
    /// array in wrap order (offset a or a − P along each axis).
    private func sampledKernel(_ kernel: FieldKernel, geometry: GridGeometry, moments: Bool)
        -> (k: [Double], ux: [Double], uy: [Double]) {
        let g = geometry.size, p = 2 * g, h = geometry.spacing
        var kValues = [Double](repeating: 0, count: p * p)
        var xValues = moments ? kValues : [], yValues = xValues
        kValues.withUnsafeMutableBufferPointer { kb in
            xValues.withUnsafeMutableBufferPointer { xb in
                yValues.withUnsafeMutableBufferPointer { yb in
                    let k = SendablePointer(kb.baseAddress!)
                    let ux = moments ? SendablePointer(xb.baseAddress!) : nil
                    let uy = moments ? SendablePointer(yb.baseAddress!) : nil
                    Parallel.forEachChunk(count: p, minimumPerChunk: 64) { _, rows in
                        for b in rows {
                            let dy = h * Double(b < g ? b : b - p)
                            for a in 0..<p {
                                let dx = h * Double(a < g ? a : a - p)
                                let value = kernel.value(squaredDistance: dx * dx + dy * dy)
                                k.base[b * p + a] = value
                                if let ux, let uy {
                                    ux.base[b * p + a] = dx * value
                                    uy.base[b * p + a] = dy * value
                                }
                            }
                        }
                    }
                }
            }
        }
        return (kValues, xValues, yValues)
    }

    /// ρ ⊛ K and the two numerators of D* in `form`, at the nodes: one axis
    /// at a time for a kernel that factors (the Gaussian), by 2-D FFTs otherwise.
    func nodeSums(kernel: FieldKernel, geometry: GridGeometry, form: NumeratorForm) -> NodeSums {
        if let factor = kernel.axisFactor {
            return separableNodeSums(factor: factor, geometry: geometry, form: form)
        }
        // Independent transforms go through the batch calls: the cores take one each.
        let fft = convolution()
        switch form {
        case .displacement:
            let (charges, _, _, magnitude) = deposit(on: geometry, momentsAbout: nil)
            let sampled = sampledKernel(kernel, geometry: geometry, moments: true)
            let s = fft.spectra(of: [.grid(charges), .kernel(sampled.k), .kernel(sampled.ux), .kernel(sampled.uy)])
            let sums = fft.convolve([(s[0], s[1]), (s[0], s[2]), (s[0], s[3])])
            return NodeSums(geometry: geometry, form: form, chargeMagnitude: magnitude,
                            k: sums[0], nx: sums[1], ny: sums[2])
        case .mean(let center):
            let (charges, xMoments, yMoments, magnitude) = deposit(on: geometry, momentsAbout: center)
            let k = sampledKernel(kernel, geometry: geometry, moments: false).k
            let s = fft.spectra(of: [.kernel(k), .grid(charges), .grid(xMoments), .grid(yMoments)])
            let sums = fft.convolve([(s[1], s[0]), (s[2], s[0]), (s[3], s[0])])
            return NodeSums(geometry: geometry, form: form, chargeMagnitude: magnitude,
                            k: sums[0], nx: sums[1], ny: sums[2])
        }
    }

    /// `nodeSums` for `K(u) = f(u_x)·f(u_y)`: the moment kernels factor too,
    /// `u_x·K = (u_x·f(u_x))·f(u_y)`, so only the 1-D factors `f` and `d·f(d)`
    /// are sampled and transformed.
    private func separableNodeSums(factor: (Double) -> Double, geometry: GridGeometry,
                                   form: NumeratorForm) -> NodeSums {
        typealias Term = SeparableConvolution.Term
        let convolution = separableConvolution()
        let h = geometry.spacing
        let f = convolution.spectrum(ofFactor: convolution.wrapOrderFactor { factor(h * Double($0)) })
        switch form {
        case .displacement:
            let moment = convolution.spectrum(ofFactor: convolution.wrapOrderFactor { a in
                let d = h * Double(a)
                return d * factor(d)
            })
            let (charges, _, _, magnitude) = deposit(on: geometry, momentsAbout: nil)
            let sums = convolution.convolve([charges], factors: [f, moment], terms: [
                Term(input: 0, x: 0, y: 0), Term(input: 0, x: 1, y: 0), Term(input: 0, x: 0, y: 1),
            ])
            return NodeSums(geometry: geometry, form: form, chargeMagnitude: magnitude,
                            k: sums[0], nx: sums[1], ny: sums[2])
        case .mean(let center):
            let (charges, xMoments, yMoments, magnitude) = deposit(on: geometry, momentsAbout: center)
            let sums = convolution.convolve([charges, xMoments, yMoments], factors: [f], terms: [
                Term(input: 0, x: 0, y: 0), Term(input: 1, x: 0, y: 0), Term(input: 2, x: 0, y: 0),
            ])
            return NodeSums(geometry: geometry, form: form, chargeMagnitude: magnitude,
                            k: sums[0], nx: sums[1], ny: sums[2])
        }
    }

    /// ρ ⊛ K, ρ ⊛ u_x K and ρ ⊛ u_y K at the nodes.
    func convolutions(kernel: FieldKernel, geometry: GridGeometry) -> GridConvolutions {
        let sums = nodeSums(kernel: kernel, geometry: geometry, form: .displacement)
        return GridConvolutions(geometry: geometry, k: sums.k, kx: sums.nx, ky: sums.ny)
    }

    /// The node field of a resolved kernel (cached), or nil for one that goes
    /// to direct summation.
    func nodeField(for kernel: FieldKernel) -> NodeField? {
        lock.lock()
        defer { lock.unlock() }
        if let index = cache.firstIndex(where: { $0.kernel == kernel }) {
            let entry = cache.remove(at: index)
            cache.append(entry)
            return entry.field
        }
        let (geometry, resolved) = geometry(for: kernel)
        var field: NodeField?
        if resolved {
            let sums = nodeSums(kernel: kernel, geometry: geometry, form: .mean(center: (lower + upper) / 2))
            field = NodeField(sums: sums, kernel: kernel, stencil: stencil, accuracy: accuracy)
        }
        cache.append((kernel, field))
        if cache.count > Self.cacheCapacity { cache.removeFirst() }
        return field
    }

    /// The separable convolution for this grid size, made on first use.
    private func separableConvolution() -> SeparableConvolution {
        fftLock.lock()
        defer { fftLock.unlock() }
        if let separable { return separable }
        let made = SeparableConvolution(gridSize: gridSize)
        separable = made
        return made
    }

    /// The FFT for this grid size, made on first use.
    private func convolution() -> FFTConvolution {
        fftLock.lock()
        defer { fftLock.unlock() }
        if let fft { return fft }
        let made = FFTConvolution(gridSize: gridSize)
        fft = made
        return made
    }
}
