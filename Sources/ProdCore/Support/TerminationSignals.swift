import Dispatch
import Foundation

/// SIGTERM and SIGINT turned into a graceful stop: the default action is ignored and `handler`
/// runs on a dispatch queue instead. Keep the returned sources alive while the handling applies.
public enum TerminationSignals {
    public static func handle(_ handler: @escaping (Int32) -> Void) -> [any DispatchSourceSignal] {
        [SIGTERM, SIGINT].map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number)
            source.setEventHandler { handler(number) }
            source.resume()
            return source
        }
    }
}
