import ArgumentParser
import Foundation
import Testing
import WorkbookCommands

/// Every option of the `workbook` command is validated by the argument parser: nonsense is
/// refused with a message naming the option, the value and what is allowed, before anything runs.
@Suite("Tooling · command-line options")
struct OptionValidationTests {
    /// The parser's message for `arguments`, or nil if they parse and validate.
    static func refusal(_ arguments: [String]) -> String? {
        do {
            _ = try Workbook.parseAsRoot(arguments)
            return nil
        } catch {
            return Workbook.message(for: error)
        }
    }

    @Test("Values that used to trap, mislead or exit 0 are refused, each naming its option and value", arguments: [
        (["train", "m8", "--steps", "0"], "--steps 0"),
        (["train", "m8", "--threads", "3"], "--threads 3"),
        (["train", "m8", "--threads", "0"], "--threads 0"),
        (["train", "m8", "--evaluate-every", "0"], "--evaluate-every 0"),
        (["train", "m8", "--dev-characters", "10"], "--dev-characters 10"),
        (["train", "m8", "--learning-rate", "-0.1"], "--learning-rate -0.1"),
        (["train", "m8", "--sample-length", "-1"], "--sample-length -1"),
        (["train", "m8", "--zero"], "--zero"),
        (["train", "m8", "--checkpoint", "/"], "--checkpoint /"),
        (["train", "m8", "--distributed", "--threads", "2"], "--threads 2"),
        (["bench", "--part", "distributed", "--distributed-steps", "2"], "--distributed-steps 2"),
        (["train", "m9", "--rank", "0"], "--rank 0"),
        (["train", "m9", "--steps", "0"], "--steps 0"),
        (["train", "m9", "--seeds", "1,x"], "--seeds 1,x"),
        (["train", "m9", "--learning-rate", "-1"], "--learning-rate -1.0"),
        (["train", "m9", "--method", "half"], "half"),
        (["generate", "--checkpoint", "m.safetensors", "--temperature", "-1"], "--temperature -1.0"),
        (["generate", "--checkpoint", "m.safetensors", "--top-k", "-2"], "--top-k -2"),
        (["generate", "--checkpoint", "m.safetensors", "--length", "100001"], "--length 100001"),
        (["generate", "--checkpoint", "m.safetensors", "--prompt", ""], "--prompt"),
        (["generate", "--checkpoint", "m.safetensors", "--batch", "0"], "--batch 0"),
        (["generate", "--checkpoint", "m.safetensors", "--kv-cache", "maybe"], "maybe"),
        (["generate", "--checkpoint", "m.safetensors", "--quantize", "int2"], "int2"),
        (["generate", "--checkpoint", "m.safetensors", "--speculate", "4"], "--speculate 4"),
        (["generate", "--checkpoint", "m.safetensors", "--draft", "d.safetensors", "--speculate", "0"], "--speculate 0"),
        (["generate", "--checkpoint", "m.safetensors", "--draft", "d.safetensors", "--temperature", "0.8"], "--temperature 0.8"),
        (["generate", "--checkpoint", "m.safetensors", "--draft", "d.safetensors", "--batch", "2"], "--batch 2"),
        (["generate", "--checkpoint", "m.safetensors", "--draft", "d.safetensors", "--kv-cache", "off"], "--kv-cache off"),
        (["bench", "--inference-python", "/nonexistent/python"], "--inference-python /nonexistent/python"),
        (["train", "m1", "--epochs=-5"], "--epochs -5"),
        (["train", "m1", "--learning-rate=-1"], "--learning-rate -1.0"),
        (["train", "m1", "--learning-rate", "-1"], "--learning-rate -1.0"),
        (["train", "m1", "--learning-rate", "nan"], "--learning-rate nan"),
        (["bench", "--sizes", "0"], "--sizes 0"),
        (["bench", "--rounds", "0"], "--rounds 0"),
        (["bench", "--memory-steps", "5"], "--memory-steps 5"),
        (["listings", "--package-root", "/nonexistent/workbook"], "--package-root /nonexistent/workbook"),
        (["tokenize", "--decode", "1,x"], "--decode 1,x"),
        (["tokenize", "--decode", "1", "text"], "give either --decode IDS or a text"),
        (["tokenize", "--vocabulary", "/nonexistent.bpe", "hi"], "--vocabulary /nonexistent.bpe"),
        (["tokenize", "--special", "sometimes", "hi"], "sometimes"),
        (["train-tokenizer", "--merges", "0", "Package.swift"], "--merges 0"),
        (["train-tokenizer", "--merges", "-3", "Package.swift"], "--merges -3"),
        (["train-tokenizer", "--merges", "10", "/nonexistent.txt"], "/nonexistent.txt"),
        (["train-tokenizer", "--merges", "10", "--mode", "gpt5", "Package.swift"], "gpt5"),
        (["bench", "--part", "tokens"], "tokens"),
        (["bench", "--metrics-python", "/nonexistent/python"], "--metrics-python /nonexistent/python"),
        (["score", "meteor", "--hypotheses", "h", "--references", "r"], "meteor"),
        (["score", "bleu", "--hypotheses", "h"], "--references"),
        (["score", "bleu", "--hypotheses", "h", "--references", "r", "--tokenize", "intl"], "--tokenize intl"),
        (["score", "bleu", "--hypotheses", "h", "--references", "r", "--smooth", "exp", "--smooth-value", "0.5"], "--smooth-value 0.5"),
        (["score", "bleu", "--hypotheses", "h", "--references", "r", "--smooth", "floor", "--smooth-value", "-1"], "--smooth-value -1.0"),
        (["score", "chrf", "--hypotheses", "h", "--references", "r", "--stem"], "--stem"),
        (["score", "squad", "--hypotheses", "h", "--references", "r", "--squad-version", "v3"], "--squad-version v3"),
        (["evaluate-ranking", "--qrels", "q"], "--run"),
        (["embed", "--package-root", "/nonexistent/workbook", "text"], "--package-root /nonexistent/workbook"),
        (["embed", "--threads", "3", "text"], "--threads 3"),
        (["search", "--k", "0", "love"], "--k 0"),
        (["search", "--k", "101", "love"], "--k 101"),
        (["search", "--method", "fuzzy", "love"], "fuzzy"),
        (["search", "  "], "query"),
        (["train", "m11", "--reader-steps", "0"], "--reader-steps 0"),
        (["bench", "--hnsw-vectors", "10"], "--hnsw-vectors 10"),
        (["bench", "--retrieval-python", "/nonexistent/python"], "--retrieval-python /nonexistent/python"),
    ])
    func refused(arguments: [String], naming: String) throws {
        let message = try #require(Self.refusal(arguments), "\(arguments) was accepted")
        #expect(message.contains(naming), "\(arguments): \(message)")
    }

    @Test("A folder that is not the workbook is refused by every command that reads or writes one, saying where it looked")
    func notTheWorkbook() throws {
        let chapters = FileManager.default.currentDirectoryPath + "/Chapters"
        for command in ["listings", "fixtures", "log"] {
            let message = try #require(Self.refusal([command, "--package-root", chapters]), "\(command) accepted Chapters/")
            #expect(message.contains(chapters) && message.contains("not the workbook"), "\(command): \(message)")
        }
        let empty = FileManager.default.temporaryDirectory.appendingPathComponent("workbook-empty-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: empty) }
        #expect(Self.refusal(["fixtures", "--package-root", empty.path]) != nil)
        #expect(!FileManager.default.fileExists(atPath: empty.appendingPathComponent("Fixtures").path), "nothing was written there")
    }

    @Test("The defaults and the documented settings parse")
    func defaultsParse() {
        #expect(Self.refusal(["train", "m8"]) == nil)
        #expect(Self.refusal(["train", "m8", "--config", "tiny", "--threads", "2", "--steps", "10"]) == nil)
        #expect(Self.refusal(["train", "m1", "--learning-rate", "0.05", "--epochs", "20"]) == nil)
        #expect(Self.refusal(["bench", "--sizes", "64", "128"]) == nil)
        #expect(Self.refusal(["listings"]) == nil)
        #expect(Self.refusal(["score", "bleu", "--hypotheses", "h", "--references", "r1", "r2", "--smooth", "floor", "--smooth-value", "0.2"]) == nil)
    }

    @Test("workbook score refuses files whose line counts differ, naming both files and counts")
    func scoreLineCounts() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("workbook-score-\(ProcessInfo.processInfo.processIdentifier)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let hypotheses = folder.appendingPathComponent("h.txt"), references = folder.appendingPathComponent("r.txt")
        try "a b c\nd e f\n".write(to: hypotheses, atomically: true, encoding: .utf8)
        try "a b c\n".write(to: references, atomically: true, encoding: .utf8)
        let command = try #require(try Workbook.parseAsRoot(["score", "bleu", "--hypotheses", hypotheses.path, "--references", references.path]) as? ScoreCommand)
        let error = #expect(throws: ValidationError.self) { try command.run() }
        #expect(error?.message.contains("h.txt has 2 lines but \(references.path) has 1") == true, "\(String(describing: error))")
        #expect(try ScoreCommand.lines(of: references.path) == ["a b c"])
    }
}
