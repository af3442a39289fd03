/// The agents' journal cannot be read or written: the message names the file and the cause.
public struct BrainJournalError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
