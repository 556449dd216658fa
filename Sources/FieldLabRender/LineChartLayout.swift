import FieldLabCore

/// Where the parts of a `Plot.lineChart` go on a `width × height` canvas,
/// and how data points become pixels in its plot area.
///
/// Margins are sized from the text they hold: the title on top, tick labels
/// and the x label below, the (rotated) y label and the widest y tick label
/// on the left. The plot area is what remains. Its frame is drawn one pixel
/// outside it, so the area itself is all data.
struct LineChartLayout: Sendable {
    static let pad = 12, tickLength = 5, minorTickLength = 2, labelGap = 4, axisTitleGap = 8
    /// Minimum pixels between tick labels: keeps about 5–8 ticks on a 640-wide chart.
    static let xTickSpacing = 80.0, yTickSpacing = 48.0

    let xAxis: ChartAxis, yAxis: ChartAxis
    let plotArea: PixelRect
    let xTicks: (major: [(value: Double, label: String)], minor: [Double])
    let yTicks: (major: [(value: Double, label: String)], minor: [Double])
    /// Font scale of the title: 2, or 1 when the title would not fit at 2.
    let titleScale: Int
    /// Top row of the x-axis label.
    let xLabelTop: Int

    /// - Parameters:
    ///   - markers, referenceLines: annotations whose positions the default
    ///     ranges include (marker lines and bands in x, reference lines in y),
    ///     so that what a chart is meant to point at is on it.
    init(_ series: [ChartSeries], width: Int, height: Int, title: String, xLabel: String, yLabel: String,
         xScale: AxisScale, yScale: AxisScale, xRange: ClosedRange<Double>?, yRange: ClosedRange<Double>?,
         markers: [ChartMarker] = [], referenceLines: [ChartReferenceLine] = []) {
        precondition(width > 0 && height > 0, "lineChart size must be positive, got \(width)×\(height)")
        for s in series {
            if let bars = s.errorBars {
                precondition(bars.count == s.points.count,
                             "Series \"\(s.name)\" has \(bars.count) error bars for \(s.points.count) points")
            }
        }
        let drawable = series.flatMap(\.points).filter {
            ChartAxis.display($0.x, scale: xScale) != nil && ChartAxis.display($0.y, scale: yScale) != nil
        }
        let markerValues = markers.flatMap { [$0.x] + ($0.band.map { [$0.lowerBound, $0.upperBound] } ?? []) }
        let xAxis = xRange.map { ChartAxis(scale: xScale, range: $0) }
            ?? ChartAxis(scale: xScale, fitting: drawable.map(\.x) + markerValues)
        func shown(_ x: Double) -> Bool {
            xRange == nil || xAxis.fraction(x).map { $0 >= 0 && $0 <= 1 } == true
        }
        // Error bars count where their point's x is shown, whether or not its y can be drawn.
        let barValues = series.flatMap { s in
            zip(s.points, s.errorBars ?? []).filter { ChartAxis.display($0.0.x, scale: xScale) != nil && shown($0.0.x) }
                .flatMap { [$0.1.lowerBound, $0.1.upperBound] }
        }
        let yAxis = yRange.map { ChartAxis(scale: yScale, range: $0) }
            ?? ChartAxis(scale: yScale, fitting: drawable.filter { shown($0.x) }.map(\.y) + barValues
                                                  + referenceLines.map(\.y))
        self.xAxis = xAxis
        self.yAxis = yAxis

        let pad = Self.pad, textHeight = BitmapFont.cellHeight, capHeight = BitmapFont.capHeight
        titleScale = Canvas.textSize(title, scale: 2).width <= width - 2 * pad ? 2 : 1
        let top = pad + (title.isEmpty ? 0 : Canvas.textSize(title, scale: titleScale).height + 8)
        let belowPlot = 1 + Self.tickLength + Self.labelGap + capHeight
        let bottom = belowPlot + (xLabel.isEmpty ? 0 : Self.axisTitleGap + textHeight) + pad
        let plotHeight = max(1, height - top - bottom)
        let yTicks = yAxis.ticks(length: plotHeight, minimumSpacing: Self.yTickSpacing)
        let yLabelWidth = yTicks.major.map { Canvas.textSize($0.label).width }.max() ?? 0
        let left = pad + (yLabel.isEmpty ? 0 : textHeight + Self.axisTitleGap)
            + yLabelWidth + Self.labelGap + Self.tickLength + 1
        // The rightmost x label may hang half its width past the plot area.
        let provisional = xAxis.ticks(length: max(1, width - left - pad), minimumSpacing: Self.xTickSpacing)
        let overhang = (provisional.major.last.map { Canvas.textSize($0.label).width } ?? 0) / 2
        let right = max(pad, overhang + 2)
        let plotWidth = max(1, width - left - right)
        var xTicks = xAxis.ticks(length: plotWidth, minimumSpacing: Self.xTickSpacing)
        let widest = xTicks.major.map { Canvas.textSize($0.label).width }.max() ?? 0
        if Double(widest + 16) > Self.xTickSpacing {
            xTicks = xAxis.ticks(length: plotWidth, minimumSpacing: Double(widest + 16))
        }
        self.xTicks = xTicks
        self.yTicks = yTicks
        plotArea = PixelRect(x: left, y: top, width: plotWidth, height: plotHeight)
        xLabelTop = top + plotHeight + belowPlot + Self.axisTitleGap
    }

    /// The drawable stretches of `series` in display coordinates: a point
    /// that cannot be drawn ends one stretch, the next drawable point starts another.
    func runs(of series: ChartSeries) -> [[Point]] {
        var runs = [[Point]](), current = [Point]()
        for p in series.points {
            if let u = xAxis.display(p.x), let v = yAxis.display(p.y) {
                current.append(Point(u, v))
            } else if !current.isEmpty {
                runs.append(current); current = []
            }
        }
        if !current.isEmpty { runs.append(current) }
        return runs
    }

    /// Continuous pixel coordinates inside the plot area (origin at its
    /// top-left corner) of a point in display coordinates.
    func pixelInPlot(_ u: Point) -> (Double, Double) {
        (xAxis.fraction(ofDisplay: u.x) * Double(plotArea.width),
         (1 - yAxis.fraction(ofDisplay: u.y)) * Double(plotArea.height))
    }

    /// The canvas column of data value `x`, or nil outside the plot area.
    func column(of x: Double) -> Int? {
        guard let f = xAxis.fraction(x), f >= -1e-9, f <= 1 + 1e-9 else { return nil }
        return plotArea.x + min(plotArea.width - 1, max(0, Int((f * Double(plotArea.width)).rounded(.down))))
    }

    /// The canvas row of data value `y`, or nil outside the plot area.
    func row(of y: Double) -> Int? {
        guard let f = yAxis.fraction(y), f >= -1e-9, f <= 1 + 1e-9 else { return nil }
        return plotArea.y + min(plotArea.height - 1, max(0, Int(((1 - f) * Double(plotArea.height)).rounded(.down))))
    }

    /// `run` with each y replaced by the mean of the y values in a centred
    /// window of `window` points (`window / 2` before and `(window − 1) / 2`
    /// after; shorter at the ends of the run, where only the points that
    /// exist are averaged). x is kept, so the smoothed curve does not lag.
    static func smoothed(_ run: [Point], window: Int) -> [Point] {
        guard window > 1, run.count > 1 else { return run }
        var prefix = [0.0]
        prefix.reserveCapacity(run.count + 1)
        for p in run { prefix.append(prefix[prefix.count - 1] + p.y) }
        let before = window / 2, after = (window - 1) / 2
        return run.indices.map { i in
            let lo = max(0, i - before), hi = min(run.count - 1, i + after)
            return Point(run[i].x, (prefix[hi + 1] - prefix[lo]) / Double(hi - lo + 1))
        }
    }
}
