import Foundation
import Testing
@testable import FieldLabAnalysis

/// Agreement with Python: kneed 0.9 and scipy least squares, from
/// `Fixtures/reference.json` (made by `Fixtures/make_fixtures.py`).
@Suite struct ReferenceTests {
    struct KneedleCase: Decodable, CustomTestStringConvertible, Sendable {
        let name: String, x: [Double], y: [Double], S: Double, curve: String, direction: String
        let knee: Double?, shape_direction: String, shape_curve: String
        var testDescription: String { name }
    }
    struct LogisticCase: Decodable, CustomTestStringConvertible, Sendable {
        let name: String, t: [Double], y: [Double], midpoint: Double, width: Double, lower: Double, upper: Double
        let rss: Double
        var testDescription: String { name }
    }
    struct SegmentedCase: Decodable, CustomTestStringConvertible, Sendable {
        let name: String, x: [Double], y: [Double], breakpoint: Double, intercept: Double, slope: Double
        let slope_change: Double, rss: Double
        var testDescription: String { name }
    }
    struct Reference: Decodable, Sendable {
        let kneedle: [KneedleCase], logistic: [LogisticCase], segmented: [SegmentedCase]
    }

    static let reference: Reference = {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Fixtures/reference.json")
        do {
            return try JSONDecoder().decode(Reference.self, from: Data(contentsOf: url))
        } catch {
            fatalError("cannot read \(url.path): \(error)")
        }
    }()

    @Test func fixturesAreThere() {
        #expect(Self.reference.kneedle.count >= 5)
        #expect(Self.reference.logistic.count >= 5)
        #expect(Self.reference.segmented.count >= 5)
    }

    /// Prints the largest relative differences from scipy (for the README).
    @Test func worstAgreement() throws {
        func rel(_ a: Double, _ b: Double) -> Double { abs(a - b) / max(abs(b), 1e-300) }
        var logistic = 0.0, stick = 0.0
        for c in Self.reference.logistic {
            let f = try LogisticFit.fit(x: c.t, y: c.y)
            logistic = max(logistic, rel(f.midpoint, c.midpoint), rel(f.width, c.width), rel(f.upper, c.upper))
        }
        for c in Self.reference.segmented {
            let f = try BrokenStickFit.fit(x: c.x, y: c.y)
            stick = max(stick, rel(f.breakpoint, c.breakpoint), rel(f.slope, c.slope), rel(f.slopeChange, c.slope_change))
        }
        print("worst relative difference from scipy: logistic \(logistic), broken stick \(stick)")
        #expect(logistic < 1e-6 && stick < 1e-6)
    }

    @Test(arguments: reference.kneedle)
    func kneedleMatchesKneed(_ c: KneedleCase) throws {
        let index = Kneedle.kneeIndex(x: c.x, y: c.y, sensitivity: c.S, curve: Kneedle.Curve(rawValue: c.curve)!,
                                      direction: Kneedle.Direction(rawValue: c.direction)!)
        #expect(index.map { c.x[$0] } == c.knee)
        let shape = Kneedle.shape(x: c.x, y: c.y)
        #expect(shape.direction.rawValue == c.shape_direction && shape.curve.rawValue == c.shape_curve)
    }

    @Test(arguments: reference.logistic)
    func logisticMatchesScipy(_ c: LogisticCase) throws {
        let fit = try LogisticFit.fit(x: c.t, y: c.y)
        #expect(isClose(fit.midpoint, c.midpoint, relative: 1e-6), "midpoint \(fit.midpoint) vs \(c.midpoint)")
        #expect(isClose(fit.width, c.width, relative: 1e-6), "width \(fit.width) vs \(c.width)")
        #expect(isClose(fit.lower, c.lower, relative: 1e-6, absolute: 1e-9))
        #expect(isClose(fit.upper, c.upper, relative: 1e-6))
        #expect(isClose(fit.rss, c.rss, relative: 1e-9))
    }

    @Test(arguments: reference.segmented)
    func brokenStickMatchesScipy(_ c: SegmentedCase) throws {
        let fit = try BrokenStickFit.fit(x: c.x, y: c.y)
        #expect(isClose(fit.breakpoint, c.breakpoint, relative: 1e-6), "breakpoint \(fit.breakpoint) vs \(c.breakpoint)")
        #expect(isClose(fit.slope, c.slope, relative: 1e-6))
        #expect(isClose(fit.slopeChange, c.slope_change, relative: 1e-6))
        #expect(isClose(fit.intercept, c.intercept, relative: 1e-6))
        #expect(isClose(fit.rss, c.rss, relative: 1e-9))
        // The single Bacon–Watts knee (γ → 0) is the same breakpoint.
        let bw = try BaconWattsFit.fit(x: c.x, y: c.y)
        #expect(isClose(bw.knee, c.breakpoint, relative: 1e-6))
    }
}
