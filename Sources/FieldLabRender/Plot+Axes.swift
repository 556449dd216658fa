import FieldLabCore
import Foundation

extension Plot {
    /// `canvas` (a picture of `viewport`) inside a thin frame with tick marks
    /// and coordinate labels on the left and bottom edges.
    ///
    /// Ticks fall on "nice" values (1, 2 or 5 × 10ᵏ, about five per axis) and
    /// labels carry just enough decimals to tell neighbouring ticks apart. The
    /// result is larger than `canvas` by the margins the labels need.
    public static func axes(_ canvas: Canvas, viewport: Viewport, background: RGB = Theme.background) -> Canvas {
        let tickLength = 4, labelGap = 3, pad = 6
        let xTicks = niceTicks(viewport.xRange), yTicks = niceTicks(viewport.yRange)
        let xLabels = xTicks.values.map { tickLabel($0, step: xTicks.step) }
        let yLabels = yTicks.values.map { tickLabel($0, step: yTicks.step) }
        let yLabelWidth = yLabels.map { Canvas.textSize($0).width }.max() ?? 0
        let xLabelWidth = xLabels.map { Canvas.textSize($0).width }.max() ?? 0
        let capHeight = 7

        let left = pad + yLabelWidth + labelGap + tickLength + 1
        let bottom = 1 + tickLength + labelGap + capHeight + pad
        let top = pad, right = max(pad, xLabelWidth / 2 + 2)
        var figure = Canvas(width: left + canvas.width + right, height: top + canvas.height + bottom,
                            background: background)
        figure.blit(canvas, x: left, y: top)
        figure.stroke(rect: PixelRect(x: left - 1, y: top - 1, width: canvas.width + 2, height: canvas.height + 2),
                      color: Theme.frame)

        for (value, label) in zip(xTicks.values, xLabels) {
            let (px, _) = viewport.pixel(Point(value, 0), width: canvas.width, height: canvas.height)
            let x = left + Int(px.rounded(.down))
            guard x >= left, x < left + canvas.width else { continue }
            figure.fill(rect: PixelRect(x: x, y: top + canvas.height + 1, width: 1, height: tickLength),
                        color: Theme.frame)
            let w = Canvas.textSize(label).width
            figure.drawText(label, at: x - w / 2, y: top + canvas.height + 1 + tickLength + labelGap,
                            color: Theme.mutedText)
        }
        for (value, label) in zip(yTicks.values, yLabels) {
            let (_, py) = viewport.pixel(Point(0, value), width: canvas.width, height: canvas.height)
            let y = top + Int(py.rounded(.down))
            guard y >= top, y < top + canvas.height else { continue }
            figure.fill(rect: PixelRect(x: left - 1 - tickLength, y: y, width: tickLength, height: 1),
                        color: Theme.frame)
            let w = Canvas.textSize(label).width
            figure.drawText(label, at: left - 1 - tickLength - labelGap - w, y: y - capHeight / 2,
                            color: Theme.mutedText)
        }
        return figure
    }

    /// Tick values inside `range` on a 1-2-5 step giving about `target` ticks.
    static func niceTicks(_ range: ClosedRange<Double>, target: Int = 5) -> (values: [Double], step: Double) {
        let span = range.upperBound - range.lowerBound
        guard span > 0, span.isFinite else { return ([], 1) }
        let raw = span / Double(target)
        let magnitude = Foundation.pow(10, (Foundation.log10(raw)).rounded(.down))
        let step = [1.0, 2, 5, 10].map { $0 * magnitude }.first { $0 >= raw } ?? 10 * magnitude
        let first = (range.lowerBound / step).rounded(.up)
        let last = (range.upperBound / step).rounded(.down)
        guard first <= last else { return ([], step) }
        let values = stride(from: first, through: last, by: 1).map { k -> Double in
            let v = k * step
            return abs(v) < step * 1e-9 ? 0 : v      // no "-0.0"
        }
        return (values, step)
    }

    /// `value` with as many decimals as `step` needs.
    static func tickLabel(_ value: Double, step: Double) -> String {
        let decimals = max(0, Int((-Foundation.log10(step)).rounded(.up)))
        return String(format: "%.\(decimals)f", value)
    }
}
