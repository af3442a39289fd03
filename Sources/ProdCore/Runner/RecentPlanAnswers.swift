/// The answers to the last plans a runner saw, so a re-sent id (a brain unsure whether its plan
/// arrived) gets its answer again at once; an older id is looked up in the store, and only if
/// `mayHaveSeen` it. Bounded: a runner that lives for months keeps `capacity` answers, not one per plan.
struct RecentPlanAnswers {
    static let capacity = 1_024
    private var answers: [String: RunnerMessage.PlanAnswer] = [:]
    private var seen = PlanIdFilter()
    /// Ids in the order they came, as a ring: `oldest` is the next to go.
    private var ids: [String] = []
    private var oldest = 0

    subscript(id: String) -> RunnerMessage.PlanAnswer? { answers[id] }

    /// `false` when no plan of the run had this id: the store need not be asked.
    func mayHaveSeen(_ id: String) -> Bool { seen.mayContain(id) }

    /// Ids the run recorded before this process (read from the store at start-up).
    mutating func noteRecorded(_ id: String) { seen.insert(id) }

    mutating func keep(_ answer: RunnerMessage.PlanAnswer, for id: String) {
        seen.insert(id)
        guard answers.updateValue(answer, forKey: id) == nil else { return }
        if ids.count < Self.capacity {
            ids.append(id)
        } else {
            answers[ids[oldest]] = nil
            ids[oldest] = id
            oldest = (oldest + 1) % Self.capacity
        }
    }
}
