import Foundation
import Testing
import FieldLabCore
@testable import FieldLabRender

/// Error bars, dashed series, marker lines with bands, and reference lines of `Plot.lineChart`.
@Suite struct LineChartAnnotationTests {
    static let red = RGB(255, 0, 0), green = RGB(0, 255, 0)

    static func layout(_ series: [ChartSeries], xScale: AxisScale = .linear, yScale: AxisScale = .linear,
                       xRange: ClosedRange<Double>? = nil, yRange: ClosedRange<Double>? = nil,
                       markers: [ChartMarker] = [], referenceLines: [ChartReferenceLine] = []) -> LineChartLayout {
        LineChartLayout(series, width: 640, height: 400, title: "T", xLabel: "x", yLabel: "y",
                        xScale: xScale, yScale: yScale, xRange: xRange, yRange: yRange,
                        markers: markers, referenceLines: referenceLines)
    }

    static func chart(_ series: [ChartSeries], xScale: AxisScale = .linear, yScale: AxisScale = .linear,
                      xRange: ClosedRange<Double>? = nil, yRange: ClosedRange<Double>? = nil,
                      markers: [ChartMarker] = [], referenceLines: [ChartReferenceLine] = []) -> Canvas {
        Plot.lineChart(series, title: "T", xLabel: "x", yLabel: "y", xScale: xScale, yScale: yScale,
                       xRange: xRange, yRange: yRange, markers: markers, referenceLines: referenceLines)
    }

    static func isNear(_ p: RGB, _ color: RGB) -> Bool {
        abs(Int(p.r) - Int(color.r)) + abs(Int(p.g) - Int(color.g)) + abs(Int(p.b) - Int(color.b)) < 60
    }

    static let flat = ChartSeries(name: "", points: (0 ... 10).map { Point(Double($0), 0.2) }, color: red)

    // MARK: Bands and marker lines

    @Test func bandTintsThePlotAreaInsideItOnly() {
        let band = ChartMarker(x: 5, band: 3 ... 7, label: "")
        let marked = Self.chart([Self.flat], xRange: 0 ... 10, yRange: 0 ... 2, markers: [band])
        let plain = Self.chart([Self.flat], xRange: 0 ... 10, yRange: 0 ... 2)
        let layout = Self.layout([Self.flat], xRange: 0 ... 10, yRange: 0 ... 2, markers: [band])
        let row = try! #require(layout.row(of: 1.3))                  // clear of grid lines, curve and label
        let inside = try! #require(layout.column(of: 3.3)), outside = try! #require(layout.column(of: 1.3))
        #expect(plain[inside, row] == Theme.background)
        #expect(marked[outside, row] == Theme.background)
        #expect(marked[inside, row].luminance > Theme.background.luminance * 1.3,
                "band pixel \(marked[inside, row]) not tinted")
        // Translucent: the grid still shows through the band.
        let gridColumn = try! #require(layout.column(of: 4))
        #expect(marked[gridColumn, row] != marked[inside, row])
    }

    @Test func bandOutsideTheRangeIsClipped() {
        let range = 0.0 ... 10
        let layout = Self.layout([Self.flat], xRange: range, yRange: 0 ... 2)
        let area = layout.plotArea, row = try! #require(layout.row(of: 1.3))
        let half = Self.chart([Self.flat], xRange: range, yRange: 0 ... 2,
                              markers: [ChartMarker(x: 12, band: 8.5 ... 14, label: "far right")])
        #expect(half[try! #require(layout.column(of: 9.3)), row] != Theme.background)
        #expect(half[area.x + area.width - 1, row] != Theme.background)
        #expect(half[area.x + area.width + 1, row] == Theme.background)   // not past the frame
        #expect(half[try! #require(layout.column(of: 7.3)), row] == Theme.background)
        // Entirely outside (line, band and label): the same picture as with no marker.
        let plain = Self.chart([Self.flat], xRange: range, yRange: 0 ... 2)
        let away = Self.chart([Self.flat], xRange: range, yRange: 0 ... 2,
                              markers: [ChartMarker(x: -50, band: -80 ... -20, label: "gone"),
                                        ChartMarker(x: .nan, band: 20 ... .infinity, label: "nan")])
        #expect(changedPixels(away, plain).isEmpty)
        // On a log axis a bound ≤ 0 reaches the left edge.
        let logLayout = Self.layout([Self.flat], xScale: .log, xRange: 1 ... 10, yRange: 0 ... 2)
        let log = Self.chart([Self.flat], xScale: .log, xRange: 1 ... 10, yRange: 0 ... 2,
                             markers: [ChartMarker(x: 2, band: -1 ... 2.5)])
        #expect(log[logLayout.plotArea.x, row] != Theme.background)
        #expect(log[try! #require(logLayout.column(of: 6.5)), row] == Theme.background)   // between minor grid lines
    }

    @Test func markerLineIsAtTheLayoutsColumn() {
        let series = [ChartSeries(name: "", x: [8, 8192], y: [1, 0], color: Self.red)]
        let marker = ChartMarker(x: 300, label: "", color: Self.green)
        let layout = Self.layout(series, xScale: .log, xRange: 8 ... 8192, yRange: 0 ... 1, markers: [marker])
        let canvas = Self.chart(series, xScale: .log, xRange: 8 ... 8192, yRange: 0 ... 1, markers: [marker])
        let column = try! #require(layout.column(of: 300))
        // log10(300/8) / log10(1024) of the way across.
        let expected = Double(layout.plotArea.x) + log10(300.0 / 8) / log10(1024) * Double(layout.plotArea.width)
        #expect(isClose(Double(column), expected, tolerance: 1))
        let area = layout.plotArea
        for row in [area.y + 5, area.y + area.height / 4, area.y + area.height - 5] {
            #expect(canvas[column, row] == Self.green, "row \(row)")
            #expect(canvas[column - 2, row] != Self.green && canvas[column + 2, row] != Self.green)
        }
    }

    @Test func markerLabelStaysInsideThePlotArea() {
        func labelColumns(markerAt x: Double) -> (columns: [Int], line: Int, area: PixelRect) {
            let marker = ChartMarker(x: x, label: "N_c = 9.5")
            let layout = Self.layout([Self.flat], xRange: 0 ... 10, yRange: 0 ... 2, markers: [marker])
            let canvas = Self.chart([Self.flat], xRange: 0 ... 10, yRange: 0 ... 2, markers: [marker])
            let area = layout.plotArea, line = layout.column(of: x)!
            var columns = [Int]()
            for y in area.y ..< area.y + 20 {
                for c in area.x ..< area.x + area.width where c != line && canvas[c, y] == Theme.text { columns.append(c) }
            }
            return (columns, line, area)
        }
        let left = labelColumns(markerAt: 2)
        #expect(left.columns.count > 20 && left.columns.allSatisfy { $0 > left.line })
        let right = labelColumns(markerAt: 9.8)
        #expect(right.columns.count > 20 && right.columns.allSatisfy { $0 < right.line }, "label should flip left")
        #expect(right.columns.allSatisfy { $0 >= right.area.x && $0 < right.area.x + right.area.width })
    }

    // MARK: Error bars

    @Test func errorBarCapsAreAtTheBoundsRows() {
        let series = [ChartSeries(name: "", x: [2, 5, 8], y: [1, 1, 1], color: Self.red,
                                  errorBars: [0.5 ... 1.5, 0.25 ... 1.75, 0.9 ... 1.1])]
        let layout = Self.layout(series, xRange: 0 ... 10, yRange: 0 ... 2)
        let canvas = Self.chart(series, xRange: 0 ... 10, yRange: 0 ... 2)
        let cap = Plot.errorBarCapHalfWidth
        for (x, bar) in [(2.0, 0.5 ... 1.5), (5, 0.25 ... 1.75)] {
            let column = try! #require(layout.column(of: x))
            for bound in [bar.lowerBound, bar.upperBound] {
                let row = try! #require(layout.row(of: bound))
                for dx in [-cap, -1, 1, cap] {
                    #expect(Self.isNear(canvas[column + dx, row], Self.red), "cap at x \(x), y \(bound), dx \(dx)")
                }
                for dy in [-2, 2] { #expect(!Self.isNear(canvas[column + cap, row + dy], Self.red)) }
                #expect(!Self.isNear(canvas[column + cap + 2, row], Self.red))
            }
            // The whisker joins the caps, and stops at them.
            let mid = try! #require(layout.row(of: (bar.lowerBound + 1) / 2))
            #expect(Self.isNear(canvas[column, mid], Self.red))
            #expect(!Self.isNear(canvas[column, try! #require(layout.row(of: bar.upperBound)) - 3], Self.red))
        }
        // Without error bars there are no caps.
        let bare = Self.chart([ChartSeries(name: "", x: [2, 5, 8], y: [1, 1, 1], color: Self.red)],
                              xRange: 0 ... 10, yRange: 0 ... 2)
        let column = try! #require(layout.column(of: 5)), row = try! #require(layout.row(of: 1.75))
        #expect(!Self.isNear(bare[column + cap, row], Self.red))
    }

    @Test func undrawableErrorBoundsRunToTheEdge() {
        // Log y: a lower bound ≤ 0 runs the whisker to the bottom without a cap; an upper bound
        // ≤ 0 as well leaves nothing to draw. Linear y: an infinite bound runs to the top.
        let series = [ChartSeries(name: "", x: [2, 5, 8], y: [1, 1, 0.5], color: Self.red,
                                  errorBars: [-1 ... 2, -3 ... -2, 0.2 ... 3])]
        let layout = Self.layout(series, yScale: .log, xRange: 0 ... 10, yRange: 0.1 ... 10)
        let canvas = Self.chart(series, yScale: .log, xRange: 0 ... 10, yRange: 0.1 ... 10)
        let area = layout.plotArea, column = try! #require(layout.column(of: 2))
        #expect(Self.isNear(canvas[column, area.y + area.height - 1], Self.red))
        #expect(!Self.isNear(canvas[column + Plot.errorBarCapHalfWidth, area.y + area.height - 1], Self.red))
        #expect(Self.isNear(canvas[column + Plot.errorBarCapHalfWidth, try! #require(layout.row(of: 2))], Self.red))
        let nothing = try! #require(layout.column(of: 5))
        #expect(!Self.isNear(canvas[nothing, area.y + area.height - 3], Self.red))
        // The default log range skips the bounds it cannot draw.
        let fitted = Self.layout(series, yScale: .log)
        #expect(fitted.yAxis.lower > -1 && fitted.yAxis.upper < 0.6)

        let open = [ChartSeries(name: "", x: [5], y: [1], color: Self.red, errorBars: [0 ... .infinity])]
        let openLayout = Self.layout(open, xRange: 0 ... 10, yRange: 0 ... 2)
        let openCanvas = Self.chart(open, xRange: 0 ... 10, yRange: 0 ... 2)
        let c = try! #require(openLayout.column(of: 5))
        #expect(Self.isNear(openCanvas[c, openLayout.plotArea.y], Self.red))
    }

    // MARK: Default ranges

    @Test func defaultRangesIncludeErrorBarsMarkersAndReferenceLines() {
        let points = (0 ... 10).map { Point(Double($0), 1 + Double($0) / 10) }       // y in 1 … 2
        let plain = Self.layout([ChartSeries(name: "", points: points)])
        #expect(plain.yAxis.lower > 0.9 && plain.yAxis.upper < 2.1 && plain.xAxis.upper < 10.6)

        var bars = Array(repeating: 1.0 ... 2.0, count: points.count)
        bars[3] = 0 ... 3
        let withBars = Self.layout([ChartSeries(name: "", points: points, errorBars: bars)])
        #expect(withBars.yAxis.lower <= 0 && withBars.yAxis.upper >= 3)

        let marked = Self.layout([ChartSeries(name: "", points: points)],
                                 markers: [ChartMarker(x: 12, band: 11 ... 15), ChartMarker(x: -2)])
        #expect(marked.xAxis.upper >= 15 && marked.xAxis.lower <= -2)

        let referenced = Self.layout([ChartSeries(name: "", points: points)],
                                     referenceLines: [ChartReferenceLine(y: 5, label: "floor")])
        #expect(referenced.yAxis.upper >= 5)

        // With xRange given, only the bars of points inside it count.
        bars[3] = 1 ... 2; bars[9] = 0 ... 100
        let zoomed = Self.layout([ChartSeries(name: "", points: points, errorBars: bars)], xRange: 0 ... 5)
        #expect(zoomed.yAxis.upper < 3)
        // Given ranges win over all of them.
        let given = Self.layout([ChartSeries(name: "", points: points, errorBars: bars)], xRange: 0 ... 5, yRange: 0 ... 4,
                                markers: [ChartMarker(x: 40, band: 30 ... 50)], referenceLines: [ChartReferenceLine(y: 9)])
        #expect(isClose(given.xAxis.upper, 5, tolerance: 1e-12) && isClose(given.yAxis.upper, 4, tolerance: 1e-12))
    }

    // MARK: Dashed lines

    @Test func dashedSeriesHasGaps() {
        func redRuns(dashed: Bool) -> (runs: Int, gaps: Int) {
            let series = [ChartSeries(name: "", points: (0 ... 10).map { Point(Double($0), 1) }, color: Self.red,
                                      dashed: dashed)]
            let layout = Self.layout(series, xRange: 0 ... 10, yRange: 0 ... 2)
            let canvas = Self.chart(series, xRange: 0 ... 10, yRange: 0 ... 2)
            let row = try! #require(layout.row(of: 1)), area = layout.plotArea
            var runs = 0, gaps = 0, previous = false
            for x in area.x + 2 ..< area.x + area.width - 2 {
                let on = Self.isNear(canvas[x, row], Self.red) || Self.isNear(canvas[x, row - 1], Self.red)
                if on && !previous { runs += 1 }
                if !on { gaps += 1 }
                previous = on
            }
            return (runs, gaps)
        }
        let solid = redRuns(dashed: false), dashed = redRuns(dashed: true)
        #expect(solid.runs == 1 && solid.gaps == 0)
        #expect(dashed.runs > 30, "\(dashed.runs) dashes")
        #expect(dashed.gaps > 100, "\(dashed.gaps) gap pixels")
    }

    @Test func dashPatternRunsAlongThePath() {
        var straight = Canvas(width: 60, height: 11, background: RGB(0, 0, 0))
        straight.drawDashedPolyline([(0, 5.5), (60, 5.5)], color: RGB(255, 255, 255), thickness: 1, dash: 6, gap: 4)
        // Dashes cover [0, 6], [10, 16], …: pixel centres 7.5 and 8.5 are at least a pixel from both.
        for period in 0 ..< 5 {
            let x0 = 10 * period
            #expect(straight[x0 + 3, 5] == RGB(255, 255, 255))
            #expect(straight[x0 + 7, 5] == RGB(0, 0, 0) && straight[x0 + 8, 5] == RGB(0, 0, 0))
        }
        // Cutting the path into many short segments does not restart the pattern.
        var pieces = Canvas(width: 60, height: 11, background: RGB(0, 0, 0))
        pieces.drawDashedPolyline((0 ... 40).map { (1.5 * Double($0), 5.5) }, color: RGB(255, 255, 255),
                                  thickness: 1, dash: 6, gap: 4)
        #expect(changedPixels(straight, pieces).count <= 4)
        // A path reaching far outside is walked only where it is visible.
        var far = Canvas(width: 60, height: 11, background: RGB(0, 0, 0))
        far.drawDashedPolyline([(-1e12, 5.5), (1e12, 5.5)], color: RGB(255, 255, 255), dash: 6, gap: 4)
        let lit = (0 ..< 60).filter { far[$0, 5] == RGB(255, 255, 255) }.count
        #expect(lit > 20 && lit < 50)
    }

    // MARK: Reference lines

    @Test func referenceLineIsDashedAndLabelledAtTheRightEnd() {
        let gold = RGB(255, 200, 0)
        let line = ChartReferenceLine(y: 0.5, label: "50 %", color: gold)
        let layout = Self.layout([Self.flat], xRange: 0 ... 10, yRange: 0 ... 2, referenceLines: [line])
        let canvas = Self.chart([Self.flat], xRange: 0 ... 10, yRange: 0 ... 2, referenceLines: [line])
        let area = layout.plotArea, row = try! #require(layout.row(of: 0.5))
        let lit = (area.x ..< area.x + area.width / 2).filter { canvas[$0, row] == gold }.count
        #expect(lit > area.width / 8 && lit < area.width / 2 - area.width / 12, "\(lit) of \(area.width / 2) lit")
        // The label: gold text just above the line, in the right-hand part of the plot area.
        var labelColumns = [Int]()
        for y in row - 12 ..< row - 1 {
            for x in area.x ..< area.x + area.width where canvas[x, y] == gold { labelColumns.append(x) }
        }
        #expect(labelColumns.count > 15)
        #expect(labelColumns.allSatisfy { $0 > area.x + area.width - 40 && $0 < area.x + area.width })
        // Outside the range shown: nothing drawn.
        let plain = Self.chart([Self.flat], xRange: 0 ... 10, yRange: 0 ... 2)
        let outside = Self.chart([Self.flat], xRange: 0 ... 10, yRange: 0 ... 2,
                                 referenceLines: [ChartReferenceLine(y: 7, label: "high"), ChartReferenceLine(y: .nan)])
        #expect(changedPixels(outside, plain).isEmpty)
    }
}
