import Testing
@testable import FieldLabRender

@Suite struct ColormapTests {
    /// Entries of matplotlib's full 256-entry tables (`_cm_listed.py`, ×255,
    /// rounded), at indices that are not anchors (anchors are every fifth
    /// entry), so interpolation is checked, not just table lookup.
    static let references: [(Colormap, index: Int, RGB)] = [
        (.viridis, 0, RGB(68, 1, 84)), (.viridis, 64, RGB(59, 82, 139)), (.viridis, 128, RGB(33, 145, 140)),
        (.viridis, 191, RGB(92, 200, 99)), (.viridis, 255, RGB(253, 231, 37)),
        (.magma, 0, RGB(0, 0, 4)), (.magma, 64, RGB(81, 18, 124)), (.magma, 128, RGB(183, 55, 121)),
        (.magma, 191, RGB(251, 135, 97)), (.magma, 255, RGB(252, 253, 191)),
        (.inferno, 0, RGB(0, 0, 4)), (.inferno, 64, RGB(87, 16, 110)), (.inferno, 128, RGB(188, 55, 84)),
        (.inferno, 191, RGB(249, 140, 10)), (.inferno, 255, RGB(252, 255, 164)),
    ]

    @Test func endpointsMatchMatplotlibExactly() {
        #expect(Colormap.viridis.color(0) == RGB(68, 1, 84))
        #expect(Colormap.viridis.color(1) == RGB(253, 231, 37))
        #expect(Colormap.magma.color(0) == RGB(0, 0, 4))
        #expect(Colormap.magma.color(1) == RGB(252, 253, 191))
        #expect(Colormap.inferno.color(1) == RGB(252, 255, 164))
    }

    @Test func interiorMatchesFullTablesWithinOneLevel() {
        for (map, index, expected) in Self.references {
            let c = map.color(Double(index) / 255)
            let worst = max(abs(Int(c.r) - Int(expected.r)), abs(Int(c.g) - Int(expected.g)),
                            abs(Int(c.b) - Int(expected.b)))
            #expect(worst <= 1, "\(map)[\(index)] = \(c), matplotlib \(expected)")
        }
    }

    @Test(arguments: Colormap.allCases)
    func luminanceRisesMonotonically(_ map: Colormap) {
        let samples = (0 ... 512).map { map.color(Double($0) / 512).luminance }
        // Byte rounding can make two neighbours tie; it must never step down
        // by more than one byte's worth of luminance.
        for (a, b) in zip(samples, samples.dropFirst()) {
            #expect(b >= a - 0.002, "\(map) luminance falls from \(a) to \(b)")
        }
        #expect(samples.last! - samples.first! > 0.6)
    }

    @Test func inputIsClamped() {
        for map in Colormap.allCases {
            #expect(map.color(-3) == map.color(0))
            #expect(map.color(7) == map.color(1))
            #expect(map.color(.nan) == map.color(0))
            #expect(map.color(.infinity) == map.color(1))
        }
    }

    @Test func evenlySpacedColors() {
        let colors = Colormap.magma.colors(count: 5)
        #expect(colors.count == 5)
        #expect(colors.first == Colormap.magma.color(0) && colors.last == Colormap.magma.color(1))
        #expect(colors[2] == Colormap.magma.color(0.5))
    }
}
