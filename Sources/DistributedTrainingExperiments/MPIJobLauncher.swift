import Foundation
import Numerics

/// Starts `mpirun` with a job and waits for it, within a time limit.
public enum MPIJobLauncher {
    /// What one job did: its exit status, everything it printed, and rank 0's result.
    public struct Outcome: Sendable {
        public let status: Int32, timedOut: Bool
        public let output: String
        public let result: DistributedResult?
        public let seconds: Double
    }

    /// Runs `rankCommand` (a program that calls `DistributedJob.runRank` with the job file
    /// `WORKBOOK_MPI_JOB` names) as `processes` ranks of one `mpirun` job on this machine:
    /// oversubscribed (more ranks than cores is allowed), unbound, OpenBLAS on one thread per
    /// rank, and allowed to run as root (where CI does). Stops it after `timeout` seconds.
    /// Throws `ArgumentError` for fewer than 1 process or a timeout not above 0, and
    /// `FileFormatError` if `mpirun` is missing (Scripts/install-system-packages.sh installs it).
    public static func run(_ job: DistributedJob, processes: Int, rankCommand: [String], timeout: Double) throws -> Outcome {
        try ArgumentError.requireAtLeast(1, processes, "processes")
        try ArgumentError.require(timeout > 0, "timeout", timeout, allowed: "must be above 0 seconds")
        let mpirun = "/usr/bin/mpirun"
        guard FileManager.default.isExecutableFile(atPath: mpirun) else {
            throw FileFormatError(file: mpirun, line: 0, problem: "is missing: run `bash Scripts/install-system-packages.sh` (Debian's openmpi-bin)")
        }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("workbook-mpi-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        var job = job
        job.resultPath = folder.appendingPathComponent("result.json").path
        let jobFile = folder.appendingPathComponent("job.json")
        try JSONEncoder().encode(job).write(to: jobFile)

        let process = Process()
        process.executableURL = URL(fileURLWithPath: mpirun)
        process.arguments = ["-np", "\(processes)", "--oversubscribe", "--bind-to", "none",
                             "-x", DistributedJob.environmentVariable, "-x", "OPENBLAS_NUM_THREADS"] + rankCommand
        var environment = ProcessInfo.processInfo.environment
        environment[DistributedJob.environmentVariable] = jobFile.path
        environment["OPENBLAS_NUM_THREADS"] = "1"
        environment["OMPI_ALLOW_RUN_AS_ROOT"] = "1"
        environment["OMPI_ALLOW_RUN_AS_ROOT_CONFIRM"] = "1"
        process.environment = environment
        let output = folder.appendingPathComponent("output.txt")
        _ = FileManager.default.createFile(atPath: output.path, contents: nil)
        let handle = try FileHandle(forWritingTo: output)
        process.standardOutput = handle
        process.standardError = handle
        let start = Date()
        try process.run()
        var timedOut = false
        while process.isRunning {
            if Date().timeIntervalSince(start) > timeout {
                timedOut = true
                process.terminate()
                Thread.sleep(forTimeInterval: 1)
                if process.isRunning { kill(process.processIdentifier, SIGKILL) }
                break
            }
            Thread.sleep(forTimeInterval: 0.02)
        }
        process.waitUntilExit()
        try handle.close()
        let text = (try? String(contentsOf: output, encoding: .utf8)) ?? ""
        let result = (try? Data(contentsOf: URL(fileURLWithPath: job.resultPath))).flatMap { try? JSONDecoder().decode(DistributedResult.self, from: $0) }
        return Outcome(status: process.terminationStatus, timedOut: timedOut, output: text, result: result,
                       seconds: Date().timeIntervalSince(start))
    }

    /// This process's own executable (`/proc/self/exe`), to launch it again as the ranks.
    public static var currentExecutable: String {
        URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().path
    }
}
