import Foundation
import GPT
import GSL
import ExperimentRecords
import Numerics
import GPTFastPath

/// The GPT training step measured the way the PyTorch peer in `shared/bench` measures it:
/// constant learning rate 1e-3, batch sampling included, `warmup` steps then the median of
/// `steps` timed steps.
struct GPTBenchmark {
    let corpus: CharacterCorpus
    let configuration: GPTConfiguration
    var warmup = 10
    var steps = 50

    /// Milliseconds per step: median, 10th and 90th percentile.
    func measure(cores: Int) throws -> (median: Double, p10: Double, p90: Double) {
        let model = try FusedGPT<Float>(configuration: configuration, vocabularySize: corpus.vocabularySize, seed: 1)
        try model.useWorkers(cores)
        let generator = RandomGenerator(seed: 1337)
        var times: [Double] = []
        for step in 1...(warmup + steps) {
            let start = DispatchTime.now().uptimeNanoseconds
            let batch = try corpus.randomWindows(count: configuration.batchSize, length: configuration.blockSize, generator: generator)
            _ = try model.trainingStep(batch, learningRate: 1e-3, step: step)
            if step > warmup { times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6) }
        }
        times.sort()
        return (times[times.count / 2], times[times.count / 10], times[(9 * times.count) / 10])
    }

    /// Resident memory after step 10 and after the last step, and the model's own buffers.
    func memory(cores: Int, steps total: Int) throws -> (early: Int, late: Int, peak: Int, buffers: Int) {
        let model = try FusedGPT<Float>(configuration: configuration, vocabularySize: corpus.vocabularySize, seed: 1)
        try model.useWorkers(cores)
        let generator = RandomGenerator(seed: 1337)
        var early = 0
        for step in 1...total {
            let batch = try corpus.randomWindows(count: configuration.batchSize, length: configuration.blockSize, generator: generator)
            _ = try model.trainingStep(batch, learningRate: 1e-3, step: step)
            if step == 10 { early = ProcessMemory.resident }
        }
        return (early, ProcessMemory.resident, ProcessMemory.peak, model.allocatedBytes)
    }

    /// The PyTorch peer's median ms per step, run as a subprocess on the same corpus.
    static func peer(python: String, script: String, threads: Int, corpus: String) throws -> Double {
        let json = FileManager.default.temporaryDirectory.appendingPathComponent("workbook-peer-\(getpid()).jsonl")
        defer { try? FileManager.default.removeItem(at: json) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = [script, "--config", "baby", "--threads", "\(threads)", "--bench", "--corpus", corpus, "--json", json.path]
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0,
              let line = try String(contentsOf: json, encoding: .utf8).split(separator: "\n").last,
              let result = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
              let median = result["ms_median"] as? Double
        else { throw ValidationFailure("\(script) (run with \(python)) gave no timing; exit status \(process.terminationStatus)") }
        return median
    }
}

/// A benchmark precondition that failed, said in one line.
struct ValidationFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// This process's memory from /proc/self/status (bytes).
enum ProcessMemory {
    static var resident: Int { field("VmRSS:") }
    static var peak: Int { field("VmHWM:") }

    private static func field(_ name: String) -> Int {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix(name) }),
              let kilobytes = Int(line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "")
        else { return 0 }
        return kilobytes * 1024
    }
}
