import Foundation
import Testing
@testable import FieldLabAnalysis

/// Noise-free curves with a known critical value: every method recovers it.
@Suite struct NoiseFreeTests {
    /// A decreasing ratio through 50 % between two sizes, on log x: the
    /// crossing is where the straight line between them (in log10 x) meets 0.5.
    @Test func crossingInterpolatesInLogX() throws {
        let x = [8.0, 16, 32, 64, 128]
        let y = [0.9, 0.8, 0.6, 0.3, 0.1]
        let found = try CriticalPoints.find(CurveSamples(x: x, y: y), method: .crossing, logX: true, resamples: 0,
                                            level: 0.5)
        // Between 32 (0.6) and 64 (0.3): a third of the way in log10 x.
        let expected = pow(10, log10(32.0) + (log10(64.0) - log10(32.0)) / 3)
        #expect(isClose(found.critical, expected, relative: 1e-12), "got \(found.critical)")
        #expect(LevelCrossing.first(t: [0, 1, 2], y: [1, 2, 3], level: 0) == nil)
        #expect(LevelCrossing.first(t: [0, 1, 2], y: [1, 0, -1], level: 0) == 1)
        #expect(throws: AnalysisError.self) {
            try CriticalPoints.find(CurveSamples(x: x, y: y), method: .crossing, logX: true, resamples: 0, level: 2)
        }
        // Seeds: the crossing of the seed means, with an interval that contains it.
        let seeded = try CriticalPoints.find(CurveSamples(x: x + x, y: y.map { $0 + 0.05 } + y.map { $0 - 0.05 }),
                                             method: .crossing, logX: true, resamples: 200, level: 0.5)
        #expect(isClose(seeded.critical, expected, relative: 1e-12))
        #expect(seeded.low <= seeded.critical && seeded.critical <= seeded.high && seeded.high > seeded.low)
    }

    @Test(arguments: [(2.37, 0.21), (2.37, -0.35), (0.8, 0.05)])
    func logisticRecoversTheMidpointOnLogX(midpoint: Double, width: Double) throws {
        let x = evenly(0, 4, 25).map { pow(10, $0) }
        let y = x.map { logistic(log10($0), midpoint: midpoint, width: width, lower: 0.1, upper: 0.9) }
        let found = try CriticalPoints.find(CurveSamples(x: x, y: y), method: .logistic, logX: true, resamples: 0)
        #expect(isClose(found.critical, pow(10, midpoint), relative: 1e-6), "got \(found.critical)")
        #expect(isClose(found.parameters["width"]!, width, relative: 1e-6))
        #expect(isClose(found.parameters["lower"]!, 0.1, relative: 1e-6))
        #expect(isClose(found.parameters["upper"]!, 0.9, relative: 1e-6))
        #expect(found.logX && found.curveX.count == found.curveY.count && !found.curveX.isEmpty)
    }

    @Test(arguments: [3.3, 6.01, 7.77])
    func brokenStickRecoversTheBreakpoint(psi: Double) throws {
        let x = evenly(0, 10, 21)
        let y = x.map { 1.5 + 0.2 * $0 - 1.3 * max($0 - psi, 0) }
        let found = try CriticalPoints.find(CurveSamples(x: x, y: y), method: .segmented, logX: false, resamples: 0)
        #expect(isClose(found.critical, psi, relative: 1e-6), "got \(found.critical)")
        #expect(isClose(found.parameters["slope_left"]!, 0.2, relative: 1e-6))
        #expect(isClose(found.parameters["slope_right"]!, -1.1, relative: 1e-6))
    }

    /// A battery-like capacity curve: slow linear fade, then a fast one after the knee.
    @Test func baconWattsRecoversTheKnee() throws {
        let x = evenly(0, 1000, 41)
        let knee = 612.5
        let y = x.map { 1 - 5e-5 * $0 - 4e-4 * max($0 - knee, 0) }
        let found = try CriticalPoints.find(CurveSamples(x: x, y: y), method: .baconWatts, logX: false, resamples: 0)
        #expect(isClose(found.critical, knee, relative: 1e-6), "got \(found.critical)")
        #expect(isClose(found.parameters["slope_left"]!, -5e-5, relative: 1e-6))
        #expect(isClose(found.parameters["slope_right"]!, -4.5e-4, relative: 1e-6))
    }

    /// Three lines: onset at 410, knee at 655 (Fermín-Cueto et al.'s knee-onset, then knee).
    @Test func doubleBaconWattsRecoversTheOnset() throws {
        let x = evenly(0, 1000, 41)
        let (onset, knee) = (410.3, 655.7)
        let y = x.map { 1 - 2e-5 * $0 - 1e-4 * max($0 - onset, 0) - 6e-4 * max($0 - knee, 0) }
        let found = try CriticalPoints.find(CurveSamples(x: x, y: y), method: .baconWattsOnset, logX: false, resamples: 0)
        #expect(isClose(found.critical, onset, relative: 1e-6), "got \(found.critical)")
        #expect(isClose(found.parameters["second_transition"]!, knee, relative: 1e-6))
        #expect(isClose(found.parameters["slope_middle"]!, -1.2e-4, relative: 1e-6))
    }

    /// Many distinct x: the coarser candidate grids still lead the refinement to the exact value.
    @Test func longCurvesKeepTheirPrecision() throws {
        let x = evenly(0, 5000, 1500)
        let knee = 3217.77
        let y = x.map { 1 - 2e-5 * $0 - 3e-4 * max($0 - knee, 0) }
        let stick = try BrokenStickFit.fit(x: x, y: y)
        #expect(isClose(stick.breakpoint, knee, relative: 1e-6), "got \(stick.breakpoint)")
        let shortX = evenly(0, 1000, 300)
        let z = shortX.map { 1 - 2e-5 * $0 - 1e-4 * max($0 - 404.4, 0) - 6e-4 * max($0 - 707.7, 0) }
        let double = try DoubleBaconWattsFit.fit(x: shortX, y: z)
        #expect(isClose(double.onset, 404.4, relative: 1e-6), "got \(double.onset)")
        #expect(isClose(double.second, 707.7, relative: 1e-6), "got \(double.second)")
    }

    /// A concave increasing curve of two lines: the difference curve peaks at
    /// the corner x = 3, and with S = 1 it falls below the threshold two points
    /// later (by hand: d(3) = 0.5108, T = 0.4108, d(4) = 0.4378, d(5) = 0.3649).
    @Test func kneedleFindsTheCornerOfTwoLines() throws {
        let x = (0...10).map(Double.init)
        let y = x.map { $0 <= 3 ? $0 : 3 + 0.1 * ($0 - 3) }
        #expect(Kneedle.kneeIndex(x: x, y: y) == 3)
        #expect(Kneedle.shape(x: x, y: y) == (.increasing, .concave))
        let found = try CriticalPoints.find(CurveSamples(x: x, y: y), method: .kneedle, logX: false)
        #expect(found.critical == 3 && found.low == 3 && found.high == 3)
        // The same corner mirrored into the other three shapes.
        let down = y.map { -$0 }
        #expect(Kneedle.kneeIndex(x: x, y: down, curve: .convex, direction: .decreasing) == 3)
        let reversedX = x.map { 10 - $0 }.reversed() as [Double]
        #expect(Kneedle.kneeIndex(x: reversedX, y: y.reversed(), curve: .concave, direction: .decreasing) == 7)
        #expect(Kneedle.kneeIndex(x: reversedX, y: down.reversed(), curve: .convex, direction: .increasing) == 7)
    }

    @Test func kneedleOnLogXReturnsTheDataValue() throws {
        let x = [1.0, 3, 10, 30, 100, 300, 1000, 3000, 10000]
        let y = x.map { log10($0) <= 2 ? log10($0) : 2 + 0.05 * (log10($0) - 2) }
        let found = try CriticalPoints.find(CurveSamples(x: x, y: y), method: .kneedle, logX: true)
        #expect(found.critical == 100)
    }
}
