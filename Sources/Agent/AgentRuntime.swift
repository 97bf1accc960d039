import Foundation
import GPT
import GSL
import Inference
import Numerics

/// What ends a task, and how far it may go.
public struct AgentLimits: Sendable {
    public var toolCalls = 4
    /// Tokens the model may generate (tool outputs the runtime inserts are not counted).
    public var generatedTokens = 96
    public var seconds = 2.0
    public init() {}
}

/// One task's run: the events in order, the answer if the model gave one, and its cost.
public struct Trajectory: Sendable {
    public enum Event: Sendable, Equatable {
        /// Text the model wrote outside calls.
        case text(String)
        /// A call the model wrote, and what the runtime inserted for it.
        case call(String, ToolResult)
        /// A special token the model may not write (an output marker), or one out of place.
        case malformed(String)
    }
    public enum Stop: String, Sendable {
        case answered = "answered", toolCallLimit = "tool-call limit", tokenLimit = "token limit", contextFull = "context full", timeLimit = "time limit"
    }
    public let task: String
    public let events: [Event]
    public let answer: String?
    public let stop: Stop
    public let generatedTokens: Int, toolCalls: Int, flops: Int
    public let seconds: Double

    /// The transcript as text, special tokens spelled out.
    public var transcript: String {
        task + "\n" + events.map { event in
            switch event {
            case .text(let t): t
            case .call(let c, let r): "<|call|>\(c)<|/call|><|output|>\(r)<|/output|>"
            case .malformed(let m): m
            }
        }.joined() + (stop == .answered ? "<|end|>" : " [\(stop.rawValue)]")
    }
}

// listing: agent-loop
/// Runs a task with a trained GPT and a toolbox: the model writes until it closes a call or
/// ends; at the end of a call the runtime runs the tool and inserts its result between the
/// output markers, and the model goes on. Every malformed step (a call closed that was never
/// opened, an output marker written by the model, a call left open at the end) becomes an
/// error result or an event, never an exception; the limits bound the tool calls, the
/// generated tokens, the context (the model's block) and the time.
public struct AgentRuntime {
    public let vocabulary = AgentVocabulary()
    public let toolbox: Toolbox
    public var limits = AgentLimits()

    public init(toolbox: Toolbox) { self.toolbox = toolbox }

    /// `task` run on sequence 0 of `decoder` (reset first), sampling with `sampling` from a
    /// generator seeded `seed`; `observe` sees the text of each token as it is generated or
    /// inserted (for a live trajectory). Throws `ArgumentError` for a decoder whose vocabulary
    /// is not the agent's, or sampling settings that `SamplingSettings.validate()` refuses.
    public func run(_ task: String, decoder: KVCacheDecoder, sampling: SamplingSettings = .greedy, seed: UInt = 0,
                    observe: (String) -> Void = { _ in }) throws -> Trajectory {
        try ArgumentError.require(decoder.vocabularySize == vocabulary.size, "decoder.vocabularySize", decoder.vocabularySize,
                                  allowed: "the agent vocabulary's \(vocabulary.size)")
        try sampling.validate()
        let start = DispatchTime.now().uptimeNanoseconds, flops = decoder.flops, block = decoder.configuration.blockSize
        let generator = RandomGenerator(seed: seed)
        var events: [Trajectory.Event] = [], text = "", call: String?, generated = 0, calls = 0
        func finish(_ stop: Trajectory.Stop, answer: String? = nil) -> Trajectory {
            if !text.isEmpty { events.append(.text(text)) }
            return Trajectory(task: task, events: events, answer: answer, stop: stop, generatedTokens: generated, toolCalls: calls,
                              flops: decoder.flops - flops, seconds: Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
        }
        decoder.reset()
        // The task is text: whatever it spells, it becomes character tokens only.
        let prompt = Array((vocabulary.encode(task) + [vocabulary.newline]).suffix(block))
        var logits = try decoder.append(prompt.map { (sequence: 0, token: $0) }).last!
        /// Appends runtime-inserted or generated tokens; false when the block is full.
        func feed(_ tokens: [Int]) throws -> Bool {
            guard decoder.lengths[0] + tokens.count <= block else { return false }
            logits = try decoder.append(tokens.map { (sequence: 0, token: $0) }).last!
            return true
        }
        // exercise: M13.3 write the agent loop: generate until a call closes or the answer ends, run the tool, insert its result between the output markers, enforce every limit (Chapter 13, the protocol)
        while true {
            if Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9 > limits.seconds { return finish(.timeLimit) }
            guard generated < limits.generatedTokens else { return finish(.tokenLimit) }
            let next = sampling.temperature == 0 ? KVCacheDecoder.greedyToken(logits)
                : try sampling.sample(logits: logits.map(Double.init), generator: generator)
            generated += 1
            var inserted: [Int] = []
            switch vocabulary.special(next) {
            case .callStart?:
                if !text.isEmpty { events.append(.text(text)); text = "" }
                if call != nil { events.append(.malformed(AgentVocabulary.Special.callStart.rawValue)) }
                call = ""
            case .callEnd?:
                calls += 1
                let result = call.map(toolbox.run) ?? .error("no call was open")
                events.append(.call(call ?? "", result))
                call = nil
                inserted = [vocabulary.id(.outputStart)] + vocabulary.encode(result.description) + [vocabulary.id(.outputEnd)]
                if calls > limits.toolCalls { return finish(.toolCallLimit) }
            case .end?:
                if let open = call {
                    // An unclosed call: the model is told, and may go on.
                    calls += 1
                    events.append(.call(open, .error("unclosed call")))
                    call = nil
                    inserted = [vocabulary.id(.outputStart)] + vocabulary.encode("error: unclosed call") + [vocabulary.id(.outputEnd)]
                    if calls > limits.toolCalls { return finish(.toolCallLimit) }
                } else {
                    return finish(.answered, answer: text.trimmingCharacters(in: .whitespaces))
                }
            case .outputStart?, .outputEnd?:
                events.append(.malformed(vocabulary.special(next)!.rawValue))
            case nil:
                let character = vocabulary.decode([next])
                if call != nil { call! += character } else { text += character }
            }
            observe(vocabulary.decode([next] + inserted))
            guard try feed([next] + inserted) else { return finish(.contextFull) }
        }
        // end exercise
    }
}
// end listing
