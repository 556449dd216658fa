import FieldLabCore

/// One named curve of a line chart (`Plot.lineChart`): a loss curve, a
/// quality metric against training steps, or a sweep's mean with its
/// confidence interval and the curve fitted to it.
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
    /// Per-point vertical error bars, `low ... high` in y data units (e.g. a
    /// 95 % confidence interval of the mean over seeds), one per point, drawn
    /// as whiskers with small caps in the series' colour. A bound that cannot
    /// be drawn (infinite, or ≤ 0 on a log axis) runs the whisker to the edge
    /// of the plot area without a cap. `nil` draws none.
    public var errorBars: [ClosedRange<Double>]?
    /// Whether the line is dashed (for fitted or reference curves) rather than solid.
    public var dashed: Bool = false
    /// Width of the line in pixels.
    public var lineWidth: Double = 1.75

    /// A series from points.
    ///
    /// - Parameters:
    ///   - errorBars: one y interval per point, or nil.
    ///   - dashed: whether to draw the line dashed.
    ///   - lineWidth: the line's width in pixels (must be positive).
    public init(name: String, points: [Point], color: RGB? = nil, markers: Bool = false,
                errorBars: [ClosedRange<Double>]? = nil, dashed: Bool = false, lineWidth: Double = 1.75) {
        if let errorBars {
            precondition(errorBars.count == points.count,
                         "ChartSeries needs one error bar per point, got \(errorBars.count) for \(points.count) points")
        }
        precondition(lineWidth > 0 && lineWidth.isFinite, "ChartSeries line width must be positive, got \(lineWidth)")
        self.name = name
        self.points = points
        self.color = color
        self.markers = markers
        self.errorBars = errorBars
        self.dashed = dashed
        self.lineWidth = lineWidth
    }

    /// A series from parallel arrays of x and y values (e.g. steps and losses).
    public init(name: String, x: [Double], y: [Double], color: RGB? = nil, markers: Bool = false,
                errorBars: [ClosedRange<Double>]? = nil, dashed: Bool = false, lineWidth: Double = 1.75) {
        precondition(x.count == y.count, "ChartSeries needs as many x as y values, got \(x.count) and \(y.count)")
        self.init(name: name, points: zip(x, y).map { Point($0, $1) }, color: color, markers: markers,
                  errorBars: errorBars, dashed: dashed, lineWidth: lineWidth)
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
