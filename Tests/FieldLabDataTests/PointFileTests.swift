import Foundation
import Testing
import FieldLabCore
@testable import FieldLabData

@Suite struct PointFileTests {
    /// Values whose text form is easy to get wrong: shortest forms, signed
    /// zero, subnormals, extremes, and many digits.
    static let awkward: [Point] = [
        Point(0.1, -2.5), Point(-0.0, 0), Point(.leastNonzeroMagnitude, -.leastNormalMagnitude),
        Point(.greatestFiniteMagnitude, -.greatestFiniteMagnitude), Point(1.0 / 3, .pi),
        Point(1e-5, 1e16), Point(-123456789.123456789, 0.30000000000000004),
    ]

    static func randomPoints(_ n: Int) -> [Point] {
        var rng = SeededGenerator(seed: 11)
        return (0..<n).map { _ in Point(rng.nextGaussian() * 1e3, rng.nextGaussian() * 1e-3) }
    }

    static func bitIdentical(_ a: [Point], _ b: [Point]) -> Bool {
        a.count == b.count && zip(a, b).allSatisfy {
            $0.x.bitPattern == $1.x.bitPattern && $0.y.bitPattern == $1.y.bitPattern
        }
    }

    @Test(arguments: ["points.csv", "points.npy", "POINTS.NPY", "points.txt"])
    func roundTripIsBitExact(_ name: String) throws {
        try withTemporaryFolder { folder in
            let path = folder + "/" + name
            let points = Self.awkward + Self.randomPoints(1000)
            try PointFile.write(points, to: path)
            #expect(Self.bitIdentical(try PointFile.read(path), points))
            let isNPY = name.lowercased().hasSuffix(".npy")
            let head = try #require(FileManager.default.contents(atPath: path)).prefix(6)
            #expect(isNPY == (head == Data(NPYFormat.magic)))
        }
    }

    @Test func csvIsHumanReadable() throws {
        try withTemporaryFolder { folder in
            let path = folder + "/p.csv"
            try PointFile.write([Point(0.1, -2.5), Point(3, 1e-5)], to: path)
            #expect(try String(contentsOfFile: path, encoding: .utf8) == "x,y\n0.1,-2.5\n3.0,1e-05\n")
        }
    }

    @Test func csvAcceptsCommonVariations() throws {
        let text = "\u{FEFF}\r\n \"X\" ,\t\"Y\" \r\n 1.5 , -2e3 \r\n\r\n+3,4.E-1\n0x1p-2,  .25\n\n\n"
        try withTemporaryFolder { folder in
            let path = folder + "/p.csv"
            try Data(text.utf8).write(to: URL(fileURLWithPath: path))
            #expect(try PointFile.read(path) == [Point(1.5, -2000), Point(3, 0.4), Point(0.25, 0.25)])
        }
    }

    // numpy 2.4: np.save(f, np.array([[0.1, -2.5], [3e-300, 1e300], [-0.0, 5.0]]))
    static let numpyFloat64 = bytes(hex: """
        934e554d5059010076007b276465736372273a20273c6638272c2027666f727472616e5f6f72646572273a2046616c73652c2027
        7368617065273a2028332c2032292c207d2020202020202020202020202020202020202020202020202020202020202020202020
        20202020202020202020202020202020202020202020200a9a9999999999b93f00000000000004c083b63ad29712c0019c750088
        3ce4377e00000000000000800000000000001440
        """)
    static let numpyFloat64Points = [Point(0.1, -2.5), Point(3e-300, 1e300), Point(-0.0, 5.0)]

    @Test func writesExactlyWhatNumpyWrites() throws {
        try withTemporaryFolder { folder in
            let path = folder + "/p.npy"
            try PointFile.write(Self.numpyFloat64Points, to: path)
            #expect(try [UInt8](Data(contentsOf: URL(fileURLWithPath: path))) == Self.numpyFloat64)
            try Data(Self.numpyFloat64).write(to: URL(fileURLWithPath: path))
            #expect(Self.bitIdentical(try PointFile.read(path), Self.numpyFloat64Points))
        }
    }

    @Test func readsFloat32AndFortranOrderFromNumpy() throws {
        // np.save(f, np.array([[0.1, -2.5], [3.0, 1e30]], dtype=np.float32))
        let float32 = bytes(hex: """
            934e554d5059010076007b276465736372273a20273c6634272c2027666f727472616e5f6f72646572273a2046616c73652c2027
            7368617065273a2028322c2032292c207d2020202020202020202020202020202020202020202020202020202020202020202020
            20202020202020202020202020202020202020202020200acdcccc3d000020c000004040caf24971
            """)
        // np.save(f, np.asfortranarray([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]]))
        let fortran = bytes(hex: """
            934e554d5059010076007b276465736372273a20273c6638272c2027666f727472616e5f6f72646572273a20547275652c202773
            68617065273a2028332c2032292c207d202020202020202020202020202020202020202020202020202020202020202020202020
            20202020202020202020202020202020202020202020200a000000000000f03f0000000000000840000000000000144000000000
            0000004000000000000010400000000000001840
            """)
        try withTemporaryFolder { folder in
            let path = folder + "/p.npy"
            try Data(float32).write(to: URL(fileURLWithPath: path))
            #expect(try PointFile.read(path) == [Point(Double(Float(0.1)), -2.5), Point(3, Double(Float(1e30)))])
            try Data(fortran).write(to: URL(fileURLWithPath: path))
            #expect(try PointFile.read(path) == [Point(1, 2), Point(3, 4), Point(5, 6)])
        }
    }

    /// Found by the PointsNPY fuzz harness: a shape whose byte count overflows
    /// Int trapped instead of being refused (its input is also in the seed corpus).
    @Test func aShapeTooLargeForAnyFileIsRefused() throws {
        let crash = Data(base64Encoded: "k05VTVBZAQB2AHsnZGVzY3InOiAnPGY4JywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDAwMDAwMDAwMDAwMDAwMDAwMDQxMDg1OTc2ODQyNDkyMDk1MTUsIDIpLCB9ICAgICAgICAgICAgICAgICAgICAgICAgICAgICAKxaAfQMwAdgAgICAACsWgH+H6BGDzPw==")!
        try withTemporaryFolder { folder in
            let path = folder + "/huge.npy"
            try crash.write(to: URL(fileURLWithPath: path))
            #expect(throws: DataError.badNPY(path: path, reason: "truncated: shape (4108597684249209515, 2) is larger than any file, found 29 data bytes")) {
                try PointFile.read(path)
            }
        }
    }

    @Test func npyIsRecognisedByItsMagicWhateverTheName() throws {
        try withTemporaryFolder { folder in
            let path = folder + "/p.dat"
            try Data(Self.numpyFloat64).write(to: URL(fileURLWithPath: path))
            #expect(try PointFile.read(path).count == 3)
        }
    }

    @Test func writeReplacesAnExistingFile() throws {
        try withTemporaryFolder { folder in
            let path = folder + "/p.csv"
            try PointFile.write(Self.randomPoints(500), to: path)
            try PointFile.write([Point(1, 2)], to: path)
            #expect(try PointFile.read(path) == [Point(1, 2)])
            #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == ["p.csv"])
        }
    }

    @Test func failedWritesLeaveNoFile() throws {
        try withTemporaryFolder { folder in
            let points = [Point(1, 2)]
            let missingFolder = folder + "/no/such/folder/p.csv"
            #expect(throws: DataError.unwritable(missingFolder, reason: "folder '\(folder)/no/such/folder' does not exist")) { try PointFile.write(points, to: missingFolder) }
            #expect(!FileManager.default.fileExists(atPath: folder + "/no"))

            let proc = "/proc/fieldlab-data-test.csv"
            #expect(throws: DataError.unwritable(proc, reason: "No such file or directory")) { try PointFile.write(points, to: proc) }
            #expect(!FileManager.default.fileExists(atPath: proc))

            // The target is a folder: the rename fails after the temporary file was written.
            let occupied = folder + "/taken.csv"
            try FileManager.default.createDirectory(atPath: occupied, withIntermediateDirectories: false)
            #expect(throws: DataError.unwritable(occupied, reason: "Is a directory")) { try PointFile.write(points, to: occupied) }

            let nonFinite = folder + "/nan.npy"
            #expect(throws: DataError.nonFinitePoint(path: nonFinite, index: 1)) {
                try PointFile.write([Point(1, 2), Point(.nan, 0)], to: nonFinite)
            }
            #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == ["taken.csv"])
            #expect(try FileManager.default.contentsOfDirectory(atPath: occupied).isEmpty)
        }
    }
}
