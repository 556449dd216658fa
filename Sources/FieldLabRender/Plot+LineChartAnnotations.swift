import FieldLabCore

/// Marker lines, bands and reference lines of `Plot.lineChart`, drawn on the
/// plot-area canvas (origin at the plot area's top-left corner, which clips them).
extension Plot {
    /// Opacity of a marker's band over the grid: visible on the dark
    /// background without hiding the grid or dimming the curves drawn over it.
    static let markerBandAlpha = 0.16
    /// Gap in pixels between an annotation's line and its label, and between
    /// a label and the edge of the plot area.
    static let annotationLabelGap = 4

    /// The colour of `marker`: its own, or `Theme.text`.
    static func markerColor(_ marker: ChartMarker) -> RGB { marker.color ?? Theme.text }

    /// The colour of `line`: its own, or `Theme.mutedText`.
    static func referenceLineColor(_ line: ChartReferenceLine) -> RGB { line.color ?? Theme.mutedText }

    /// The plot-area column of data value `x` (as `LineChartLayout.column(of:)`,
    /// less the area's origin), or nil outside the range shown.
    static func plotColumn(of x: Double, layout: LineChartLayout) -> Int? {
        layout.column(of: x).map { $0 - layout.plotArea.x }
    }

    /// The plot-area row of data value `y`, or nil outside the range shown.
    static func plotRow(of y: Double, layout: LineChartLayout) -> Int? {
        layout.row(of: y).map { $0 - layout.plotArea.y }
    }

    /// The columns `lower ..< upper` of the plot area that `band` covers,
    /// clipped to it (nil when nothing of it is shown). An undrawable bound
    /// reaches the nearer edge.
    static func bandColumns(_ band: ClosedRange<Double>, layout: LineChartLayout) -> Range<Int>? {
        let w = Double(layout.plotArea.width)
        func position(_ value: Double, otherwise edge: Double) -> Double {
            guard let f = layout.xAxis.fraction(value) else { return edge }
            return min(max(f * w, -1), w + 1)
        }
        let x0 = position(band.lowerBound, otherwise: 0), x1 = position(band.upperBound, otherwise: w)
        guard x1 >= 0, x0 <= w, x1 >= x0 else { return nil }
        let lower = min(max(Int(x0.rounded()), 0), layout.plotArea.width - 1)
        let upper = min(max(Int(x1.rounded()), lower + 1), layout.plotArea.width)
        return lower ..< upper
    }

    static func drawBands(_ markers: [ChartMarker], on plot: inout Canvas, layout: LineChartLayout) {
        for marker in markers {
            guard let band = marker.band, let columns = bandColumns(band, layout: layout) else { continue }
            plot.fill(rect: PixelRect(x: columns.lowerBound, y: 0, width: columns.count, height: plot.height),
                      color: markerColor(marker), alpha: markerBandAlpha)
        }
    }

    static func drawMarkerLines(_ markers: [ChartMarker], on plot: inout Canvas, layout: LineChartLayout) {
        for marker in markers {
            guard let x = plotColumn(of: marker.x, layout: layout) else { continue }
            plot.fill(rect: PixelRect(x: x, y: 0, width: 1, height: plot.height), color: markerColor(marker))
        }
    }

    static func drawReferenceLines(_ lines: [ChartReferenceLine], on plot: inout Canvas, layout: LineChartLayout) {
        for line in lines {
            guard let y = plotRow(of: line.y, layout: layout) else { continue }
            let row = Double(y) + 0.5
            plot.drawDashedPolyline([(0, row), (Double(plot.width), row)], color: referenceLineColor(line),
                                    thickness: 1, dash: 6, gap: 4)
        }
    }

    /// Labels of markers (beside the top of the line, to its left near the
    /// right edge, moved down a line while they would cover an earlier
    /// label) and of reference lines (at the right end, above the line, or
    /// below it near the top), each on a dark backing.
    static func drawAnnotationLabels(markers: [ChartMarker], referenceLines: [ChartReferenceLine],
                                     on plot: inout Canvas, layout: LineChartLayout) {
        let gap = annotationLabelGap, w = plot.width, h = plot.height
        var placed = [PixelRect]()
        func overlapsPlaced(_ r: PixelRect) -> Bool {
            placed.contains { $0.x < r.x + r.width && r.x < $0.x + $0.width && $0.y < r.y + r.height && r.y < $0.y + $0.height }
        }
        func draw(_ text: String, box: PixelRect, color: RGB) {
            plot.fill(rect: PixelRect(x: box.x - 2, y: box.y - 2, width: box.width + 4, height: box.height + 3),
                      color: Theme.background, alpha: 0.75)
            plot.drawText(text, at: box.x, y: box.y, color: color)
            placed.append(box)
        }
        for marker in markers where !marker.label.isEmpty {
            guard let x = plotColumn(of: marker.x, layout: layout) else { continue }
            let size = Canvas.textSize(marker.label)
            var left = x + 1 + gap
            if left + size.width > w - gap { left = x - gap - size.width }
            left = max(gap, min(left, w - gap - size.width))
            var box = PixelRect(x: left, y: gap + 1, width: size.width, height: size.height)
            while overlapsPlaced(box) && box.y + box.height + Canvas.lineHeight() < h { box.y += Canvas.lineHeight() }
            draw(marker.label, box: box, color: markerColor(marker))
        }
        for line in referenceLines where !line.label.isEmpty {
            guard let y = plotRow(of: line.y, layout: layout) else { continue }
            let size = Canvas.textSize(line.label)
            let left = max(gap, w - gap - size.width)
            let above = PixelRect(x: left, y: y - 3 - BitmapFont.capHeight, width: size.width, height: size.height)
            let below = PixelRect(x: left, y: y + 4, width: size.width, height: size.height)
            let box = above.y >= 2 && !overlapsPlaced(above) ? above
                : (below.y + below.height <= h - 1 && !overlapsPlaced(below) ? below : above)
            draw(line.label, box: box, color: referenceLineColor(line))
        }
    }
}
