@testable import EngineCluster
import Foundation
import Testing

/// The engine is freed off the caller's thread, and freed at all.
struct BackgroundReleaseTests {
    final class Tracked {
        let freed: DispatchSemaphore
        let freedOn: UnsafeMutablePointer<pthread_t?>
        init(freed: DispatchSemaphore, freedOn: UnsafeMutablePointer<pthread_t?>) {
            self.freed = freed
            self.freedOn = freedOn
        }
        deinit {
            freedOn.pointee = pthread_self()
            freed.signal()
        }
    }

    @Test func theLastReleaseHappensOnAnotherThread() {
        let freed = DispatchSemaphore(value: 0)
        let freedOn = UnsafeMutablePointer<pthread_t?>.allocate(capacity: 1)
        freedOn.initialize(to: nil)
        defer { freedOn.deallocate() }
        func handOff() {
            let object = Tracked(freed: freed, freedOn: freedOn)
            BackgroundRelease.release(object)
            // Keep the caller's reference a while: the thread must wait for it, not free early.
            usleep(20_000)
            withExtendedLifetime(object) {}
        }
        handOff()
        #expect(freed.wait(timeout: .now() + 5) == .success)
        #expect(freedOn.pointee != nil)
        #expect(freedOn.pointee.map { pthread_equal($0, pthread_self()) == 0 } == true)
    }
}
