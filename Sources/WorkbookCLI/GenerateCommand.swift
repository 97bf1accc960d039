import ArgumentParser
import Foundation
import GPT
import GPTFastPath
import GSL
import Numerics

struct GenerateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate", abstract: "Continue a prompt with any saved GPT checkpoint (safetensors, from `workbook train m8` or `m9`).")

    @Option(help: "The checkpoint file.")
    var checkpoint: String

    @Option(help: "Text to continue; every character must be in the checkpoint's vocabulary.")
    var prompt = "\n"

    @Option(parsing: .unconditional, help: "Temperature ≥ 0 (0: always the most likely character).")
    var temperature = 0.8

    @Option(parsing: .unconditional, help: "Keep only the k most likely characters, k ≥ 1 (default 5; 0 turns it off).")
    var topK = 5

    @Option(parsing: .unconditional, help: "Characters to generate, 0 to 100,000.")
    var length = 500

    @Option(help: "Seed of the sampling.")
    var seed: UInt = 5

    var sampling: SamplingSettings { SamplingSettings(temperature: temperature, topK: topK == 0 ? nil : topK) }

    func validate() throws {
        try CommandLineCheck.require(temperature.isFinite && temperature >= 0, "--temperature", temperature, "must be a finite number ≥ 0")
        try CommandLineCheck.require(topK >= 0, "--top-k", topK, "must be 1 or more, or 0 for no limit")
        try CommandLineCheck.require((0...100_000).contains(length), "--length", length, "must be 0 to 100,000")
        try CommandLineCheck.require(!prompt.isEmpty, "--prompt", "\"\"", "needs at least one character to continue")
    }

    func run() throws {
        do {
            let saved = try GPTCheckpoint(contentsOf: URL(fileURLWithPath: checkpoint))
            let model = try saved.model()
            let index = Dictionary(uniqueKeysWithValues: saved.vocabulary.enumerated().map { ($1, $0) })
            let ids = try prompt.unicodeScalars.enumerated().map { position, scalar in
                guard let id = index[scalar] else {
                    throw ValidationError("--prompt: character \(position + 1) \"\(scalar)\" is not in the checkpoint's vocabulary of \(saved.vocabulary.count)")
                }
                return id
            }
            let output = try model.generate(after: ids, count: length, sampling: sampling, generator: RandomGenerator(seed: seed))
            var text = String.UnicodeScalarView()
            text.append(contentsOf: output.map { saved.vocabulary[$0] })
            print(prompt + String(text))
        } catch let error as ValidationError { throw error } catch { throw fail(error) }
    }
}
