import Foundation
import FieldLabCore
import FieldLabFields
import FieldLabMethods
import FieldLabRender

/// A method's exact field at one scale, sampled on a lattice over a region
/// of the plane: at each node the ideal denoiser's output D* and the
/// velocity of the method's ODE there.
public struct FieldMap: Sendable {
    public var scale: Double
    public var columns: Int
    public var rows: Int
    /// Lattice nodes, row-major, row 0 at the bottom (cell centres of the viewport).
    public var nodes: [Point]
    public var denoised: [Point]
    public var velocity: [Point]

    /// Evaluates the exact field of `denoiser`'s points under `method` at `scale`.
    public static func compute(method: any GenerativeMethod, denoiser: ExactDenoiser, scale: Double,
                               viewport: Viewport, columns: Int, rows: Int) -> FieldMap {
        var nodes: [Point] = []
        nodes.reserveCapacity(columns * rows)
        let xs = viewport.xRange, ys = viewport.yRange
        for j in 0..<rows {
            for i in 0..<columns {
                nodes.append(Point(xs.lowerBound + (Double(i) + 0.5) / Double(columns) * (xs.upperBound - xs.lowerBound),
                                   ys.lowerBound + (Double(j) + 0.5) / Double(rows) * (ys.upperBound - ys.lowerBound)))
            }
        }
        var field = ExactField(method: method, denoiser: denoiser)
        let x = nodes.matrix()
        var v = Matrix<Double>(rows: x.rows, columns: 2)
        field.velocity(at: x, time: scale, into: &v)
        let (kernel, queryScale) = method.exactKernel(at: scale)
        let denoised = denoiser.denoise(queryScale == 1 ? x : Matrix(rows: x.rows, columns: 2,
                                                                      storage: x.storage.map { $0 * queryScale }),
                                        kernel: kernel)
        return FieldMap(scale: scale, columns: columns, rows: rows, nodes: nodes,
                        denoised: denoised.points, velocity: v.points)
    }

    /// `x,y,dx,dy,vx,vy`: node, ideal denoiser output D*, velocity.
    public var csv: String {
        var text = "x,y,dx,dy,vx,vy\n"
        for k in nodes.indices {
            let n = nodes[k], d = denoised[k], v = velocity[k]
            text += "\(n.x),\(n.y),\(d.x),\(d.y),\(v.x),\(v.y)\n"
        }
        return text
    }

    /// The speed |v| as a heat map (log scale, magma), with arrows towards
    /// D* (the direction samples move in as the scale shrinks towards the data)
    /// on a coarser lattice, and the training points as faint dots.
    public func picture(viewport: Viewport, size: Int, trainingPoints: [Point], arrowsPerSide: Int = 22) -> Canvas {
        let logSpeed = velocity.map { log10(max(1e-300, ($0 * $0).sum().squareRoot())) }
        var canvas = Plot.heatmap(logSpeed, columns: columns, rows: rows, width: size, height: size, colormap: .magma)
        Plot.drawPoints(Array(trainingPoints.prefix(4000)), on: &canvas, viewport: viewport,
                        color: Theme.point, radius: 0.9, alpha: 0.5)
        var arrows: [(base: Point, vector: Point)] = []
        let step = max(1, columns / arrowsPerSide)
        for j in stride(from: step / 2, to: rows, by: step) {
            for i in stride(from: step / 2, to: columns, by: step) {
                let k = j * columns + i
                arrows.append((nodes[k], denoised[k] - nodes[k]))
            }
        }
        Plot.drawArrows(arrows, on: &canvas, viewport: viewport, length: Double(size) / Double(arrowsPerSide) * 0.7,
                        color: RGB(12, 12, 24), alpha: 0.7)
        return canvas
    }

    /// The exact field of `points` (their own coordinates) at each of
    /// `scales`, as a strip of titled panels, and the lattices behind it.
    public static func strip(method: any GenerativeMethod, points: [Point], scales: [Double],
                             panelSize: Int, resolution: Int, caption: String) -> (picture: Canvas, maps: [FieldMap]) {
        let denoiser = ExactDenoiser(points: points)
        let viewport = Viewport.fitting(points, margin: 0.15)
        let symbol = method.kind == .flowMatching ? "t" : "σ"
        var panels: [(title: String, canvas: Canvas)] = []
        var maps: [FieldMap] = []
        for s in scales {
            let map = compute(method: method, denoiser: denoiser, scale: s, viewport: viewport,
                              columns: resolution, rows: resolution)
            maps.append(map)
            panels.append(("\(symbol) = \(s)", map.picture(viewport: viewport, size: panelSize, trainingPoints: points)))
        }
        return (Plot.panels(panels, columns: panels.count, caption: caption), maps)
    }
}
