/// A vertical marker on a line chart (`Plot.lineChart`): a critical value
/// found by a fit, with its confidence interval.
///
/// Drawn as a solid vertical line at `x` across the plot area, the band (if
/// any) as a translucent strip behind the curves, and the label as small
/// text beside the top of the line (to its left when the line is near the
/// right edge). Parts outside the range shown are clipped.
public struct ChartMarker: Sendable {
    /// Where the line goes, in x data units.
    public var x: Double
    /// An interval around `x` to shade (e.g. the 95 % confidence interval of
    /// a critical point), or nil. A bound that cannot be drawn (infinite, or
    /// ≤ 0 on a log axis) extends the band to the edge of the plot area.
    public var band: ClosedRange<Double>?
    /// Text beside the line, e.g. `"N_c = 300 [240, 380]"` (empty for none).
    public var label: String
    /// Colour of the line, band and label; nil takes `Theme.text`.
    public var color: RGB?

    public init(x: Double, band: ClosedRange<Double>? = nil, label: String = "", color: RGB? = nil) {
        self.x = x
        self.band = band
        self.label = label
        self.color = color
    }
}
