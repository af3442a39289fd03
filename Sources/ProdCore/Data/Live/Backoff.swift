/// Waiting before a retry: `milliseconds` plus up to half as much again at random, so that many
/// clients cut off together do not come back together. Network timing only; never an engine input.
enum Backoff {
    static func sleep(milliseconds: Int) async throws {
        try await Task.sleep(for: .milliseconds(milliseconds + Int.random(in: 0...(milliseconds / 2))))
    }
}
