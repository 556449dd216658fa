import Foundation
import FieldLabCore

extension Plot {
    /// 2D histogram of `points` as a heat map.
    ///
    /// The picture is divided into square bins of `binSize × binSize` pixels
    /// (automatic when `nil`: about one point per pixel of area, so sparse
    /// samples get coarse bins instead of salt-and-pepper noise, clamped to
    /// 1…8 pixels). A bin with `c ≥ 1` points gets the colour
    /// `colormap(0.12 + 0.88 · g(c))`, where `g` rises from 0 at one point to
    /// 1 at the fullest bin on the chosen `scale`; the 0.12 floor keeps single
    /// points visible. Empty bins get `colormap(0)`, the map's dark low end.
    /// Points outside `viewport` are ignored.
    public static func density(_ points: [Point], viewport: Viewport, width: Int, height: Int,
                               colormap: Colormap = .magma, scale: DensityScale = .log,
                               binSize: Int? = nil) -> Canvas {
        precondition(width > 0 && height > 0, "Density picture size must be positive, got \(width)×\(height)")
        precondition(binSize.map { $0 >= 1 } ?? true, "binSize must be at least 1")

        // Pixel position of every point inside the picture.
        var inside = [(Int, Int)]()
        inside.reserveCapacity(points.count)
        for p in points {
            let (px, py) = viewport.pixel(p, width: width, height: height)
            guard px >= 0, py >= 0, px < Double(width), py < Double(height) else { continue }
            inside.append((Int(px), Int(py)))
        }
        let bin = binSize ?? automaticBinSize(count: inside.count, width: width, height: height)
        let columns = (width + bin - 1) / bin, rows = (height + bin - 1) / bin
        var counts = [Int](repeating: 0, count: columns * rows)
        for (x, y) in inside { counts[(y / bin) * columns + x / bin] += 1 }

        let fullest = counts.max() ?? 0
        let empty = colormap.color(0)
        var canvas = Canvas(width: width, height: height, background: empty)
        guard fullest > 0 else { return canvas }
        // One colour per distinct count, not per pixel.
        var lookup = [Int: RGB]()
        for y in 0 ..< height {
            let binRow = (y / bin) * columns
            for x in 0 ..< width {
                let c = counts[binRow + x / bin]
                guard c > 0 else { continue }
                if let color = lookup[c] {
                    canvas.pixels[y * width + x] = color
                } else {
                    let color = colormap.color(densityLevel(count: c, fullest: fullest, scale: scale))
                    lookup[c] = color
                    canvas.pixels[y * width + x] = color
                }
            }
        }
        return canvas
    }

    /// The colormap position of a bin with `count ≥ 1` points when the fullest has `fullest`.
    static func densityLevel(count: Int, fullest: Int, scale: DensityScale) -> Double {
        let floor = 0.12
        guard fullest > 1 else { return 1 }
        let c = Double(count), m = Double(fullest)
        let g: Double
        switch scale {
        case .log: g = Foundation.log(c) / Foundation.log(m)
        case .sqrt: g = (c.squareRoot() - 1) / (m.squareRoot() - 1)
        case .linear: g = (c - 1) / (m - 1)
        }
        return floor + (1 - floor) * g
    }

    /// Bin edge in pixels giving about one point per pixel of bin area on average over the picture.
    static func automaticBinSize(count: Int, width: Int, height: Int) -> Int {
        guard count > 0 else { return 1 }
        let edge = (Double(width * height) / Double(count)).squareRoot()
        return min(8, max(1, Int(edge.rounded())))
    }
}
