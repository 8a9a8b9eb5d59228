import Cache
import Foundation
import RerankCore

/// Each scorer's card with what only the build knows: the instruction it replaces the cases' with,
/// and the day its scores were computed (the newest score under its fingerprint in the cache, so a
/// rebuild from the same cache gives the same day, and the same bytes).
func modelCards(_ scorers: [ConfiguredScorer], cache: ScoreCache) -> [ScorerCard] {
    scorers.map { configured in
        var card = configured.scorer.card
        if let instruction = configured.instructionOverride { card.instruction = instruction }
        if let seconds = try? cache.newestScoreTime(scorer: configured.scorer.fingerprint) {
            card.scoredOn = utcDay(seconds)
        }
        return card
    }
}

/// YYYY-MM-DD in UTC.
func utcDay(_ secondsSince1970: Double) -> String {
    let formatter = DateFormatter()
    formatter.locale = Locale(identifier: "en_US_POSIX")
    formatter.timeZone = TimeZone(identifier: "UTC")
    formatter.dateFormat = "yyyy-MM-dd"
    return formatter.string(from: Date(timeIntervalSince1970: secondsSince1970))
}

/// The configured check settings with the pairs `parity:` keys name among the scorers this build
/// ran (not those left out with --scorer, nor optional ones whose model is missing).
func checkSettings(_ settings: ScorerCheckSettings, scorers: [CheckedScorer], run: [String]) -> ScorerCheckSettings {
    var settings = settings
    let ids = Set(run)
    settings.parityPairs = scorers.compactMap { s in
        guard let other = s.parity?.text, ids.contains(other), ids.contains(s.config.id), other != s.config.id else { return nil }
        return ScorerPair(first: other, second: s.config.id)
    }
    return settings
}
