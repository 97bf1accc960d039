import Foundation
import Numerics

/// Greedy speculative decoding (Leviathan et al. 2023; Chen et al. 2023, with greedy
/// acceptance): a small draft model proposes `lookahead` tokens one at a time, and the target
/// model scores all of them in one pass, k + 1 rows through its KV cache. The target keeps the
/// longest prefix of the draft that equals its own greedy choices, then adds its own next
/// token, so every round yields between 1 and k + 1 tokens and the output is exactly the
/// target's greedy output. What it saves is target passes: decoding is memory-bound, and
/// scoring k + 1 rows reads the weights once, about what one row costs.
public struct SpeculativeDecoding: Sendable {
    /// The generated ids and what the rounds did.
    public struct Result: Sendable {
        public let ids: [Int]
        /// Passes of the target (one per round) and tokens the draft proposed and the target kept.
        public let targetPasses: Int, drafted: Int, accepted: Int
        /// Accepted over drafted draft tokens.
        public var acceptanceRate: Double { drafted == 0 ? 0 : Double(accepted) / Double(drafted) }
        /// Target passes per generated token: 1 for plain decoding, 1/(k + 1) at best.
        public var targetPassesPerToken: Double { ids.isEmpty ? 0 : Double(targetPasses) / Double(ids.count) }
    }

    public let lookahead: Int

    /// Throws `ArgumentError` for a lookahead below 1.
    public init(lookahead: Int) throws {
        try ArgumentError.requireAtLeast(1, lookahead, "lookahead")
        self.lookahead = lookahead
    }

    // listing: speculative-round
    /// `count` tokens after `prompt`, greedy, in sequence 0 of `target` and of `draft` (both
    /// caches are reset). The target's window must hold the prompt and all but the last token
    /// (past its block every cached key is stale and a rejected draft could not be rolled
    /// back); the draft's window slides when it is full, which changes only what it proposes.
    /// `observe` sees each token as it is decided (for streaming). Throws `ArgumentError` for
    /// one decoder given as both, models with different vocabularies, a lookahead the draft's
    /// block cannot hold, an empty prompt or one with an id outside the vocabulary, a negative
    /// count, or a prompt and count longer than the target's block + 1.
    public func generate(target: KVCacheDecoder, draft: KVCacheDecoder, prompt: [Int], count: Int,
                         observe: (_ token: Int) throws -> Void = { _ in }) throws -> Result {
        try ArgumentError.require(target !== draft, "draft", "the target's decoder", allowed: "a decoder of its own: the two caches hold different models' keys")
        try ArgumentError.require(target.vocabularySize == draft.vocabularySize, "draft.vocabularySize", draft.vocabularySize,
                                  allowed: "the target's \(target.vocabularySize): the draft proposes the target's tokens")
        let draftBlock = draft.configuration.blockSize, block = target.configuration.blockSize
        try ArgumentError.require(lookahead < draftBlock, "lookahead", lookahead, allowed: "below the draft's block size (\(draftBlock))")
        try target.configuration.validateGeneration(prompt: prompt, count: count, sampling: .greedy, vocabularySize: target.vocabularySize)
        try ArgumentError.require(prompt.count + count <= block + 1, "prompt.count + count", prompt.count + count,
                                  allowed: "at most \(block + 1): the target's window must hold the prompt and all but the last token")
        // exercise: M12.3 write speculative decoding: the draft proposes k tokens, the target checks them in one pass, keep the agreeing prefix plus the target's token, roll the caches back (Chapter 12, speculative decoding)
        target.reset()
        draft.reset()
        if prompt.count > 1 { _ = try target.append(prompt.dropLast().map { (sequence: 0, token: $0) }) }
        // The last token of `context` is in neither cache yet.
        var context = prompt, ids: [Int] = [], passes = 0, drafted = 0, accepted = 0
        while ids.count < count {
            let k = min(lookahead, count - ids.count - 1)
            if draft.lengths[0] == 0 || draft.lengths[0] + 1 + k > draftBlock {
                // (Re)fill the draft from the end of the context, leaving room for this round.
                draft.reset()
                let rows = context.dropLast().suffix(draftBlock - 1 - k).map { (sequence: 0, token: $0) }
                if !rows.isEmpty { _ = try draft.append(rows) }
            }
            let targetCached = target.lengths[0], draftCached = draft.lengths[0]
            // The draft proposes k tokens, one at a time, after the pending one.
            var proposal: [Int] = [], logits = try draft.append(context.last!)
            for i in 0..<k {
                proposal.append(KVCacheDecoder.greedyToken(logits))
                if i < k - 1 { logits = try draft.append(proposal[i]) }
            }
            // The target scores the pending token and the whole proposal in one pass.
            let scores = try target.append(([context.last!] + proposal).map { (sequence: 0, token: $0) })
            passes += 1
            var kept = 0
            while kept < k && KVCacheDecoder.greedyToken(scores[kept]) == proposal[kept] { kept += 1 }
            let next = KVCacheDecoder.greedyToken(scores[kept])
            for token in proposal[..<kept] + [next] {
                try observe(token)
                ids.append(token)
                context.append(token)
            }
            (drafted, accepted) = (drafted + k, accepted + kept)
            // Both caches keep the pending token and the accepted draft; `next` is pending now.
            try target.truncate(sequence: 0, to: targetCached + 1 + kept)
            if kept == k && k > 0 {
                _ = try draft.append(proposal[k - 1])
            } else {
                try draft.truncate(sequence: 0, to: draftCached + 1 + kept)
            }
        }
        return Result(ids: ids, targetPasses: passes, drafted: drafted, accepted: accepted)
        // end exercise
    }
    // end listing
}
