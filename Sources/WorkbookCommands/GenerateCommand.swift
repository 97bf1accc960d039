import ArgumentParser
import Foundation
import GPT
import GPTFastPath
import GSL
import ExperimentRecords
import Inference
import InferenceExperiments
import Numerics

struct GenerateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate", abstract: "Continue a prompt with any saved GPT checkpoint (safetensors, from `workbook train m8` or `m9`).",
        discussion: """
            Streams the text as it is generated (with --batch N, the first sequence; the others follow), then prints \
            the time to the first token, the median and p90 latency per step and the tokens per second. Chapter 12 \
            explains each technique.
            """)

    enum Switch: String, ExpressibleByArgument, CaseIterable { case on, off }
    enum Quantization: String, ExpressibleByArgument, CaseIterable { case none, int8, q8_0, int4 }

    @Option(help: "The checkpoint file.")
    var checkpoint: String

    @Option(help: "Text to continue; every character must be in the checkpoint's vocabulary.")
    var prompt = "\n"

    @Option(parsing: .unconditional, help: "Temperature ≥ 0 (0: always the most likely character). Default 0.8, or 0 with --draft.")
    var temperature: Double?

    @Option(parsing: .unconditional, help: "Keep only the k most likely characters, k ≥ 1 (default 5; 0 turns it off).")
    var topK = 5

    @Option(parsing: .unconditional, help: "Characters to generate, 0 to 100,000.")
    var length = 500

    @Option(help: "Seed of the sampling (sequence i of a batch uses seed + i).")
    var seed: UInt = 5

    @Option(help: "on: keep each position's keys and values; off: recompute the whole window for every character.")
    var kvCache: Switch = .on

    @Option(help: "Store the block matrices as none (Float32), int8 (per row), q8_0 (groups of 64) or int4 (groups of 32).")
    var quantize: Quantization = .none

    @Option(help: "A smaller checkpoint with the same vocabulary that drafts characters for the target to verify (speculative decoding; greedy).")
    var draft: String?

    @Option(parsing: .unconditional, help: "Characters the draft proposes per round, 1 to 16 (with --draft; default 4).")
    var speculate: Int?

    @Option(parsing: .unconditional, help: "Sequences generated together from the prompt, 1 to 256.")
    var batch = 1

    var sampling: SamplingSettings { SamplingSettings(temperature: temperature ?? (draft == nil ? 0.8 : 0), topK: topK == 0 ? nil : topK) }

    func validate() throws {
        if let temperature {
            try CommandLineCheck.require(temperature.isFinite && temperature >= 0, "--temperature", temperature, "must be a finite number ≥ 0")
        }
        try CommandLineCheck.require(topK >= 0, "--top-k", topK, "must be 1 or more, or 0 for no limit")
        try CommandLineCheck.require((0...100_000).contains(length), "--length", length, "must be 0 to 100,000")
        try CommandLineCheck.require(!prompt.isEmpty, "--prompt", "\"\"", "needs at least one character to continue")
        try CommandLineCheck.require((1...256).contains(batch), "--batch", batch, "must be 1 to 256")
        if let speculate {
            try CommandLineCheck.require(draft != nil, "--speculate", speculate, "needs --draft CHECKPOINT, the model that drafts")
            try CommandLineCheck.require((1...16).contains(speculate), "--speculate", speculate, "must be 1 to 16")
        }
        if draft != nil {
            try CommandLineCheck.require(sampling.temperature == 0, "--temperature", sampling.temperature, "must be 0 with --draft (speculative decoding here is greedy)")
            try CommandLineCheck.require(batch == 1, "--batch", batch, "must be 1 with --draft (speculative decoding here serves one sequence)")
            try CommandLineCheck.require(kvCache == .on, "--kv-cache", kvCache.rawValue, "must be on with --draft (the verification pass extends the cache)")
        }
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
            let weights: KVCacheDecoder.Weights = switch quantize {
            case .none: .float32
            case .int8: .quantized(.int8PerRow)
            case .q8_0: .quantized(.q8_0)
            case .int4: .quantized(.int4)
            }
            let decoder = try KVCacheDecoder(model: model, sequences: batch, weights: weights)
            var drafting: (decoder: KVCacheDecoder, lookahead: Int)?
            if let draft {
                let drafter = try GPTCheckpoint(contentsOf: URL(fileURLWithPath: draft))
                guard drafter.vocabulary == saved.vocabulary else {
                    throw ValidationError("--draft \(draft): its vocabulary (\(drafter.vocabulary.count) characters) differs from the checkpoint's (\(saved.vocabulary.count)); the draft must propose the target's tokens")
                }
                let block = model.configuration.blockSize
                guard ids.count + length <= block + 1 else {
                    throw ValidationError("--length \(length): with --draft the prompt (\(ids.count)) and the length must fit in \(block + 1) characters (the target's block + 1: its window does not slide here)")
                }
                guard (speculate ?? 4) < drafter.configuration.blockSize else {
                    throw ValidationError("--speculate \(speculate ?? 4): must be below the draft's block size (\(drafter.configuration.blockSize))")
                }
                drafting = (try KVCacheDecoder(model: drafter.model(), weights: weights), speculate ?? 4)
            }
            var texts = Array(repeating: String.UnicodeScalarView(), count: batch), summary = ""
            FileHandle.standardOutput.write(Data(prompt.utf8))
            let timing = try GenerationTiming.measure(batch: batch, newTokens: length) { mark in
                func show(_ sequence: Int, _ token: Int) {
                    texts[sequence].append(saved.vocabulary[token])
                    guard sequence == 0 else { return }
                    mark()
                    FileHandle.standardOutput.write(Data(String(saved.vocabulary[token]).utf8))
                }
                if let (draftDecoder, lookahead) = drafting {
                    let result = try SpeculativeDecoding(lookahead: lookahead).generate(target: decoder, draft: draftDecoder, prompt: ids, count: length) { show(0, $0) }
                    summary = "; speculative, k \(lookahead): acceptance \(formatted(result.acceptanceRate, digits: 3)), \(formatted(result.targetPassesPerToken, digits: 3)) target passes per character"
                } else {
                    _ = try decoder.generate(prompts: Array(repeating: ids, count: batch), count: length, sampling: sampling, seed: seed, cache: kvCache == .on) { sequence, token, _ in
                        show(sequence, token)
                    }
                }
            }
            FileHandle.standardOutput.write(Data("\n".utf8))
            for s in 1..<max(1, batch) { FileHandle.standardOutput.write(Data("--- sequence \(s + 1) (seed \(seed + UInt(s)))\n\(prompt)\(String(texts[s]))\n".utf8)) }
            let ms = { (seconds: Double, digits: Int) in length == 0 ? "—" : formatted(1000 * seconds, digits: digits) + " ms" }
            FileHandle.standardError.write(Data((
                "--- \(batch * length) characters in \(formatted(timing.total * 1000, digits: 1)) ms: first token \(ms(timing.timeToFirstToken, 2)), "
                + "step median \(ms(timing.medianLatency, 3)), p90 \(ms(timing.p90Latency, 3)), "
                + "\(formatted(timing.tokensPerSecond, digits: 0)) characters/s (KV cache \(kvCache.rawValue), weights \(weights), batch \(batch))\(summary)\n").utf8))
        } catch let error as ValidationError { throw error } catch { throw fail(error) }
    }
}
