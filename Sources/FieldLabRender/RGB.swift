import Foundation

/// An opaque 8-bit sRGB colour, the pixel type of a `Canvas`.
///
/// Three bytes with no padding (`MemoryLayout<RGB>.stride == 3`), so a canvas's
/// pixel array is already the byte layout that PPM and PNG store.
public struct RGB: Sendable, Equatable, Hashable {
    public var r: UInt8
    public var g: UInt8
    public var b: UInt8

    public init(_ r: UInt8, _ g: UInt8, _ b: UInt8) {
        self.r = r; self.g = g; self.b = b
    }

    public init(r: UInt8, g: UInt8, b: UInt8) {
        self.init(r, g, b)
    }

    /// A colour from `0xRRGGBB`.
    public init(hex: UInt32) {
        self.init(UInt8((hex >> 16) & 0xFF), UInt8((hex >> 8) & 0xFF), UInt8(hex & 0xFF))
    }

    /// A colour from components in [0, 1] (clamped, rounded to the nearest byte).
    public init(unit r: Double, _ g: Double, _ b: Double) {
        self.init(RGB.byte(r), RGB.byte(g), RGB.byte(b))
    }

    /// `self` painted over with `top` at opacity `alpha` (0 keeps `self`, 1 gives `top`).
    ///
    /// Blending is done on the stored sRGB bytes, not in linear light: cheap,
    /// and for thin strokes and dots over a dark background the difference
    /// does not show.
    @inlinable
    public func blended(with top: RGB, alpha: Double) -> RGB {
        if alpha >= 1 { return top }
        if alpha <= 0 { return self }
        @inline(__always) func mix(_ a: UInt8, _ b: UInt8) -> UInt8 {
            UInt8((Double(a) + (Double(b) - Double(a)) * alpha).rounded())
        }
        return RGB(mix(r, top.r), mix(g, top.g), mix(b, top.b))
    }

    /// Relative luminance (Rec. 709 weights on linearised sRGB), in [0, 1].
    public var luminance: Double {
        @inline(__always) func linear(_ c: UInt8) -> Double {
            let v = Double(c) / 255
            return v <= 0.04045 ? v / 12.92 : Foundation.pow((v + 0.055) / 1.055, 2.4)
        }
        return 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b)
    }

    @usableFromInline
    static func byte(_ v: Double) -> UInt8 {
        guard v.isFinite else { return 0 }
        return UInt8((min(max(v, 0), 1) * 255).rounded())
    }
}
