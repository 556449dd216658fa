/// Anti-aliased filled discs (scatter points, end-point markers).
extension Canvas {
    /// Draws a filled disc of `radius` pixels centred at `center` (pixel
    /// coordinates). Edge pixels get opacity `alpha × coverage`, with coverage
    /// `clamp(radius + 0.5 − d, 0, 1)` from the distance `d` of the pixel centre;
    /// discs smaller than one pixel are drawn as one-pixel discs at
    /// proportionally lower opacity (their area), so dense clouds of tiny points
    /// keep the right overall brightness.
    public mutating func drawDot(at center: (Double, Double), radius: Double,
                                 color: RGB, alpha: Double = 1) {
        let (cx, cy) = center
        guard radius > 0, alpha > 0, cx.isFinite, cy.isFinite else { return }
        let r = max(radius, 0.5)
        let strength = radius >= 0.5 ? 1 : (radius / 0.5) * (radius / 0.5)
        let reach = r + 0.5
        let x0 = max(0, Canvas.pixelIndex((cx - reach).rounded(.down)))
        let x1 = min(width - 1, Canvas.pixelIndex((cx + reach).rounded(.up)))
        let y0 = max(0, Canvas.pixelIndex((cy - reach).rounded(.down)))
        let y1 = min(height - 1, Canvas.pixelIndex((cy + reach).rounded(.up)))
        guard x0 <= x1, y0 <= y1 else { return }
        for y in y0 ... y1 {
            let ey = Double(y) + 0.5 - cy
            for x in x0 ... x1 {
                let ex = Double(x) + 0.5 - cx
                let d = (ex * ex + ey * ey).squareRoot()
                let c = min(max(r + 0.5 - d, 0), 1) * strength
                if c > 0 {
                    let i = y * width + x
                    pixels[i] = pixels[i].blended(with: color, alpha: alpha * c)
                }
            }
        }
    }
}
