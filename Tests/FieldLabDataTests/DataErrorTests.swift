import Foundation
import Testing
import FieldLabCore
@testable import FieldLabData

/// A file that `PointFile.read` must refuse, and the error it must give.
struct ReadFailure: Sendable, CustomTestStringConvertible {
    var name: String
    /// The file's bytes; nil: no file; empty: an empty file.
    var contents: [UInt8]?
    var isFolder = false
    var expected: @Sendable (_ path: String) -> DataError

    var testDescription: String { name }

    init(_ name: String, _ text: String?, _ expected: @escaping @Sendable (String) -> DataError) {
        self.name = name; self.contents = text.map { Array($0.utf8) }; self.expected = expected
    }

    init(_ name: String, bytes: [UInt8], _ expected: @escaping @Sendable (String) -> DataError) {
        self.name = name; self.contents = bytes; self.expected = expected
    }
}

/// `bytes` with the ASCII text `old` replaced by `new` (of the same length).
private func replacing(_ old: String, with new: String, in bytes: [UInt8]) -> [UInt8] {
    let o = Array(old.utf8), n = Array(new.utf8)
    precondition(o.count == n.count)
    let start = (0...(bytes.count - o.count)).first { Array(bytes[$0..<$0 + o.count]) == o }!
    var copy = bytes
    copy.replaceSubrange(start..<start + o.count, with: n)
    return copy
}

@Suite struct DataErrorTests {
    static let npy = PointFileTests.numpyFloat64   // 128-byte header + 3 × 2 float64
    static let nanInRowTwo: [UInt8] = {
        var b = npy
        withUnsafeBytes(of: Double.nan.bitPattern.littleEndian) { b.replaceSubrange(128 + 16..<128 + 24, with: $0) }
        return b
    }()

    static let failures: [ReadFailure] = [
        ReadFailure("missing.csv", nil) { .fileNotFound($0) },
        ReadFailure("empty.csv", "") { .emptyFile($0) },
        ReadFailure("blank.csv", "\n  \r\n\t\n") { .emptyFile($0) },
        ReadFailure("header.csv", "a,b\n1,2\n") { .badHeader(path: $0, found: "a,b") },
        ReadFailure("extra-column.csv", "x,y,z\n1,2,3\n") { .badHeader(path: $0, found: "x,y,z") },
        ReadFailure("pandas-index.csv", ",x,y\n0,1,2\n") { .badHeader(path: $0, found: ",x,y") },
        ReadFailure("no-header.csv", "1,2\n3,4\n") { .badHeader(path: $0, found: "1,2") },
        ReadFailure("three-fields.csv", "x,y\n1,2\n1,2,3\n") { .malformedRow(path: $0, line: 3, text: "1,2,3") },
        ReadFailure("one-field.csv", "x,y\r\n7\r\n") { .malformedRow(path: $0, line: 2, text: "7") },
        ReadFailure("empty-field.csv", "x,y\n1, \n") { .malformedRow(path: $0, line: 2, text: "1,") },
        ReadFailure("abc.csv", "x,y\n1,2\nabc,1\n") { .malformedRow(path: $0, line: 3, text: "abc,1") },
        ReadFailure("nan.csv", "x,y\n1,2\n\n3, nan\n") { .nonFinite(path: $0, line: 4) },
        ReadFailure("inf.csv", "x,y\n-inf,1\n") { .nonFinite(path: $0, line: 2) },
        ReadFailure("overflow.csv", "x,y\n1,1e400\n") { .nonFinite(path: $0, line: 2) },
        ReadFailure("header-only.csv", "x,y\n") { .tooFewPoints(path: $0, count: 0, needed: 1) },
        ReadFailure("truncated.npy", bytes: Array(npy.dropLast(5))) {
            .badNPY(path: $0, reason: "truncated: shape (3, 2) needs 48 data bytes, found 43")
        },
        ReadFailure("truncated-header.npy", bytes: Array(npy.prefix(40))) { .badNPY(path: $0, reason: "truncated header") },
        ReadFailure("trailing.npy", bytes: npy + [0]) { .badNPY(path: $0, reason: "1 unexpected bytes after the array") },
        ReadFailure("text.npy", "x,y\n1,2\n") {
            .badNPY(path: $0, reason: "it does not start with the NPY magic bytes")
        },
        ReadFailure("int.npy", bytes: replacing("<f8", with: "<i8", in: npy)) {
            .badNPY(path: $0, reason: "element type '<i8' is not float64 or float32")
        },
        ReadFailure("big-endian.npy", bytes: replacing("<f8", with: ">f8", in: npy)) {
            .badNPY(path: $0, reason: "big-endian data ('>f8') is not supported")
        },
        ReadFailure("shape.npy", bytes: replacing("(3, 2)", with: "(2, 3)", in: npy)) {
            .badNPY(path: $0, reason: "shape (2, 3) is not (n, 2)")
        },
        ReadFailure("no-rows.npy", bytes: Array(replacing("(3, 2)", with: "(0, 2)", in: npy).prefix(128))) {
            .tooFewPoints(path: $0, count: 0, needed: 1)
        },
        ReadFailure("nan.npy", bytes: nanInRowTwo) { .nonFinite(path: $0, line: 2) },
        {
            var folder = ReadFailure("folder.csv", nil) { .unreadable($0) }
            folder.isFolder = true
            return folder
        }(),
    ]

    @Test(arguments: failures)
    func readFailsWithTheRightError(_ failure: ReadFailure) throws {
        try withTemporaryFolder { folder in
            let path = folder + "/" + failure.name
            if failure.isFolder {
                try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: false)
            } else if let contents = failure.contents {
                try Data(contents).write(to: URL(fileURLWithPath: path))
            }
            let expected = failure.expected(path)
            #expect(throws: expected) { try PointFile.read(path) }
            let message = expected.description
            #expect(!message.contains("\n") && message.contains(failure.name), "\(message)")
        }
    }

    @Test func descriptionsNameTheProblem() {
        #expect(DataError.nonFinite(path: "points.csv", line: 7).description
                == "points.csv line 7: not a finite number (NaN or infinity)")
        #expect(DataError.nonFinite(path: "points.npy", line: 2).description.hasPrefix("points.npy row 2:"))
        #expect(DataError.malformedRow(path: "p.csv", line: 3, text: "abc,1").description
                == "p.csv line 3: 'abc,1' is not two numbers x,y")
        #expect(DataError.tooFewPoints(path: "p.csv", count: 1, needed: 2).description == "p.csv: 1 point, need at least 2")
        // Text from the file is cut and stripped of control characters.
        let long = DataError.badHeader(path: "p.csv", found: String(repeating: "\u{7}a", count: 100)).description
        #expect(long.count < 120 && !long.contains("\u{7}") && long.hasSuffix("…', expected 'x,y'"))
    }
}
