/// A horizontal reference line on a line chart (`Plot.lineChart`): a
/// metric's noise floor, or a threshold such as 50 %.
///
/// Drawn dashed across the plot area, behind the curves, with its label at
/// the right end just above the line (below it when the line is near the
/// top). A line outside the range shown is not drawn.
public struct ChartReferenceLine: Sendable {
    /// Where the line goes, in y data units.
    public var y: Double
    /// Text at the right end of the line (empty for none).
    public var label: String
    /// Colour of the line and label; nil takes `Theme.mutedText`.
    public var color: RGB?

    public init(y: Double, label: String = "", color: RGB? = nil) {
        self.y = y
        self.label = label
        self.color = color
    }
}
