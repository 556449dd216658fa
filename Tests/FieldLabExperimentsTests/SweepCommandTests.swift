import Foundation
import Testing
import FieldLabCLI

/// Sweep folders: one that holds another sweep, or is not a sweep, is refused and left as it was.
@Suite struct SweepCommandTests {
    static let folder: String = {
        let f = NSTemporaryDirectory() + "fieldlab-sweep-cli-\(getpid())"
        try? FileManager.default.createDirectory(atPath: f, withIntermediateDirectories: true)
        return f
    }()

    static func sweep(_ out: String, _ extra: [String]) -> [String] {
        ["sweep", "--flow-matching", "--dataset", "moons", "--steps", "5", "--batch-size", "16", "--width", "8",
         "--depth", "1", "--samples", "50", "--solver-steps", "2", "--out", folder + "/" + out] + extra
    }

    @Test func aFolderHoldingAnotherSweepIsRefusedAndLeftAlone() throws {
        let first = Self.sweep("mixed", ["--vary", "width=4,8"])
        #expect(FieldLabCommand.run(first) == 0)
        let plan = try String(contentsOfFile: Self.folder + "/mixed/sweep.json", encoding: .utf8)
        let points = try FileManager.default.contentsOfDirectory(atPath: Self.folder + "/mixed/points")
        var lines: [String] = []
        let status = FieldLabCommand.run(Self.sweep("mixed", ["--vary", "width=4,16"])) { lines.append($0) }
        #expect(status != 0 && lines.count == 1)
        #expect(lines.first?.contains("holds a different sweep") == true)
        #expect(lines.first?.contains("--vary width: 4,16 here, 4,8 in the folder") == true, "\(lines)")
        #expect(try String(contentsOfFile: Self.folder + "/mixed/sweep.json", encoding: .utf8) == plan)
        #expect(try FileManager.default.contentsOfDirectory(atPath: Self.folder + "/mixed/points") == points)
        // A folder that is not a sweep is not written into.
        try FileManager.default.createDirectory(atPath: Self.folder + "/other", withIntermediateDirectories: true)
        FileManager.default.createFile(atPath: Self.folder + "/other/notes.txt", contents: Data("x".utf8))
        lines = []
        #expect(FieldLabCommand.run(Self.sweep("other", ["--vary", "width=4"])) { lines.append($0) } != 0)
        #expect(lines.first?.contains("not empty and has no sweep.json") == true, "\(lines)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: Self.folder + "/other") == ["notes.txt"])
    }
}
