import FieldLabCore
import Foundation

extension Plot {
    /// A line chart on the dark theme: loss curves, or quality against
    /// training steps.
    ///
    /// The picture has a title, a framed plot area with grid lines at the
    /// ticks (1-2-5 steps on a linear axis, decades with faint 2…9 minor
    /// lines on a log axis), tick labels, axis labels (the y label reads
    /// bottom to top) and a legend of colour swatches and names in the
    /// top-right corner of the plot area (or another corner when the
    /// top-right one would hide noticeably more of the curves).
    ///
    /// Each series is an anti-aliased polyline in its colour (`Theme.palette`
    /// by position unless it names one), solid or dashed, with optional dot
    /// markers and error bars (vertical whiskers with caps). Points that
    /// cannot be drawn (non-finite, or ≤ 0 on a log axis) are skipped and
    /// break the line. Curves are clipped to the plot area.
    ///
    /// Annotations for a sweep's result sit between the grid and the curves:
    /// marker bands as translucent vertical strips, marker lines solid and
    /// reference lines dashed; their labels go on top of everything in the
    /// plot area, on a dark backing so they stay readable, and the legend
    /// avoids them as it avoids curves. They get no legend entries.
    ///
    /// - Parameters:
    ///   - xRange, yRange: the data ranges shown; by default the range of
    ///     the drawable points (with their error bars, marker lines and bands,
    ///     and reference lines) padded by 5 % of the span on each side (on a
    ///     log axis, 5 % of the decades). With `xRange` given and `yRange`
    ///     not, y fits only the points inside `xRange`, so zooming into the
    ///     tail of a loss curve rescales y to it.
    ///   - smoothing: a centred moving-average window (in points) for noisy
    ///     curves. The raw curve is then drawn faint and the smoothed one
    ///     solid on top, so both the trend and the noise level stay visible.
    ///     The average is taken in display coordinates (of `log10 y` on a log
    ///     axis, a geometric mean) so that it follows the curve the eye sees;
    ///     it never crosses a break. `nil` or 1 draws the raw curve solid.
    ///   - markers: vertical lines at critical values, with their bands and labels.
    ///   - referenceLines: horizontal dashed lines (a noise floor, a threshold).
    public static func lineChart(_ series: [ChartSeries], width: Int = 640, height: Int = 400,
                                 title: String, xLabel: String, yLabel: String,
                                 xScale: AxisScale = .linear, yScale: AxisScale = .linear,
                                 xRange: ClosedRange<Double>? = nil, yRange: ClosedRange<Double>? = nil,
                                 smoothing: Int? = nil, markers: [ChartMarker] = [],
                                 referenceLines: [ChartReferenceLine] = []) -> Canvas {
        let layout = LineChartLayout(series, width: width, height: height, title: title,
                                     xLabel: xLabel, yLabel: yLabel, xScale: xScale, yScale: yScale,
                                     xRange: xRange, yRange: yRange,
                                     markers: markers, referenceLines: referenceLines)
        let window = smoothing ?? 1
        precondition(window >= 1, "lineChart smoothing window must be at least 1, got \(window)")
        var figure = Canvas(width: width, height: height, background: Theme.background)
        let area = layout.plotArea

        // Plot area: grid, bands, lines, curves, labels, on a canvas of its own (which clips them).
        var plot = Canvas(width: area.width, height: area.height, background: Theme.background)
        drawGrid(on: &plot, layout: layout)
        drawBands(markers, on: &plot, layout: layout)
        let gridOnly = plot                       // bands do not push the legend away
        drawReferenceLines(referenceLines, on: &plot, layout: layout)
        drawMarkerLines(markers, on: &plot, layout: layout)
        drawCurves(series, on: &plot, layout: layout, window: window)
        drawAnnotationLabels(markers: markers, referenceLines: referenceLines, on: &plot, layout: layout)
        figure.blit(plot, x: area.x, y: area.y)
        figure.stroke(rect: PixelRect(x: area.x - 1, y: area.y - 1, width: area.width + 2, height: area.height + 2),
                      color: Theme.frame)

        drawTickLabels(on: &figure, layout: layout)
        drawTitles(on: &figure, layout: layout, title: title, xLabel: xLabel, yLabel: yLabel)
        drawLegend(series, on: &figure, layout: layout, curves: plot, gridOnly: gridOnly)
        return figure
    }

    // MARK: Plot area

    private static let majorGridAlpha = 0.55, minorGridAlpha = 0.22

    private static func drawGrid(on plot: inout Canvas, layout: LineChartLayout) {
        let w = plot.width, h = plot.height
        for (values, alpha) in [(layout.xTicks.minor, minorGridAlpha), (layout.xTicks.major.map(\.value), majorGridAlpha)] {
            for v in values {
                guard let x = layout.column(of: v) else { continue }
                plot.fill(rect: PixelRect(x: x - layout.plotArea.x, y: 0, width: 1, height: h),
                          color: Theme.frame, alpha: alpha)
            }
        }
        for (values, alpha) in [(layout.yTicks.minor, minorGridAlpha), (layout.yTicks.major.map(\.value), majorGridAlpha)] {
            for v in values {
                guard let y = layout.row(of: v) else { continue }
                plot.fill(rect: PixelRect(x: 0, y: y - layout.plotArea.y, width: w, height: 1),
                          color: Theme.frame, alpha: alpha)
            }
        }
    }

    /// Raw curves of every series first (faint when smoothing), then the
    /// solid (or dashed) curves, then error bars, then markers, so no curve
    /// hides another's markers.
    private static func drawCurves(_ series: [ChartSeries], on plot: inout Canvas,
                                   layout: LineChartLayout, window: Int) {
        let runs = series.map { layout.runs(of: $0) }
        let colors = series.indices.map { color(of: series, at: $0) }
        if window > 1 {
            for (index, seriesRuns) in runs.enumerated() {
                for run in seriesRuns where run.count >= 2 {
                    plot.drawPolyline(run.map(layout.pixelInPlot), color: colors[index], alpha: 0.3, thickness: 1)
                }
            }
        }
        let solid = runs.map { seriesRuns in
            window > 1 ? seriesRuns.map { LineChartLayout.smoothed($0, window: window) } : seriesRuns
        }
        for (index, seriesRuns) in solid.enumerated() {
            let s = series[index]
            for run in seriesRuns {
                let pixels = run.map(layout.pixelInPlot)
                if pixels.count >= 2 {
                    if s.dashed {
                        plot.drawDashedPolyline(pixels, color: colors[index], thickness: s.lineWidth,
                                                dash: 4 * s.lineWidth + 1, gap: 2 * s.lineWidth + 2)
                    } else {
                        plot.drawPolyline(pixels, color: colors[index], thickness: s.lineWidth)
                    }
                } else if let only = pixels.first, !s.markers {
                    plot.drawDot(at: only, radius: 1.5, color: colors[index])   // an isolated point stays visible
                }
            }
        }
        for (index, s) in series.enumerated() {
            drawErrorBars(of: s, on: &plot, layout: layout, color: colors[index])
        }
        for (index, seriesRuns) in solid.enumerated() where series[index].markers {
            for p in seriesRuns.joined() {
                let pixel = layout.pixelInPlot(p)
                plot.drawDot(at: pixel, radius: 4, color: Theme.background)     // halo separates crossing curves
                plot.drawDot(at: pixel, radius: 2.75, color: colors[index])
            }
        }
    }

    /// Half the width of an error bar's cap, in pixels beside the whisker.
    static let errorBarCapHalfWidth = 3

    /// Error bars of `series`: a one-pixel whisker in the column of each
    /// point's x from its low to its high bound, with a cap in the row of
    /// each bound. A bound that cannot be drawn (infinite, or ≤ 0 on a log
    /// axis) runs the whisker off the plot area without a cap; a bar is
    /// skipped when its x or both its bounds cannot be drawn. Lines are
    /// snapped to pixel centres, so the bars are crisp.
    private static func drawErrorBars(of series: ChartSeries, on plot: inout Canvas,
                                      layout: LineChartLayout, color: RGB) {
        guard let bars = series.errorBars else { return }
        let w = Double(plot.width), h = Double(plot.height)
        /// Where a whisker ends for bound `value`: its pixel row's centre and a
        /// cap inside the plot area; clamped just past the area's edge, and no
        /// cap, outside it; past `edge`, and no cap, when it cannot be drawn.
        func end(_ value: Double, edge: Double) -> (y: Double, capped: Bool) {
            guard let v = layout.yAxis.display(value) else { return (edge, false) }
            let y = (1 - layout.yAxis.fraction(ofDisplay: v)) * h
            guard y >= 0, y < h else { return (min(max(y, -2), h + 2), false) }
            return (y.rounded(.down) + 0.5, true)
        }
        let cap = Double(errorBarCapHalfWidth)
        for (p, bar) in zip(series.points, bars) {
            guard let u = layout.xAxis.display(p.x),
                  layout.yAxis.display(bar.lowerBound) != nil || layout.yAxis.display(bar.upperBound) != nil
            else { continue }
            let px = layout.xAxis.fraction(ofDisplay: u) * w
            guard px >= 0, px < w else { continue }
            let x = px.rounded(.down) + 0.5
            let low = end(bar.lowerBound, edge: h + 2), high = end(bar.upperBound, edge: -2)
            plot.drawLine(from: (x, low.y), to: (x, high.y), color: color)
            for bound in [low, high] where bound.capped {
                plot.drawLine(from: (x - cap, bound.y), to: (x + cap, bound.y), color: color)
            }
        }
    }

    static func color(of series: [ChartSeries], at index: Int) -> RGB {
        series[index].color ?? Theme.palette[index % Theme.palette.count]
    }

    // MARK: Labels

    private static func drawTickLabels(on figure: inout Canvas, layout: LineChartLayout) {
        let area = layout.plotArea
        let t = LineChartLayout.self
        let bottomEdge = area.y + area.height + 1
        for v in layout.xTicks.minor {
            guard let x = layout.column(of: v) else { continue }
            figure.fill(rect: PixelRect(x: x, y: bottomEdge, width: 1, height: t.minorTickLength), color: Theme.frame)
        }
        for (v, label) in layout.xTicks.major {
            guard let x = layout.column(of: v) else { continue }
            figure.fill(rect: PixelRect(x: x, y: bottomEdge, width: 1, height: t.tickLength), color: Theme.frame)
            let w = Canvas.textSize(label).width
            let left = min(max(x - w / 2, 0), figure.width - w)
            figure.drawText(label, at: left, y: bottomEdge + t.tickLength + t.labelGap, color: Theme.mutedText)
        }
        for v in layout.yTicks.minor {
            guard let y = layout.row(of: v) else { continue }
            figure.fill(rect: PixelRect(x: area.x - 1 - t.minorTickLength, y: y, width: t.minorTickLength, height: 1),
                        color: Theme.frame)
        }
        for (v, label) in layout.yTicks.major {
            guard let y = layout.row(of: v) else { continue }
            figure.fill(rect: PixelRect(x: area.x - 1 - t.tickLength, y: y, width: t.tickLength, height: 1),
                        color: Theme.frame)
            let w = Canvas.textSize(label).width
            let top = min(max(y - BitmapFont.capHeight / 2, 0), figure.height - BitmapFont.capHeight)
            figure.drawText(label, at: area.x - 1 - t.tickLength - t.labelGap - w, y: top, color: Theme.mutedText)
        }
    }

    private static func drawTitles(on figure: inout Canvas, layout: LineChartLayout,
                                   title: String, xLabel: String, yLabel: String) {
        let area = layout.plotArea
        if !title.isEmpty {
            let size = Canvas.textSize(title, scale: layout.titleScale)
            let x = min(max(area.x + (area.width - size.width) / 2, LineChartLayout.pad), figure.width - size.width)
            figure.drawText(title, at: max(0, x), y: LineChartLayout.pad, color: Theme.text, scale: layout.titleScale)
        }
        if !xLabel.isEmpty {
            let w = Canvas.textSize(xLabel).width
            figure.drawText(xLabel, at: max(0, area.x + (area.width - w) / 2), y: layout.xLabelTop, color: Theme.text)
        }
        if !yLabel.isEmpty {
            let w = Canvas.textSize(yLabel).width
            figure.drawVerticalText(yLabel, left: LineChartLayout.pad,
                                    bottom: min(figure.height - 1, area.y + (area.height + w) / 2),
                                    color: Theme.text)
        }
    }

    // MARK: Legend

    /// The legend box for `series` (named entries only) with its top-left
    /// corner at the origin, or nil when no series has a name.
    static func legendSize(_ series: [ChartSeries]) -> (width: Int, height: Int)? {
        let names = series.map(\.name).filter { !$0.isEmpty }
        guard !names.isEmpty else { return nil }
        let l = LegendMetrics.self
        let textWidth = names.map { Canvas.textSize($0).width }.max() ?? 0
        return (2 * l.padding + l.swatch + l.gap + textWidth,
                2 * l.padding + (names.count - 1) * l.rowPitch + BitmapFont.capHeight)
    }

    private enum LegendMetrics {
        static let padding = 7, swatch = 20, gap = 7, rowPitch = 13, inset = 8
    }

    /// Where the legend goes: the top-right corner of the plot area unless
    /// another corner (tried in the order bottom-right, top-left,
    /// bottom-left) covers less than half as many curve pixels.
    static func legendOrigin(size: (width: Int, height: Int), layout: LineChartLayout,
                             curves: Canvas, gridOnly: Canvas) -> (x: Int, y: Int) {
        let area = layout.plotArea, inset = LegendMetrics.inset
        let right = area.width - inset - size.width, bottom = area.height - inset - size.height
        let corners = [(right, inset), (right, bottom), (inset, inset), (inset, bottom)]
        func covered(_ corner: (Int, Int)) -> Int {
            let box = PixelRect(x: corner.0, y: corner.1, width: size.width, height: size.height)
                .clipped(width: curves.width, height: curves.height)
            var count = 0
            for y in box.y ..< box.y + box.height {
                for x in box.x ..< box.x + box.width where curves[x, y] != gridOnly[x, y] { count += 1 }
            }
            return count
        }
        var best = corners[0], bestCount = covered(corners[0])
        let preferred = bestCount
        for corner in corners.dropFirst() {
            let count = covered(corner)
            if count < bestCount && 2 * count < preferred { best = corner; bestCount = count }
        }
        return (area.x + best.0, area.y + best.1)
    }

    private static func drawLegend(_ series: [ChartSeries], on figure: inout Canvas, layout: LineChartLayout,
                                   curves: Canvas, gridOnly: Canvas) {
        guard let size = legendSize(series) else { return }
        let l = LegendMetrics.self
        let origin = legendOrigin(size: size, layout: layout, curves: curves, gridOnly: gridOnly)
        let box = PixelRect(x: origin.x, y: origin.y, width: size.width, height: size.height)
        figure.fill(rect: box, color: Theme.background, alpha: 0.85)
        figure.stroke(rect: box, color: Theme.frame)
        var row = 0
        for index in series.indices where !series[index].name.isEmpty {
            let top = origin.y + l.padding + row * l.rowPitch
            let midY = Double(top) + Double(BitmapFont.capHeight) / 2
            let x0 = Double(origin.x + l.padding), x1 = x0 + Double(l.swatch)
            let color = color(of: series, at: index)
            let swatchWidth = max(2, series[index].lineWidth)
            if series[index].dashed {
                figure.drawDashedPolyline([(x0, midY), (x1, midY)], color: color, thickness: swatchWidth,
                                          dash: 6, gap: 4)
            } else {
                figure.drawLine(from: (x0, midY), to: (x1, midY), color: color, thickness: swatchWidth)
            }
            if series[index].markers {
                figure.drawDot(at: ((x0 + x1) / 2, midY), radius: 4, color: Theme.background)
                figure.drawDot(at: ((x0 + x1) / 2, midY), radius: 2.75, color: color)
            }
            figure.drawText(series[index].name, at: origin.x + l.padding + l.swatch + l.gap, y: top, color: Theme.text)
            row += 1
        }
    }
}

extension Canvas {
    /// Draws `s` turned a quarter turn anticlockwise (reading bottom to top,
    /// as a y-axis label), the left edge of its glyph cells at column `left`
    /// and the start of the text at row `bottom`.
    mutating func drawVerticalText(_ s: String, left: Int, bottom: Int, color: RGB, scale: Int = 1) {
        let size = Canvas.textSize(s, scale: scale)
        guard size.width > 0 else { return }
        var mask = Canvas(width: size.width, height: size.height, background: RGB(0, 0, 0))
        mask.drawText(s, at: 0, y: 0, color: RGB(255, 255, 255), scale: scale)
        // Unrotated pixel (x, y) lands at (left + y, bottom − x).
        for y in 0 ..< mask.height {
            for x in 0 ..< mask.width where mask[x, y].r > 0 {
                blend(x: left + y, y: bottom - x, color: color, alpha: Double(mask[x, y].r) / 255)
            }
        }
    }
}
