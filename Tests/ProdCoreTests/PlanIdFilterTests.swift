@testable import ProdCore
import Testing

/// The runner skips the store's duplicate check for an id the filter says it never saw, so a
/// false "never seen" would apply a re-sent plan twice: it must not happen, however many ids.
struct PlanIdFilterTests {
    @Test func anIdOnceInsertedIsAlwaysReportedAsPossiblySeen() {
        var filter = PlanIdFilter()
        let ids = (0..<200_000).map { "brain-\($0)" }
        for id in ids { filter.insert(id) }
        #expect(ids.allSatisfy(filter.mayContain))
    }

    @Test func newIdsAreMostlyKnownToBeNewAtARunsUsualSize() {
        var filter = PlanIdFilter()
        for number in 0..<50_000 { filter.insert("brain-\(number)") }
        let unseen = (0..<100_000).map { "other-\($0)" }
        let wrong = unseen.count(where: filter.mayContain)
        // 3 hashes over 2^20 bits hold 50,000 ids at about 0.3 % false positives.
        #expect(wrong < 1_000, "\(wrong) of \(unseen.count) unseen ids looked seen")
    }

    @Test func anEmptyFilterHasSeenNothing() {
        #expect(!PlanIdFilter().mayContain("brain-1"))
        #expect(!PlanIdFilter().mayContain(""))
    }
}
