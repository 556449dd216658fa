import Foundation
import Testing
import FieldLabCore
@testable import FieldLabRender

@Suite struct LineChartTests {
    static let red = RGB(255, 0, 0)

    /// The plot area `lineChart` uses for these arguments (the frame is one pixel outside it).
    static func plotArea(_ series: [ChartSeries], title: String = "T", yScale: AxisScale = .linear,
                         xRange: ClosedRange<Double>? = nil, yRange: ClosedRange<Double>? = nil) -> PixelRect {
        LineChartLayout(series, width: 640, height: 400, title: title, xLabel: "x", yLabel: "y",
                        xScale: .linear, yScale: yScale, xRange: xRange, yRange: yRange).plotArea
    }

    /// Mean row of the pixels in column `x` that are close to `color` (nil if none).
    static func meanRow(of color: RGB, in canvas: Canvas, column x: Int) -> Double? {
        let rows = (0 ..< canvas.height).filter { y in
            let p = canvas[x, y]
            return abs(Int(p.r) - Int(color.r)) + abs(Int(p.g) - Int(color.g)) + abs(Int(p.b) - Int(color.b)) < 60
        }
        return rows.isEmpty ? nil : Double(rows.reduce(0, +)) / Double(rows.count)
    }

    static func horizontal(at y: Double, color: RGB, name: String = "") -> ChartSeries {
        ChartSeries(name: name, points: (0 ... 10).map { Point(Double($0), y) }, color: color)
    }

    @Test func horizontalLineSitsMidHeight() {
        let series = [Self.horizontal(at: 1, color: Self.red)]
        let canvas = Plot.lineChart(series, title: "T", xLabel: "x", yLabel: "y",
                                    xRange: 0 ... 10, yRange: 0 ... 2)
        let area = Self.plotArea(series, xRange: 0 ... 10, yRange: 0 ... 2)
        // The frame really is where the layout says.
        #expect(canvas[area.x - 1, area.y + area.height / 3] == Theme.frame)
        #expect(canvas[area.x + area.width / 3, area.y + area.height] == Theme.frame)
        let row = Self.meanRow(of: Self.red, in: canvas, column: area.x + area.width / 2)
        let middle = Double(area.y) + Double(area.height) / 2
        #expect(row.map { isClose($0 + 0.5, middle, tolerance: 1.5) } == true, "line at row \(String(describing: row)), middle \(middle)")
        // The line spans the plot area and stops at its edges.
        #expect(Self.meanRow(of: Self.red, in: canvas, column: area.x + 2) != nil)
        #expect(Self.meanRow(of: Self.red, in: canvas, column: area.x + area.width - 3) != nil)
        #expect(Self.meanRow(of: Self.red, in: canvas, column: area.x - 3) == nil)
    }

    @Test func logAxisPlacesDecadesEvenly() {
        let colors = [RGB(255, 0, 0), RGB(0, 255, 0), RGB(0, 0, 255), RGB(255, 255, 0)]
        let series = [1e-2, 1e-1, 1, 10].enumerated().map { Self.horizontal(at: $1, color: colors[$0]) }
        let canvas = Plot.lineChart(series, title: "T", xLabel: "x", yLabel: "y", yScale: .log,
                                    xRange: 0 ... 10, yRange: 1e-3 ... 1e2)
        let area = Self.plotArea(series, yScale: .log, xRange: 0 ... 10, yRange: 1e-3 ... 1e2)
        let rows = colors.compactMap { Self.meanRow(of: $0, in: canvas, column: area.x + area.width / 2) }
        #expect(rows.count == 4)
        let decade = Double(area.height) / 5
        for (k, row) in rows.enumerated() {
            // 10^(k−2) sits (k + 1) decades above the bottom of [1e-3, 1e2].
            let expected = Double(area.y) + Double(area.height) - Double(k + 1) * decade
            #expect(isClose(row + 0.5, expected, tolerance: 1.5), "decade \(k - 2) at row \(row), expected \(expected)")
        }
        // Ticks: one per decade, labelled plainly.
        let ticks = ChartAxis(scale: .log, range: 1e-3 ... 1e2).ticks(length: 300, minimumSpacing: 48)
        #expect(ticks.major.map(\.label) == ["0.001", "0.01", "0.1", "1", "10", "100"])
        #expect(ticks.minor.count == 5 * 8)
    }

    @Test func nonFinitePointsBreakTheLine() {
        for bad in [Double.nan, .infinity, -.infinity] {
            var points = (0 ... 40).map { Point(Double($0) / 10, 1) }
            points[20].y = bad                      // x = 2
            let series = [ChartSeries(name: "", points: points, color: Self.red)]
            let canvas = Plot.lineChart(series, title: "T", xLabel: "x", yLabel: "y",
                                        xRange: 0 ... 4, yRange: 0 ... 2)
            let area = Self.plotArea(series, xRange: 0 ... 4, yRange: 0 ... 2)
            let at = { (x: Double) in area.x + Int(x / 4 * Double(area.width)) }
            #expect(Self.meanRow(of: Self.red, in: canvas, column: at(1)) != nil)
            #expect(Self.meanRow(of: Self.red, in: canvas, column: at(3)) != nil)
            #expect(Self.meanRow(of: Self.red, in: canvas, column: at(2)) == nil, "gap missing for \(bad)")
        }
        // Non-positive values on a log axis break it too; all-unplottable series draw nothing.
        let logSeries = [ChartSeries(name: "", points: [Point(0, 1), Point(1, -1), Point(2, 0), Point(3, 1)], color: Self.red),
                         ChartSeries(name: "", points: [Point(.nan, .nan), Point(1, .infinity)])]
        let canvas = Plot.lineChart(logSeries, title: "", xLabel: "", yLabel: "", yScale: .log)
        #expect(canvas.width == 640 && canvas.height == 400)
        let area = LineChartLayout(logSeries, width: 640, height: 400, title: "", xLabel: "", yLabel: "",
                                   xScale: .linear, yScale: .log, xRange: nil, yRange: nil).plotArea
        #expect(Self.meanRow(of: Self.red, in: canvas, column: area.x + area.width / 2) == nil)
    }

    @Test func legendShowsNamedSeries() {
        let named = [Self.horizontal(at: 0.2, color: Self.red, name: "train loss")]
        let unnamed = [Self.horizontal(at: 0.2, color: Self.red)]
        let area = Self.plotArea(named, yRange: 0 ... 2)
        let size = try! #require(Plot.legendSize(named))
        #expect(Plot.legendSize(unnamed) == nil)
        // Top-right corner of the plot area, 8 pixels in.
        let box = PixelRect(x: area.x + area.width - 8 - size.width, y: area.y + 8, width: size.width, height: size.height)
        func textPixels(_ canvas: Canvas) -> Int {
            var count = 0
            for y in box.y ..< box.y + box.height {
                for x in box.x ..< box.x + box.width where canvas[x, y] == Theme.text { count += 1 }
            }
            return count
        }
        let withLegend = Plot.lineChart(named, title: "T", xLabel: "x", yLabel: "y", yRange: 0 ... 2)
        let without = Plot.lineChart(unnamed, title: "T", xLabel: "x", yLabel: "y", yRange: 0 ... 2)
        #expect(textPixels(withLegend) > 50)
        #expect(textPixels(without) == 0)
        #expect(withLegend[box.x, box.y + box.height / 2] == Theme.frame)     // the box outline
        // The swatch is in the series' colour.
        #expect(Self.meanRow(of: Self.red, in: withLegend, column: box.x + 7 + 10) != nil)
    }

    @Test func titleIsDrawnAboveThePlot() {
        let series = [Self.horizontal(at: 1, color: Self.red)]
        func titlePixels(_ canvas: Canvas, below bottom: Int) -> Int {
            (0 ..< bottom).reduce(0) { sum, y in sum + (0 ..< canvas.width).filter { canvas[$0, y] == Theme.text }.count }
        }
        let titled = Plot.lineChart(series, title: "Training loss", xLabel: "", yLabel: "")
        let area = Self.plotArea(series, title: "Training loss")
        #expect(titlePixels(titled, below: area.y - 1) > 100)
        let untitled = Plot.lineChart(series, title: "", xLabel: "", yLabel: "")
        #expect(titlePixels(untitled, below: LineChartLayout.pad) == 0)
        // An untitled chart gives the space to the plot.
        #expect(Self.plotArea(series, title: "").height > area.height)
    }

    @Test func emptySeriesListGivesAFramedCanvas() {
        let canvas = Plot.lineChart([], width: 300, height: 200, title: "nothing yet", xLabel: "step", yLabel: "loss",
                                    xScale: .log, yScale: .log)
        #expect(canvas.width == 300 && canvas.height == 200)
        #expect(canvas.pixels.contains(Theme.frame) && canvas.pixels.contains(Theme.text))
        let tiny = Plot.lineChart([Self.horizontal(at: 1, color: Self.red)], width: 10, height: 10,
                                  title: "T", xLabel: "x", yLabel: "y")
        #expect(tiny.width == 10 && tiny.height == 10)
    }

    @Test func smoothingIsACentredMovingAverage() {
        let run = [1.0, 2, 3, 10].enumerated().map { Point(Double($0), $1) }
        let smoothed = LineChartLayout.smoothed(run, window: 3)
        let expected = [1.5, 2, 5, 6.5]                     // (1+2)/2, (1+2+3)/3, (2+3+10)/3, (3+10)/2
        #expect(zip(smoothed, expected).allSatisfy { isClose($0.y, $1, tolerance: 1e-12) })
        #expect(smoothed.map(\.x) == run.map(\.x))
        // A smoothed chart draws the raw curve faint and the smoothed one solid.
        var rng = SeededGenerator(seed: 3)
        let noisy = ChartSeries(name: "", points: (0 ..< 200).map { Point(Double($0), 1 + 0.5 * (rng.nextUniform() - 0.5)) },
                                color: Self.red)
        let chart = Plot.lineChart([noisy], title: "", xLabel: "", yLabel: "", yRange: 0 ... 2, smoothing: 25)
        #expect(chart.pixels.contains(Self.red))
        #expect(chart.pixels.contains { $0.r > 40 && $0.r < 160 && $0.g < 40 })   // the faint raw curve
    }

    @Test func axisRangesAndLabels() {
        let linear = ChartAxis(scale: .linear, fitting: [0, 10, .nan])
        #expect(isClose(linear.lower, -0.5, tolerance: 1e-12) && isClose(linear.upper, 10.5, tolerance: 1e-12))
        let log = ChartAxis(scale: .log, fitting: [1, 100, -3, 0])
        #expect(isClose(log.lower, -0.1, tolerance: 1e-12) && isClose(log.upper, 2.1, tolerance: 1e-12))
        let single = ChartAxis(scale: .linear, fitting: [5])
        #expect(isClose(single.lower, 4.5, tolerance: 1e-12) && isClose(single.upper, 5.5, tolerance: 1e-12))
        #expect(ChartAxis.linearLabels([0, 5000, 10000, 15000], step: 5000) == ["0", "5k", "10k", "15k"])
        #expect(ChartAxis.linearLabels([0.5, 1, 1.5], step: 0.5) == ["0.5", "1.0", "1.5"])
        #expect(ChartAxis.powerLabel(mantissa: 1, exponent: -4) == "1e-4")
        #expect(ChartAxis.powerLabel(mantissa: 2, exponent: -2) == "0.02")
        #expect(ChartAxis.powerLabel(mantissa: 5, exponent: 3) == "5000")
        // Under two decades: 1-2-5 ticks.
        let narrow = ChartAxis(scale: .log, range: 0.3 ... 3).ticks(length: 300, minimumSpacing: 48)
        #expect(narrow.major.map(\.label) == ["0.5", "1", "2"])
    }
}
