/// The colours FieldLab's pictures share: a near-black background that sits
/// just above the low end of magma, light text, and a qualitative palette that
/// stays readable on it.
///
/// Kept in one place so every picture (density, scatter, panels, charts)
/// looks like part of the same figure.
public enum Theme {
    /// Figure background (panels, scatter plots).
    public static let background = RGB(15, 16, 21)
    /// Main text (titles).
    public static let text = RGB(232, 232, 238)
    /// Secondary text (captions, tick labels).
    public static let mutedText = RGB(150, 152, 165)
    /// Thin frames around plots and axis ticks.
    public static let frame = RGB(70, 72, 86)
    /// Default colour of scatter points: a light sky blue, far from every
    /// colour of the magma and viridis maps, so samples stay distinct when
    /// drawn over a density.
    public static let point = RGB(110, 190, 255)
    /// Default colour of end-point markers of trajectories.
    public static let marker = RGB(255, 255, 255)

    /// A qualitative palette for series drawn on the dark background
    /// (Tableau 10 brightened; no entry close to the background).
    public static let palette: [RGB] = [
        RGB(hex: 0x4E9FE8), RGB(hex: 0xF28E2B), RGB(hex: 0x59C27A), RGB(hex: 0xE9575A),
        RGB(hex: 0xB07CD8), RGB(hex: 0xEDC948), RGB(hex: 0x76D7D0), RGB(hex: 0xFF9DA7),
        RGB(hex: 0xC9A27E), RGB(hex: 0xBAB0AC),
    ]
}
