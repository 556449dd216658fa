import Foundation
import Testing
import FieldLabCore
@testable import FieldLabData

@Suite struct ToyDatasetTests {
    static let count = 100_000

    static func sample(_ dataset: ToyDataset, seed: UInt64 = 7, count: Int = count) -> [Point] {
        var rng = SeededGenerator(seed: seed)
        return dataset.sample(count: count, using: &rng)
    }

    @Test(arguments: ToyDataset.allCases)
    func isStandardised(_ dataset: ToyDataset) {
        let m = Moments(Self.sample(dataset))
        // 5 standard errors: a wrong constant off by ~1 % fails, chance alone does not.
        #expect(abs(m.mean.x) <= 5 * m.meanError.x, "mean x \(m.mean.x) ± \(m.meanError.x)")
        #expect(abs(m.mean.y) <= 5 * m.meanError.y, "mean y \(m.mean.y) ± \(m.meanError.y)")
        #expect(isClose(m.scale, 1, tolerance: 5 * m.scaleError), "scale \(m.scale) ± \(m.scaleError)")
        #expect(m.meanError.x < 0.01 && m.scaleError < 0.01)   // the tolerances are tight
    }

    @Test(arguments: ToyDataset.allCases)
    func sameSeedSamePointsOtherSeedOthers(_ dataset: ToyDataset) {
        let a = Self.sample(dataset, seed: 1, count: 1000)
        let b = Self.sample(dataset, seed: 1, count: 1000)
        let c = Self.sample(dataset, seed: 2, count: 1000)
        #expect(a == b)
        #expect(zip(a, c).filter { $0 == $1 }.count == 0)
        #expect(a.allSatisfy { $0.x.isFinite && $0.y.isFinite })
    }

    @Test func namesRoundTripAndUnknownNamesThrow() throws {
        for dataset in ToyDataset.allCases {
            #expect(try ToyDataset.named(dataset.rawValue) == dataset)
            #expect(!dataset.summary.isEmpty && !dataset.summary.contains("\n"))
        }
        #expect(try ToyDataset.named("8gaussians") == .eightGaussians)
        #expect(throws: DataError.unknownDataset("mooons")) { try ToyDataset.named("mooons") }
        let message = DataError.unknownDataset("mooons").description
        #expect(message.contains("mooons") && message.contains("2spirals") && !message.contains("\n"))
    }

    @Test func eightGaussiansHasEightEqualModesWhereExpected() {
        let points = Self.sample(.eightGaussians)
        // FFJORD: centres 4·(cos kπ/4, sin kπ/4), std 0.5; standardising divides by √8.25.
        let radius = 4 / 8.25.squareRoot(), modeStd = 0.5 / 8.25.squareRoot()
        let centres: [Point] = (0..<8).map { k in
            let angle = Double(k) * Double.pi / 4
            return radius * Point(cos(angle), sin(angle))
        }
        var sums = [Point](repeating: .zero, count: 8), counts = [Int](repeating: 0, count: 8)
        var squares = 0.0
        for p in points {
            let k = (0..<8).min { squaredDistance(p, centres[$0]) < squaredDistance(p, centres[$1]) }!
            sums[k] += p; counts[k] += 1
            squares += squaredDistance(p, centres[k])
        }
        let share = 1.0 / 8, shareError = (share * (1 - share) / Double(points.count)).squareRoot()
        for k in 0..<8 {
            let centre = sums[k] / Double(counts[k])
            #expect(squaredDistance(centre, centres[k]).squareRoot() < 0.05, "mode \(k) at \(centre)")
            let fraction = Double(counts[k]) / Double(points.count)
            #expect(isClose(fraction, share, tolerance: 5 * shareError), "mode \(k) holds \(fraction)")
        }
        #expect(isClose((squares / Double(2 * points.count)).squareRoot(), modeStd, tolerance: 0.005))
    }

    @Test func checkerboardFillsOnlyTheEightBlackSquares() {
        let points = Self.sample(.checkerboard)
        // The board [−2, 2)² of unit squares, divided by the scale √(4/3): side √3/2.
        let side = 3.0.squareRoot() / 2
        var counts = [Int: Int]()
        var white = 0, outside = 0
        for p in points {
            let i = Int((p.x / side).rounded(.down)), j = Int((p.y / side).rounded(.down))
            if !(-2...1).contains(i) || !(-2...1).contains(j) { outside += 1; continue }
            if (i + j) % 2 != 0 { white += 1 }
            counts[4 * (i + 2) + (j + 2), default: 0] += 1
        }
        #expect(white == 0 && outside == 0)
        #expect(counts.count == 8)
        let share = 1.0 / 8, shareError = (share * (1 - share) / Double(points.count)).squareRoot()
        for (cell, n) in counts {
            #expect(isClose(Double(n) / Double(points.count), share, tolerance: 5 * shareError), "cell \(cell)")
        }
    }

    @Test func ringsHasFourRadiiOfEqualMass() {
        let points = Self.sample(.rings)
        let scale = (4.21875 / 2 + 0.0064).squareRoot(), noise = 0.08 / scale
        let radii = [3.0, 2.25, 1.5, 0.75].map { $0 / scale }
        var sums = [Double](repeating: 0, count: 4), counts = [Int](repeating: 0, count: 4)
        var between = 0
        for p in points {
            let r = (p * p).sum().squareRoot()
            let k = (0..<4).min { abs(r - radii[$0]) < abs(r - radii[$1]) }!
            if abs(r - radii[k]) > 4 * noise { between += 1 }
            sums[k] += r; counts[k] += 1
        }
        #expect(Double(between) / Double(points.count) < 0.001)   // 4σ: expect ~6e-5
        let shareError = (0.25 * 0.75 / Double(points.count)).squareRoot()
        for k in 0..<4 {
            #expect(isClose(sums[k] / Double(counts[k]), radii[k], tolerance: 0.01), "ring \(k)")
            #expect(isClose(Double(counts[k]) / Double(points.count), 0.25, tolerance: 5 * shareError))
        }
    }

    @Test func gaussianHasIdentityCovariance() {
        let points = Self.sample(.gaussian)
        let n = Double(points.count)
        var xx = 0.0, yy = 0.0, xy = 0.0
        for p in points { xx += p.x * p.x; yy += p.y * p.y; xy += p.x * p.y }
        // Standard errors about N(0, I): √(2/n) for a variance, √(1/n) for the covariance.
        #expect(isClose(xx / n, 1, tolerance: 5 * (2 / n).squareRoot()))
        #expect(isClose(yy / n, 1, tolerance: 5 * (2 / n).squareRoot()))
        #expect(isClose(xy / n, 0, tolerance: 5 * (1 / n).squareRoot()))
        #expect(ToyDataset.gaussian.recipeFrame == .identity)
    }

    @Test func recipeFrameGivesBackFFJORDUnits() {
        // 8gaussians in FFJORD units: modes at radius 4/1.414.
        let raw = ToyDataset.eightGaussians.recipeFrame.invert(Self.sample(.eightGaussians, count: 20_000))
        // The mode on the +x axis: points within 22.5° of it (its Voronoi cell).
        let mode = raw.filter { $0.x > 0 && abs($0.y) < $0.x * tan(Double.pi / 8) }
        let centre = mode.reduce(Point.zero, +) / Double(mode.count)
        #expect(isClose(centre.x, 4 / 1.414, tolerance: 0.02) && isClose(centre.y, 0, tolerance: 0.02))
        // Checkerboard in FFJORD units lies in [−4, 4)².
        let board = ToyDataset.checkerboard.recipeFrame.invert(Self.sample(.checkerboard, count: 20_000))
        #expect(board.allSatisfy { abs($0.x) <= 4 + 1e-9 && abs($0.y) <= 4 + 1e-9 })
        #expect(board.contains { $0.x > 3.9 } && board.contains { $0.y < -3.9 })
    }
}
