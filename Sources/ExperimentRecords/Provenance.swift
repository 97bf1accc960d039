import Foundation
import Numerics

/// Where a number came from: enough to reproduce it.
public struct Provenance: Codable, Equatable, Sendable {
    /// The run's date, UTC, "YYYY-MM-DD".
    public var date: String
    /// Short commit hash, with "-dirty" when sources, tests, fixtures or scripts had uncommitted changes.
    public var commit: String
    public var seed: UInt
    /// "Swift 6.3.1".
    public var toolchain: String
    /// "release" or "debug", and the matrix kernels: "release, OpenBLAS SkylakeX kernels".
    public var build: String
    /// CPU model, cores and memory.
    public var hardware: String

    public init(date: String, commit: String, seed: UInt, toolchain: String, build: String, hardware: String) {
        self.date = date
        self.commit = commit
        self.seed = seed
        self.toolchain = toolchain
        self.build = build
        self.hardware = hardware
    }

    /// This process's provenance for a run with `seed`.
    public static func current(seed: UInt) -> Provenance {
        let machine = MachineDescription.current
        return Provenance(date: machine.date, commit: machine.commit, seed: seed,
                          toolchain: machine.toolchain, build: machine.build, hardware: machine.hardware)
    }

    /// One line for the log: "commit 1a2b3c4, seed 42, Swift 6.3.1, build: release, …, Intel Xeon …".
    public var summary: String {
        "commit \(commit), seed \(seed), \(toolchain), build: \(build), \(hardware)"
    }
}

/// Facts about this process and machine, read once.
private struct MachineDescription: Sendable {
    let date: String
    let commit: String
    let toolchain: String
    let build: String
    let hardware: String

    static let current = MachineDescription()

    private init() {
        let calendar = Calendar(identifier: .gregorian)
        let day = calendar.dateComponents(in: TimeZone(identifier: "UTC")!, from: Date())
        date = String(format: "%04d-%02d-%02d", day.year!, day.month!, day.day!)

        if let hash = Self.run("git", "rev-parse", "--short", "HEAD") {
            // Dirty means the code or data that produce the numbers differ from the commit; the
            // generated log, chapters and plots do not count (regenerating them must not taint them).
            let dirty = !(Self.run("git", "status", "--porcelain", "--untracked-files=no", "--",
                                   "Sources", "Tests", "Fixtures", "Scripts", "Package.swift") ?? "").isEmpty
            commit = hash + (dirty ? "-dirty" : "")
        } else {
            commit = "unknown (not a git checkout)"
        }

        // "Swift version 6.3.1 (swift-6.3.1-RELEASE)" → "Swift 6.3.1"
        let versionLine = Self.run("swift", "--version")?.split(separator: "\n").first.map(String.init) ?? ""
        let version = versionLine.split(separator: " ").dropFirst(2).first.map(String.init)
        toolchain = version.map { "Swift \($0)" } ?? "Swift (unknown version)"

        #if DEBUG
        let configuration = "debug"
        #else
        let configuration = "release"
        #endif
        let kernels = MatrixKernel.active == .openBLAS ? "OpenBLAS \(String(MatrixKernel.openBLASConfiguration.prefix { $0 != "(" }).trimmingCharacters(in: .whitespaces))" : "reference kernels"
        build = "\(configuration), \(kernels)"

        let cpuinfo = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? ""
        let model = cpuinfo.split(separator: "\n")
            .first { $0.hasPrefix("model name") }
            .flatMap { $0.split(separator: ":", maxSplits: 1).last }
            .map { $0.trimmingCharacters(in: .whitespaces) } ?? "unknown CPU"
        let gib = Double(ProcessInfo.processInfo.physicalMemory) / Double(1 << 30)
        hardware = "\(model), \(ProcessInfo.processInfo.activeProcessorCount) cores, \(Int(gib.rounded())) GiB"
    }

    /// Runs a command found on PATH and returns its trimmed standard output, or nil on failure.
    private static func run(_ arguments: String...) -> String? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        do { try process.run() } catch { return nil }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { return nil }
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
