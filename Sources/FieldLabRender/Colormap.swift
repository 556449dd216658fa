/// Perceptually uniform colormaps from matplotlib, for heat maps on a dark background.
///
/// Lightness rises steadily from `t = 0` to `t = 1`, so the eye reads equal
/// steps of the data as equal steps of colour and the picture survives
/// greyscale printing. `magma` and `inferno` start at near-black, which makes
/// empty regions of a density merge with a dark figure background.
public enum Colormap: String, CaseIterable, Sendable {
    case viridis, magma, inferno

    /// The colour at `t`, clamped to [0, 1] (NaN gives the low end), linearly
    /// interpolated between the map's anchors.
    public func color(_ t: Double) -> RGB {
        let table = anchors
        let u = t.isNaN ? 0 : min(max(t, 0), 1) * Double(table.count - 1)
        let i = min(Int(u), table.count - 2)
        let f = u - Double(i)
        let c = table[i] + (table[i + 1] - table[i]) * f
        return RGB(unit: c.x, c.y, c.z)
    }

    /// `count` colours evenly spaced over the map (a colour bar, or a palette
    /// for an ordered series).
    public func colors(count: Int) -> [RGB] {
        precondition(count >= 0, "count must be non-negative")
        if count == 1 { return [color(0.5)] }
        return (0 ..< count).map { color(Double($0) / Double(count - 1)) }
    }

    private var anchors: [SIMD3<Double>] {
        switch self {
        case .viridis: Colormap.viridisAnchors
        case .magma: Colormap.magmaAnchors
        case .inferno: Colormap.infernoAnchors
        }
    }
}
