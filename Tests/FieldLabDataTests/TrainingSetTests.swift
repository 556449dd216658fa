import Foundation
import Testing
import FieldLabCore
@testable import FieldLabData

@Suite struct StandardizationTests {
    @Test func fitsHandComputableSets() {
        let square = Standardization(fitting: [Point(0, 0), Point(2, 0), Point(0, 2), Point(2, 2)])
        #expect(square == Standardization(mean: Point(1, 1), scale: 1))
        // var_x = 4, var_y = 0: one common scale √((4 + 0)/2) = √2, shape kept.
        let segment = Standardization(fitting: [Point(0, 0), Point(4, 0)])
        #expect(segment.mean == Point(2, 0))
        #expect(isClose(segment.scale, 2.0.squareRoot(), tolerance: 1e-15))
        #expect(segment.apply([Point(4, 0)]) == [Point(2 / 2.0.squareRoot(), 0)])
    }

    @Test func applyAndInvertAreInverses() throws {
        let map = Standardization(mean: Point(10, -5), scale: 3)
        let points = PointFileTests.randomPoints(100)
        for (p, q) in zip(map.invert(map.apply(points)), points) {
            #expect(isClose(p.x, q.x, tolerance: 1e-12 * max(1, abs(q.x))) && isClose(p.y, q.y, tolerance: 1e-12))
        }
        #expect(map.apply([Point(13, -2)]) == [Point(1, 1)])
        #expect(Standardization.identity.apply(points) == points)
        let decoded = try JSONDecoder().decode(Standardization.self, from: JSONEncoder().encode(map))
        #expect(decoded == map)
    }
}

@Suite struct TrainingSetTests {
    @Test func builtInIsAFreshSeededSample() throws {
        let set = try TrainingSet.load("8gaussians", size: 500, seed: 3)
        var rng = SeededGenerator(seed: 3)
        #expect(set.points == ToyDataset.eightGaussians.sample(count: 500, using: &rng))
        #expect(set.standardization == .identity && set.source == "8gaussians")
        #expect(try TrainingSet.load("moons", size: nil, seed: 1).points.count == TrainingSet.defaultSize)
        #expect(try TrainingSet.load("moons", size: 100, seed: 1).points != TrainingSet.load("moons", size: 100, seed: 2).points)
    }

    @Test func fileIsStandardisedAndMapsBack() throws {
        var rng = SeededGenerator(seed: 5)
        // An anisotropic cloud far from the origin, in user units.
        let user = (0..<1000).map { _ in Point(10 + 3 * rng.nextGaussian(), -5 + 0.5 * rng.nextGaussian()) }
        try withTemporaryFolder { folder in
            let path = folder + "/cloud.npy"
            try PointFile.write(user, to: path)
            let set = try TrainingSet.load(path, size: nil, seed: 0)
            #expect(set.source == path && set.points.count == 1000)
            let m = Moments(set.points)
            #expect(abs(m.mean.x) < 1e-12 && abs(m.mean.y) < 1e-12 && isClose(m.scale, 1, tolerance: 1e-12))
            // Independent fit: the user cloud's own moments.
            let u = Moments(user)
            #expect(isClose(set.standardization.scale, u.scale, tolerance: 1e-12))
            #expect(isClose(set.standardization.mean.x, u.mean.x, tolerance: 1e-12))
            for (p, q) in zip(set.standardization.invert(set.points), user) {
                #expect(isClose(p.x, q.x, tolerance: 1e-12) && isClose(p.y, q.y, tolerance: 1e-12))
            }
        }
    }

    @Test func fileSubsetIsSeededDistinctAndInFileOrder() throws {
        let all = (0..<1000).map { Point(Double($0), Double($0 % 7)) }
        try withTemporaryFolder { folder in
            let path = folder + "/all.csv"
            try PointFile.write(all, to: path)
            let a = try TrainingSet.load(path, size: 100, seed: 1)
            let b = try TrainingSet.load(path, size: 100, seed: 1)
            let c = try TrainingSet.load(path, size: 100, seed: 2)
            #expect(a.points == b.points && a.points != c.points)
            let kept = a.standardization.invert(a.points).map { $0.x.rounded() }
            #expect(kept.count == 100 && Set(kept).count == 100 && kept == kept.sorted())
            #expect(kept.allSatisfy { (0..<1000).contains(Int($0)) })
            #expect(try TrainingSet.load(path, size: 1000, seed: 1).points.count == 1000)
        }
    }

    @Test func badRequestsThrow() throws {
        try withTemporaryFolder { folder in
            let path = folder + "/p.csv"
            try PointFile.write((0..<10).map { Point(Double($0), 0) }, to: path)
            #expect(throws: DataError.tooFewPoints(path: path, count: 10, needed: 50)) {
                try TrainingSet.load(path, size: 50, seed: 0)
            }
            let one = folder + "/one.csv"
            try PointFile.write([Point(1, 1)], to: one)
            #expect(throws: DataError.tooFewPoints(path: one, count: 1, needed: 2)) { try TrainingSet.load(one, size: nil, seed: 0) }
            let same = folder + "/same.csv"
            try PointFile.write([Point(1, 1), Point(1, 1), Point(1, 1)], to: same)
            #expect(throws: DataError.noSpread(same)) { try TrainingSet.load(same, size: nil, seed: 0) }
        }
        #expect(throws: DataError.unknownDataset("mooons")) { try TrainingSet.load("mooons", size: nil, seed: 0) }
        #expect(throws: DataError.fileNotFound("nowhere.csv")) { try TrainingSet.load("nowhere.csv", size: nil, seed: 0) }
        #expect(throws: DataError.fileNotFound("data/points")) { try TrainingSet.load("data/points", size: nil, seed: 0) }
    }
}
