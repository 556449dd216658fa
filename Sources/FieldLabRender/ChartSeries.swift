import FieldLabCore

/// One named curve of a line chart (`Plot.lineChart`): a loss curve, or a
/// quality metric against training steps.
///
/// Points are drawn in the order given, joined by straight segments. A point
/// that cannot be drawn (a non-finite coordinate, or a value ≤ 0 on a log
/// axis) breaks the line there instead of being bridged, so a diverged step
/// shows as a gap rather than as a misleading straight segment.
public struct ChartSeries: Sendable {
    /// The name shown in the legend (an empty name gets no legend entry).
    public var name: String
    /// The points `(x, y)` in data units, in drawing order.
    public var points: [Point]
    /// The line colour; `nil` takes `Theme.palette[index]` from the series'
    /// position in the chart, so a chart's series stay distinct by default.
    public var color: RGB?
    /// Whether every drawable point gets a dot (for sparse evaluations such
    /// as quality measured every few thousand steps).
    public var markers: Bool

    public init(name: String, points: [Point], color: RGB? = nil, markers: Bool = false) {
        self.name = name
        self.points = points
        self.color = color
        self.markers = markers
    }

    /// A series from parallel arrays of x and y values (e.g. steps and losses).
    public init(name: String, x: [Double], y: [Double], color: RGB? = nil, markers: Bool = false) {
        precondition(x.count == y.count, "ChartSeries needs as many x as y values, got \(x.count) and \(y.count)")
        self.init(name: name, points: zip(x, y).map { Point($0, $1) }, color: color, markers: markers)
    }
}

/// How data values map to positions along a chart axis.
public enum AxisScale: Sendable, Equatable {
    /// Position proportional to the value; ticks on 1-2-5 steps.
    case linear
    /// Position proportional to `log10(value)`; ticks on decades. Only
    /// positive values can be drawn. The right scale for losses and for
    /// step counts that span several orders of magnitude.
    case log
}
