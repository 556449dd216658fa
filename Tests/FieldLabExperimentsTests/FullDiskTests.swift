import Foundation
import Testing
import FieldLabCLI

/// A full disk and a read-only folder, made real: a 256 KiB tmpfs, filled
/// up, then remounted read-only (root ignores permission bits, so `chmod`
/// would prove nothing). A write that fails names the cause in one line,
/// leaves the previous file as it was and no temporary file or empty run
/// folder behind.
@Suite(.serialized) struct FullDiskTests {
    static func mount(_ arguments: [String]) -> Bool {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return false }
        process.waitUntilExit()
        return process.terminationStatus == 0
    }

    @Test func failedWritesNameTheCauseAndKeepThePreviousFile() throws {
        let disk = NSTemporaryDirectory() + "fieldlab-full-\(getpid())"
        try FileManager.default.createDirectory(atPath: disk, withIntermediateDirectories: true)
        guard getuid() == 0, Self.mount(["mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", disk]) else {
            Issue.record("the full-disk test mounts a tmpfs and needs root")
            return
        }
        defer {
            _ = Self.mount(["umount", disk])
            try? FileManager.default.removeItem(atPath: disk)
        }
        let points = disk + "/points.csv"
        #expect(FieldLabCommand.run(["data", "moons", "--count", "20", "--seed", "1", "--out", points]) == 0)
        let before = try Data(contentsOf: URL(fileURLWithPath: points))
        // Fill the disk but for 12 KiB.
        #expect(FileManager.default.createFile(atPath: disk + "/filler", contents: Data(count: 256 * 1024 - 16 * 1024)))

        func contents() -> [String] { ((try? FileManager.default.contentsOfDirectory(atPath: disk)) ?? []).sorted() }
        expectOneLineError(["data", "moons", "--count", "5000", "--seed", "2", "--out", points],
                           containing: "cannot write '\(points)': No space left on device")
        #expect(try Data(contentsOf: URL(fileURLWithPath: points)) == before, "the previous file changed")
        #expect(contents() == ["filler", "points.csv"], "left behind: \(contents())")
        expectOneLineError(["train", "--flow-matching", "--dataset", "moons", "--steps", "2", "--width", "64",
                            "--batch-size", "8", "--train-size", "2000", "--samples", "2000", "--out", disk + "/run"],
                           containing: "No space left on device")
        #expect(contents() == ["filler", "points.csv"], "left behind: \(contents())")

        // Read-only.
        try FileManager.default.removeItem(atPath: disk + "/filler")
        #expect(Self.mount(["mount", "-o", "remount,ro", disk]))
        expectOneLineError(["data", "moons", "--count", "5", "--out", points], containing: "Read-only file system")
        expectOneLineError(["train", "--flow-matching", "--dataset", "moons", "--steps", "2", "--out", disk + "/run"],
                           containing: "Read-only file system")
        expectOneLineError(["sweep", "--flow-matching", "--dataset", "moons", "--steps", "2", "--vary", "width=4",
                            "--out", disk + "/sweep"], containing: "Read-only file system")
        #expect(try Data(contentsOf: URL(fileURLWithPath: points)) == before)
        #expect(contents() == ["points.csv"], "left behind: \(contents())")
    }
}
