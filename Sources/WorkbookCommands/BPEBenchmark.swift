import BPETokenizer
import Foundation
import Numerics

/// The tokenizer benchmark: cl100k_base encoding throughput and BPE training time on one text,
/// beside tiktoken and Hugging Face `tokenizers` (`bpe_peer.py`) run in the same process tree.
struct BPEBenchmark {
    let textPath: String
    let rounds: Int
    let merges = [512, 4096]

    struct Figures {
        var encodeSeconds = 0.0, tokens = 0, bytes = 0, loadSeconds = 0.0
        var trainSeconds: [Int: Double] = [:]
        var megabytesPerSecond: Double { Double(bytes) / encodeSeconds / 1e6 }
    }

    /// The workbook's figures: medians over `rounds` (training: over max(1, rounds / 2)), after a warm-up.
    func measure(rankFile: URL) throws -> Figures {
        let text = try FileFormatError.readText(URL(fileURLWithPath: textPath))
        var figures = Figures()
        figures.bytes = text.utf8.count
        var start = Date()
        let encoding = try TiktokenEncoding.cl100kBase(rankFile: rankFile)
        figures.loadSeconds = Date().timeIntervalSince(start)
        _ = try encoding.encode(String(text.prefix(10_000)), specialTokens: .asText)
        var times: [Double] = []
        for _ in 0..<rounds {
            start = Date()
            figures.tokens = try encoding.encode(text, specialTokens: .asText).count
            times.append(Date().timeIntervalSince(start))
        }
        figures.encodeSeconds = median(times)
        for count in merges {
            let seconds = try (0..<max(1, rounds / 2)).map { _ -> Double in
                start = Date()
                _ = try BytePairEncoding.trainFast(on: text, mergeCount: count, split: .pattern(.gpt2))
                return Date().timeIntervalSince(start)
            }
            figures.trainSeconds[count] = median(seconds)
        }
        return figures
    }

    /// The peer's JSON: tiktoken's MB/s and token count, HF's training seconds per merge count.
    func peer(python: String, script: String) throws -> (megabytesPerSecond: Double, tokens: Int, version: String, trainSeconds: [Int: Double]) {
        let process = Process(), output = Pipe()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = [script, "--text", textPath, "--merges", merges.map(String.init).joined(separator: ","),
                             "--rounds", "\(rounds)", "--threads", "1"]
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0, let json = try JSONSerialization.jsonObject(with: data) as? [String: Any],
              let tiktoken = json["tiktoken"] as? [String: Any], let rate = tiktoken["MB_per_s"] as? Double,
              let tokens = tiktoken["tokens"] as? Int, let train = json["hf_train"] as? [String: [String: Any]] else {
            throw ValidationFailure("\(script) (run with \(python)) gave no figures; exit status \(process.terminationStatus)")
        }
        var seconds: [Int: Double] = [:]
        for (key, value) in train {
            if let merges = Int(key), let median = value["median_s"] as? Double { seconds[merges] = median }
        }
        return (rate, tokens, tiktoken["version"] as? String ?? "?", seconds)
    }
}
