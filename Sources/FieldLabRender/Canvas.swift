/// A rectangle of whole pixels: `x ..< x + width` by `y ..< y + height`,
/// `y` counting down from the top row.
public struct PixelRect: Sendable, Equatable {
    public var x: Int, y: Int, width: Int, height: Int

    public init(x: Int, y: Int, width: Int, height: Int) {
        self.x = x; self.y = y; self.width = width; self.height = height
    }

    /// The part of `self` inside `0 ..< width` × `0 ..< height` (possibly empty).
    func clipped(width w: Int, height h: Int) -> PixelRect {
        let x0 = max(x, 0), y0 = max(y, 0)
        let x1 = min(x + width, w), y1 = min(y + height, h)
        return PixelRect(x: x0, y: y0, width: max(0, x1 - x0), height: max(0, y1 - y0))
    }
}

/// An RGB raster that pictures are drawn on.
///
/// Pixel `(x, y)` is `pixels[y * width + x]`, row-major with the top row first
/// (the order of PPM and PNG). Drawing calls take continuous pixel
/// coordinates: pixel `(i, j)` covers `[i, i + 1) × [j, j + 1)`, so its centre
/// is `(i + 0.5, j + 0.5)`. Everything drawn is clipped to the canvas.
public struct Canvas: Sendable {
    public let width: Int
    public let height: Int
    public var pixels: [RGB]

    /// A `width × height` canvas filled with `background`.
    public init(width: Int, height: Int, background: RGB) {
        precondition(width >= 0 && height >= 0, "Canvas size must be non-negative, got \(width)×\(height)")
        self.width = width
        self.height = height
        self.pixels = Array(repeating: background, count: width * height)
    }

    /// A canvas over existing row-major pixels.
    public init(width: Int, height: Int, pixels: [RGB]) {
        precondition(width >= 0 && height >= 0, "Canvas size must be non-negative, got \(width)×\(height)")
        precondition(pixels.count == width * height,
                     "Canvas has \(pixels.count) pixels, expected \(width)×\(height)")
        self.width = width
        self.height = height
        self.pixels = pixels
    }

    /// The pixel in column `x`, row `y` (both must be inside the canvas).
    public subscript(x: Int, y: Int) -> RGB {
        get {
            precondition(contains(x: x, y: y), "Pixel (\(x), \(y)) outside a \(width)×\(height) canvas")
            return pixels[y * width + x]
        }
        set {
            precondition(contains(x: x, y: y), "Pixel (\(x), \(y)) outside a \(width)×\(height) canvas")
            pixels[y * width + x] = newValue
        }
    }

    /// Whether pixel `(x, y)` lies on the canvas.
    @inlinable
    public func contains(x: Int, y: Int) -> Bool {
        x >= 0 && y >= 0 && x < width && y < height
    }

    /// Paints `color` over pixel `(x, y)` at opacity `alpha`; outside the canvas, nothing.
    @inlinable
    public mutating func blend(x: Int, y: Int, color: RGB, alpha: Double) {
        guard contains(x: x, y: y), alpha > 0 else { return }
        let i = y * width + x
        pixels[i] = pixels[i].blended(with: color, alpha: alpha)
    }

    /// Fills `rect` (clipped to the canvas) with `color` at opacity `alpha`.
    public mutating func fill(rect: PixelRect, color: RGB, alpha: Double = 1) {
        let r = rect.clipped(width: width, height: height)
        guard r.width > 0, r.height > 0, alpha > 0 else { return }
        for y in r.y ..< r.y + r.height {
            let row = y * width
            for x in r.x ..< r.x + r.width {
                pixels[row + x] = pixels[row + x].blended(with: color, alpha: alpha)
            }
        }
    }

    /// Draws the outline of `rect`, `thickness` pixels wide, inside the rectangle.
    public mutating func stroke(rect: PixelRect, color: RGB, thickness: Int = 1, alpha: Double = 1) {
        guard rect.width > 0, rect.height > 0, thickness > 0 else { return }
        let t = min(thickness, (min(rect.width, rect.height) + 1) / 2)
        fill(rect: PixelRect(x: rect.x, y: rect.y, width: rect.width, height: t), color: color, alpha: alpha)
        fill(rect: PixelRect(x: rect.x, y: rect.y + rect.height - t, width: rect.width, height: t),
             color: color, alpha: alpha)
        let innerHeight = rect.height - 2 * t
        guard innerHeight > 0 else { return }
        fill(rect: PixelRect(x: rect.x, y: rect.y + t, width: t, height: innerHeight), color: color, alpha: alpha)
        fill(rect: PixelRect(x: rect.x + rect.width - t, y: rect.y + t, width: t, height: innerHeight),
             color: color, alpha: alpha)
    }

    /// Copies `other` onto this canvas with its top-left pixel at `(x, y)`,
    /// clipped to this canvas (used to compose panels and margins).
    public mutating func blit(_ other: Canvas, x: Int, y: Int) {
        let r = PixelRect(x: x, y: y, width: other.width, height: other.height)
            .clipped(width: width, height: height)
        guard r.width > 0, r.height > 0 else { return }
        for row in r.y ..< r.y + r.height {
            let source = (row - y) * other.width + (r.x - x)
            let target = row * width + r.x
            pixels.replaceSubrange(target ..< target + r.width,
                                   with: other.pixels[source ..< source + r.width])
        }
    }
}

extension Canvas {
    /// A pixel index from a continuous coordinate, saturated to ±2³⁰ so that
    /// points far outside the picture cannot overflow `Int`.
    @usableFromInline
    static func pixelIndex(_ v: Double) -> Int {
        Int(min(max(v, -1_073_741_824), 1_073_741_824))
    }
}
